// Number and text formatting of the run page, beside the runs table's (features/runs/lib/format:
// scores to 3 decimals, durations, dates), which the run page uses too so both read alike.
import { MISSING as EM_DASH } from '../../runs/lib/format';

// One formatter for every count: Number#toLocaleString builds a new one per call, which made
// the heatmap's 784 cell labels cost ~20 ms of the run page's first render.
const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Counts with thousands separators (TP, FP, support...). */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EM_DASH;
  return COUNT_FORMAT.format(Math.round(value));
}

/** A share in [0, 1] as a percentage with one decimal. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EM_DASH;
  return `${(value * 100).toFixed(1)}%`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Binary units, 3 significant digits from KiB up: 1536 -> "1.50 KiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return EM_DASH;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${value} B`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** The first 12 hex characters of a SHA-256 fingerprint, enough to tell datasets apart. */
export function shortHash(hash: string | null | undefined, length = 12): string {
  if (!hash) return EM_DASH;
  return hash.length > length ? hash.slice(0, length) : hash;
}

/** Axis ticks: compact, so 0.000123 and 12000 both fit a narrow axis. */
export function formatAxisNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 10_000 || magnitude < 0.001) return value.toExponential(1);
  if (magnitude >= 100) return value.toFixed(0);
  return String(Number(value.toPrecision(3)));
}

/** Chart values in tooltips: 4 significant digits. */
export function formatMetricValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EM_DASH;
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-4)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}
