// One run as the table and the CSV export show it: the API's fields plus the config values
// and the duration, derived once here so both agree.
import { type FragmentType, graphql, useFragment } from '@/graphql/generated';
import type { RunStatus } from '@/graphql/generated/graphql';
import { csvRow } from './csv';
import { formatDateTime, runDurationMs } from '@/lib/format';
import { summarizeRunConfig } from '@/lib/run-config-summary';

/** What a row reads of a run: the runs page's query and the CSV export's spread it. */
export const RunRowFragment = graphql(`
  fragment RunRow_Run on Run {
    id
    name
    approach
    status
    tags
    config
    backend
    bestMacroF1
    rareClassF1
    createdAt
    startedAt
    finishedAt
    owner {
      id
      name
    }
  }
`);

export interface RunRow {
  id: string;
  name: string;
  approach: string;
  status: RunStatus;
  memberId: string;
  member: string;
  tags: readonly string[];
  model: string | null;
  inputSize: number | null;
  loss: string | null;
  f1: number | null;
  rareF1: number | null;
  durationMs: number | null;
  backend: string | null;
  createdAt: string;
}

export function toRunRow(ref: FragmentType<typeof RunRowFragment>, now: number): RunRow {
  const node = useFragment(RunRowFragment, ref);
  const config = summarizeRunConfig(node.config);
  return {
    id: node.id,
    name: node.name,
    approach: node.approach,
    status: node.status,
    memberId: node.owner.id,
    member: node.owner.name,
    tags: node.tags,
    model: config.model,
    inputSize: config.inputSize,
    loss: config.loss,
    f1: node.bestMacroF1 ?? null,
    rareF1: node.rareClassF1 ?? null,
    durationMs: runDurationMs(node.startedAt, node.finishedAt, now),
    backend: node.backend ?? null,
    createdAt: node.createdAt,
  };
}

/** CSV columns: every table column (whatever the picker shows), plus the run id first. */
const CSV_COLUMNS: { header: string; value: (row: RunRow) => string | number | null }[] = [
  { header: 'id', value: (row) => row.id },
  { header: 'status', value: (row) => row.status },
  { header: 'name', value: (row) => row.name },
  { header: 'approach', value: (row) => row.approach },
  { header: 'member', value: (row) => row.member },
  { header: 'tags', value: (row) => row.tags.join(' ') },
  { header: 'model', value: (row) => row.model },
  { header: 'input_size', value: (row) => row.inputSize },
  { header: 'loss', value: (row) => row.loss },
  { header: 'best_macro_f1', value: (row) => row.f1 },
  { header: 'rare_class_f1', value: (row) => row.rareF1 },
  {
    header: 'duration_s',
    value: (row) => (row.durationMs === null ? null : Math.round(row.durationMs / 1000)),
  },
  { header: 'backend', value: (row) => row.backend },
  { header: 'created_utc', value: (row) => formatDateTime(row.createdAt) },
];

export function csvHeader(): string {
  return csvRow(CSV_COLUMNS.map((column) => column.header));
}

export function runCsvRow(row: RunRow): string {
  return csvRow(CSV_COLUMNS.map((column) => column.value(row)));
}
