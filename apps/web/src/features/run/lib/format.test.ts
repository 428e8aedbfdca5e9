import { describe, expect, it } from 'vitest';
import {
  formatAxisNumber,
  formatBytes,
  formatCount,
  formatDuration,
  formatMetricValue,
  formatScore,
  formatTimestamp,
  runDurationMs,
  shortHash,
} from './format';

describe('format', () => {
  it('gives scores 3 decimals and a dash for missing values', () => {
    expect(formatScore(0.123456)).toBe('0.123');
    expect(formatScore(1)).toBe('1.000');
    expect(formatScore(null)).toBe('—');
    expect(formatScore(Number.NaN)).toBe('—');
  });

  it('formats bytes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25.0 MiB');
    expect(formatBytes(300 * 1024 ** 3)).toBe('300 GiB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('formats durations with their two largest units', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12.4 s');
    expect(formatDuration(187_000)).toBe('3 min 07 s');
    expect(formatDuration(2 * 3600_000 + 5 * 60_000)).toBe('2 h 05 min');
    expect(formatDuration(26 * 3600_000)).toBe('1 d 02 h');
    expect(formatDuration(null)).toBe('—');
  });

  it('measures a run from start to finish, or to now while it runs', () => {
    const now = new Date('2026-01-01T01:00:00.000Z');
    expect(
      runDurationMs(
        { startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:30:00.000Z' },
        now,
      ),
    ).toBe(1_800_000);
    expect(runDurationMs({ startedAt: '2026-01-01T00:00:00.000Z', finishedAt: null }, now)).toBe(
      3_600_000,
    );
    expect(runDurationMs({ startedAt: null }, now)).toBeNull();
  });

  it('formats counts, hashes, timestamps and axis numbers', () => {
    expect(formatCount(12885)).toBe('12,885');
    expect(shortHash('a'.repeat(64))).toBe('aaaaaaaaaaaa');
    expect(shortHash(null)).toBe('—');
    expect(formatTimestamp('2026-11-29T22:17:13.000Z')).toBe('2026-11-29 22:17 UTC');
    expect(formatTimestamp('nonsense')).toBe('—');
    expect(formatAxisNumber(0.000123)).toBe('1.2e-4');
    expect(formatAxisNumber(0.25)).toBe('0.25');
    expect(formatAxisNumber(1234)).toBe('1234');
    expect(formatMetricValue(0.123456)).toBe('0.1235');
    expect(formatMetricValue(null)).toBe('—');
  });
});
