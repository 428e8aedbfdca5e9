// Parsers for the Kaggle CSV files. Strict on purpose: a silently dropped row or label would
// change the validation set and make runs incomparable, so every oddity is an error with a line.
import { DatasetError } from './dataset-error.ts';
import { NUM_CLASSES } from './classes.ts';

export interface LabeledRow {
  id: string;
  /** Sorted, distinct class indices in 0..27. */
  labels: number[];
}

// Kaggle ids are UUID-like; anything that could escape the image folder is refused.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function splitLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  return lines;
}

function checkHeader(lines: string[], file: string, expected: string): void {
  const header = lines[0]?.trim();
  if (header === undefined) {
    throw new DatasetError({ file, line: 1, code: 'bad-header', problem: 'file is empty' });
  }
  if (header !== expected) {
    throw new DatasetError({
      file,
      line: 1,
      code: 'bad-header',
      problem: `header is "${header}", expected "${expected}"`,
    });
  }
}

function parseId(raw: string, file: string, line: number, seen: Map<string, number>): string {
  const id = raw.trim();
  if (!ID_PATTERN.test(id)) {
    throw new DatasetError({ file, line, code: 'bad-id', problem: `invalid Id "${id}"` });
  }
  const first = seen.get(id);
  if (first !== undefined) {
    throw new DatasetError({
      file,
      line,
      code: 'duplicate-id',
      problem: `duplicate Id "${id}" (first seen on line ${first})`,
    });
  }
  seen.set(id, line);
  return id;
}

function parseLabels(target: string, id: string, file: string, line: number): number[] {
  const tokens = target.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) {
    throw new DatasetError({
      file,
      line,
      code: 'empty-target',
      problem: `empty Target for Id "${id}"`,
    });
  }
  const labels = new Set<number>();
  for (const token of tokens) {
    const value = /^\d+$/.test(token) ? Number(token) : Number.NaN;
    if (!Number.isInteger(value) || value < 0 || value >= NUM_CLASSES) {
      throw new DatasetError({
        file,
        line,
        code: 'bad-label',
        problem: `label "${token}" for Id "${id}" is outside 0..${NUM_CLASSES - 1}`,
      });
    }
    if (labels.has(value)) {
      throw new DatasetError({
        file,
        line,
        code: 'bad-label',
        problem: `label ${value} is listed twice for Id "${id}"`,
      });
    }
    labels.add(value);
  }
  return [...labels].sort((a, b) => a - b);
}

/** Parses a `train.csv` (header `Id,Target`, Target = space-separated class ids). */
export function parseTrainCsv(text: string, file: string): LabeledRow[] {
  const lines = splitLines(text);
  checkHeader(lines, file, 'Id,Target');
  const seen = new Map<string, number>();
  const rows: LabeledRow[] = [];
  for (let i = 1; i < lines.length; i += 1) {
    const lineNo = i + 1;
    const cells = (lines[i] ?? '').split(',');
    if (cells.length !== 2) {
      throw new DatasetError({
        file,
        line: lineNo,
        code: 'bad-row',
        problem: `expected 2 comma-separated fields (Id,Target), got ${cells.length}`,
      });
    }
    const id = parseId(cells[0] ?? '', file, lineNo, seen);
    rows.push({ id, labels: parseLabels(cells[1] ?? '', id, file, lineNo) });
  }
  if (rows.length === 0) {
    throw new DatasetError({ file, code: 'empty-dataset', problem: 'no samples after the header' });
  }
  return rows;
}

/**
 * Parses the ids of a `sample_submission.csv` (header `Id,Predicted`); the Predicted column is
 * ignored. It fixes the order of a test folder's predictions.
 */
export function parseSubmissionIds(text: string, file: string): string[] {
  const lines = splitLines(text);
  checkHeader(lines, file, 'Id,Predicted');
  const seen = new Map<string, number>();
  const ids: string[] = [];
  for (let i = 1; i < lines.length; i += 1) {
    const cells = (lines[i] ?? '').split(',');
    if (cells.length !== 2) {
      throw new DatasetError({
        file,
        line: i + 1,
        code: 'bad-row',
        problem: `expected 2 comma-separated fields (Id,Predicted), got ${cells.length}`,
      });
    }
    ids.push(parseId(cells[0] ?? '', file, i + 1, seen));
  }
  return ids;
}

/** Serializes rows back to the Kaggle `train.csv` form. */
export function formatTrainCsv(rows: readonly LabeledRow[]): string {
  return ['Id,Target', ...rows.map((r) => `${r.id},${r.labels.join(' ')}`)].join('\n') + '\n';
}
