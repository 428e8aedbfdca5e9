import { describe, expect, it } from 'vitest';
import { isRunId } from './run-id';

describe('isRunId', () => {
  it('accepts UUIDs only', () => {
    expect(isRunId('0b6f7a52-3c1d-4e8f-9a2b-1c3d5e7f9a0b')).toBe(true);
    expect(isRunId('not-a-uuid')).toBe(false);
    expect(isRunId('0b6f7a52-3c1d-4e8f-9a2b-1c3d5e7f9a0b/../x')).toBe(false);
  });
});
