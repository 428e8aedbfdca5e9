import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/errors.ts';
import { encodeMetricBatch } from './metric-batch.ts';

function failure(points: unknown): ApiError {
  try {
    encodeMetricBatch(points as never);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the batch to be refused');
}

describe('encodeMetricBatch', () => {
  it('encodes each column as a Postgres array literal, quoting keys', () => {
    const batch = encodeMetricBatch([
      { key: 'NULL', step: 0, value: 0.1 + 0.2 },
      { key: 'train/loss', step: 7, value: -5e-324, wallTime: new Date(Date.UTC(2026, 0, 1)) },
    ]);
    expect(batch).toEqual({
      count: 2,
      distinctKeys: '{"NULL","train/loss"}',
      keyIndexes: '{1,2}',
      steps: '{0,7}',
      values: '{0.30000000000000004,-5e-324}',
      wallTimes: '{NULL,2026-01-01T00:00:00.000Z}',
    });
  });

  it('sends no wall-time column when no point has one', () => {
    expect(encodeMetricBatch([{ key: 'a', step: 1, value: 1 }]).wallTimes).toBeNull();
  });

  it('names every bad field, as parseInput does', () => {
    const error = failure([
      { key: 'ok', step: 0, value: 1 },
      { key: 'x y', step: -1, value: Number.NaN },
      { key: 'ok', step: 1.5, value: Number.POSITIVE_INFINITY, wallTime: new Date('nope') },
    ]);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fields).toEqual([
      'points.1.key: must be 1-200 letters, digits or _ - . / characters',
      'points.1.step: must be 0 or more',
      'points.1.value: must be a finite number (not NaN or infinite)',
      'points.2.step: must be an integer',
      'points.2.value: must be a finite number (not NaN or infinite)',
      'points.2.wallTime: must be a valid date',
    ]);
    expect(error.message).toContain('points.1.step: must be 0 or more');
  });

  it('refuses empty, oversized and repeated batches', () => {
    expect(failure([]).message).toContain('at least one point');
    const tooMany = Array.from({ length: 1001 }, (_, step) => ({ key: 'a', step, value: 1 }));
    expect(failure(tooMany).message).toContain('at most 1000 points');
    expect(failure([{ key: 'a', step: 2147483648, value: 1 }]).message).toContain('at most');
    const repeated = failure([
      { key: 'a', step: 1, value: 1 },
      { key: 'b', step: 1, value: 1 },
      { key: 'a', step: 1, value: 2 },
    ]);
    expect(repeated.message).toBe('points[2] repeats key a at step 1 (first at points[0])');
  });
});
