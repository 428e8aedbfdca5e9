import { describe, expect, it } from 'vitest';
import { DatasetError } from './dataset-error.ts';
import { formatTrainCsv, parseSubmissionIds, parseTrainCsv } from './label-csv.ts';

function errorOf(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DatasetError) return error;
    throw error;
  }
  throw new Error('expected a DatasetError');
}

describe('parseTrainCsv', () => {
  it('parses ids and sorted labels, tolerating CRLF and a BOM', () => {
    const rows = parseTrainCsv('\uFEFFId,Target\r\na1,16 0\r\nb2,27\r\n', 'train.csv');
    expect(rows).toEqual([
      { id: 'a1', labels: [0, 16] },
      { id: 'b2', labels: [27] },
    ]);
  });

  it('round-trips through formatTrainCsv', () => {
    const rows = [
      { id: 'x', labels: [1, 2] },
      { id: 'y', labels: [0] },
    ];
    expect(parseTrainCsv(formatTrainCsv(rows), 'f.csv')).toEqual(rows);
  });

  it.each([
    ['Id,Label\na,1\n', 'bad-header', 1, 'expected "Id,Target"'],
    ['Id,Target\na,1\nb,\n', 'empty-target', 3, 'empty Target for Id "b"'],
    ['Id,Target\na,1 31\n', 'bad-label', 2, 'label "31"'],
    ['Id,Target\na,-1\n', 'bad-label', 2, 'outside 0..27'],
    ['Id,Target\na,1\nb,2\na,3\n', 'duplicate-id', 4, 'first seen on line 2'],
    ['Id,Target\na,1,2\n', 'bad-row', 2, 'expected 2'],
    ['Id,Target\n../x,1\n', 'bad-id', 2, 'invalid Id'],
    ['Id,Target\n', 'empty-dataset', undefined, 'no samples'],
  ])('rejects %j with %s on line %s', (text, code, line, message) => {
    const error = errorOf(() => parseTrainCsv(text, '/data/train.csv'));
    expect(error.code).toBe(code);
    expect(error.line).toBe(line);
    expect(error.file).toBe('/data/train.csv');
    expect(error.message).toContain('/data/train.csv');
    expect(error.message).toContain(message);
  });
});

describe('parseSubmissionIds', () => {
  it('keeps the order of sample_submission.csv', () => {
    expect(parseSubmissionIds('Id,Predicted\nz,0\na,\n', 's.csv')).toEqual(['z', 'a']);
  });
});
