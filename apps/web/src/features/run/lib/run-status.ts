// How a run's status looks: a colour AND a word (never colour alone), from the Okabe-Ito hues
// so the states stay apart for colour-blind readers. Accepts the enum in either spelling
// (`running` or `RUNNING`) so the page does not break when the schema's enum style changes.

export type RunStatusName = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface StatusStyle {
  label: string;
  /** Dot colour. */
  color: string;
  /** Whether the run may still change (curves grow, cancel makes sense). */
  live: boolean;
}

const STYLES: Record<RunStatusName, StatusStyle> = {
  queued: { label: 'queued', color: '#999999', live: true },
  running: { label: 'running', color: '#0072B2', live: true },
  succeeded: { label: 'succeeded', color: '#009E73', live: false },
  failed: { label: 'failed', color: '#D55E00', live: false },
  cancelled: { label: 'cancelled', color: '#E69F00', live: false },
};

export function statusStyle(status: string): StatusStyle {
  const key = status.toLowerCase() as RunStatusName;
  return STYLES[key] ?? { label: status.toLowerCase(), color: '#999999', live: false };
}
