import { describe, expect, it } from 'vitest';
import {
  formatAxisNumber,
  formatBytes,
  formatCount,
  formatDateTime,
  formatDuration,
  formatMetricValue,
  formatPercent,
  formatScore,
  runDurationMs,
  shortHash,
} from './format';

describe('format', () => {
  it('shows scores to three decimals and a dash when missing', () => {
    expect(formatScore(0.41234)).toBe('0.412');
    expect(formatScore(1)).toBe('1.000');
    expect(formatScore(null)).toBe('—');
    expect(formatScore(Number.NaN)).toBe('—');
  });

  it('shows durations in their two largest units', () => {
    expect(formatDuration(4_200)).toBe('4s');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(3_725_000)).toBe('1h 02m');
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000)).toBe('2d 03h');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
  });

  it('measures a run from start to finish, or to now while it runs', () => {
    const start = '2026-01-01T00:00:00.000Z';
    expect(runDurationMs(start, '2026-01-01T00:01:00.000Z', 0)).toBe(60_000);
    expect(runDurationMs(start, null, Date.parse('2026-01-01T00:00:10.000Z'))).toBe(10_000);
    expect(runDurationMs(null, null, 0)).toBeNull();
  });

  it('prints dates in UTC to the minute', () => {
    expect(formatDateTime('2026-11-29T22:18:59.999Z')).toBe('2026-11-29 22:18');
    expect(formatDateTime('not a date')).toBe('—');
  });
});

describe('format', () => {
  it('formats bytes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25.0 MiB');
    expect(formatBytes(300 * 1024 ** 3)).toBe('300 GiB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('formats counts, hashes, timestamps and axis numbers', () => {
    expect(formatCount(12885)).toBe('12,885');
    expect(formatPercent(0.25)).toBe('25.0%');
    expect(formatPercent(null)).toBe('—');
    expect(shortHash('a'.repeat(64))).toBe('aaaaaaaaaaaa');
    expect(shortHash(null)).toBe('—');
    expect(formatAxisNumber(0.000123)).toBe('1.2e-4');
    expect(formatAxisNumber(0.25)).toBe('0.25');
    expect(formatAxisNumber(1234)).toBe('1234');
    expect(formatMetricValue(0.123456)).toBe('0.1235');
    expect(formatMetricValue(null)).toBe('—');
  });
});
