// The runs table's columns: what the picker offers, which can be sorted on the server, and
// which show by default. The URL names them by key (`cols=status,name,f1`).
import type { RunSort } from '@/graphql/generated/graphql';

export const COLUMN_KEYS = [
  'status',
  'name',
  'approach',
  'member',
  'tags',
  'model',
  'inputSize',
  'loss',
  'f1',
  'rareF1',
  'duration',
  'backend',
  'created',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

export interface ColumnSpec {
  label: string;
  /** Header tooltip / accessible description. */
  description: string;
  numeric: boolean;
  /** The server orderings of this column, when it is sortable. */
  sort?: { asc: RunSort; desc: RunSort; firstDirection: 'asc' | 'desc' };
}

type SortSpec = NonNullable<ColumnSpec['sort']>;

export const COLUMNS: Record<ColumnKey, ColumnSpec> &
  Record<SortableColumnKey, { sort: SortSpec }> = {
  status: {
    label: 'Status',
    description: 'Lifecycle state (sorted queued, running, succeeded, failed, cancelled)',
    numeric: false,
    sort: { asc: 'STATUS_ASC', desc: 'STATUS_DESC', firstDirection: 'asc' },
  },
  name: {
    label: 'Name',
    description: 'Run name',
    numeric: false,
    sort: { asc: 'NAME_ASC', desc: 'NAME_DESC', firstDirection: 'asc' },
  },
  approach: { label: 'Approach', description: 'What was tried', numeric: false },
  member: { label: 'Member', description: 'Who owns the run', numeric: false },
  tags: { label: 'Tags', description: 'Labels', numeric: false },
  model: { label: 'Model', description: 'Architecture (config model.name)', numeric: false },
  inputSize: { label: 'Input', description: 'Input size in pixels', numeric: true },
  loss: { label: 'Loss', description: 'Loss function', numeric: false },
  f1: {
    label: 'Macro F1',
    description: 'Best validation macro F1',
    numeric: true,
    sort: { asc: 'BEST_MACRO_F1_ASC', desc: 'BEST_MACRO_F1_DESC', firstDirection: 'desc' },
  },
  rareF1: {
    label: 'Rare F1',
    description: 'Mean F1 of the five rarest classes in the best validation evaluation',
    numeric: true,
    sort: { asc: 'RARE_CLASS_F1_ASC', desc: 'RARE_CLASS_F1_DESC', firstDirection: 'desc' },
  },
  duration: {
    label: 'Duration',
    description: 'From start to finish (so far, for a running run)',
    numeric: true,
    sort: { asc: 'DURATION_ASC', desc: 'DURATION_DESC', firstDirection: 'desc' },
  },
  backend: { label: 'Backend', description: 'TensorFlow.js backend', numeric: false },
  created: {
    label: 'Created',
    description: 'When the run was created (UTC)',
    numeric: true,
    sort: { asc: 'CREATED_ASC', desc: 'CREATED_DESC', firstDirection: 'desc' },
  },
};

export const DEFAULT_COLUMNS: readonly ColumnKey[] = COLUMN_KEYS;

export function isColumnKey(value: string): value is ColumnKey {
  return (COLUMN_KEYS as readonly string[]).includes(value);
}

export type SortableColumnKey = 'status' | 'name' | 'f1' | 'rareF1' | 'duration' | 'created';
export const SORTABLE_COLUMNS: readonly SortableColumnKey[] = [
  'status',
  'name',
  'f1',
  'rareF1',
  'duration',
  'created',
];
