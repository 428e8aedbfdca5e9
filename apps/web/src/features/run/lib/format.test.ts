import { describe, expect, it } from 'vitest';
import {
  formatAxisNumber,
  formatBytes,
  formatCount,
  formatMetricValue,
  formatPercent,
  shortHash,
} from './format';

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
