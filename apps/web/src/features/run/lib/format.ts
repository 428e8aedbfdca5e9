// Number and text formatting of the run page. Every number a person reads goes through here, so
// precision is the same everywhere (F1 to 3 decimals, as the design notes ask).

const EM_DASH = '—';

/** F1, precision, recall, thresholds: 3 decimals; a missing value is a dash, not 0. */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EM_DASH;
  return value.toFixed(3);
}

/** Counts with thousands separators (TP, FP, support...). */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EM_DASH;
  return Math.round(value).toLocaleString('en-US');
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

/** Milliseconds as the two largest units: "2 h 05 min", "3 min 07 s", "12.4 s", "850 ms". */
export function formatDuration(milliseconds: number | null | undefined): string {
  if (milliseconds === null || milliseconds === undefined || !Number.isFinite(milliseconds)) {
    return EM_DASH;
  }
  const ms = Math.max(0, milliseconds);
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days} d ${pad(hours)} h`;
  if (hours > 0) return `${hours} h ${pad(minutes)} min`;
  return `${minutes} min ${pad(seconds)} s`;
}

/**
 * How long a run took: start to finish, or start to `now` while it runs. A run never started
 * has no duration.
 */
export function runDurationMs(
  run: { startedAt?: string | null; finishedAt?: string | null },
  now: Date,
): number | null {
  if (!run.startedAt) return null;
  const start = Date.parse(run.startedAt);
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now.getTime();
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
  return Math.max(0, end - start);
}

/** The first 12 hex characters of a SHA-256 fingerprint, enough to tell datasets apart. */
export function shortHash(hash: string | null | undefined, length = 12): string {
  if (!hash) return EM_DASH;
  return hash.length > length ? hash.slice(0, length) : hash;
}

/** A UTC timestamp people can read and sort: "2026-11-29 22:17 UTC". */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return EM_DASH;
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return EM_DASH;
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
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
