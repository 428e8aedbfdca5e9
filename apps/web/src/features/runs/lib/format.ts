// Number and time formats of the tables: F1 to 3 decimals, durations in the two largest units,
// dates in UTC (the team is spread out; the API stores UTC). Missing values are an em dash.
export const MISSING = '—';

export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? MISSING
    : value.toFixed(3);
}

/** 3725000 ms -> "1h 02m"; 65000 -> "1m 05s"; 4200 -> "4s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return MISSING;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${String(hours % 24).padStart(2, '0')}h`;
}

/** How long a run has taken: finished - started, or now - started while it is still going. */
export function runDurationMs(
  startedAt: string | null | undefined,
  finishedAt: string | null | undefined,
  now: number,
): number | null {
  if (!startedAt) return null;
  const start = Date.parse(startedAt);
  const end = finishedAt ? Date.parse(finishedAt) : now;
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : null;
}

/** "2026-11-29 22:18" (UTC). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return MISSING;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return MISSING;
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

export function formatInteger(value: number | null | undefined): string {
  return value === null || value === undefined ? MISSING : value.toLocaleString('en-US');
}
