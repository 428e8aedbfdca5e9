// Run status as colour AND text AND symbol, so no one needs to tell colours apart: Okabe-Ito
// hues (colour-blind safe), each with its own glyph; the label is always printed beside it.
export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type RunStatusValue = (typeof RUN_STATUSES)[number];

export interface StatusStyle {
  label: string;
  /** Okabe-Ito colour of the glyph (the text keeps the normal text colour for contrast). */
  color: string;
  /** A shape that differs per status, for greyscale prints and colour-blind readers. */
  glyph: string;
}

export const STATUS_STYLES: Record<RunStatusValue, StatusStyle> = {
  QUEUED: { label: 'Queued', color: '#E69F00', glyph: '◷' },
  RUNNING: { label: 'Running', color: '#0072B2', glyph: '▶' },
  SUCCEEDED: { label: 'Succeeded', color: '#009E73', glyph: '✓' },
  FAILED: { label: 'Failed', color: '#D55E00', glyph: '✕' },
  CANCELLED: { label: 'Cancelled', color: '#8C8C8C', glyph: '■' },
};

export function isRunStatus(value: string): value is RunStatusValue {
  return (RUN_STATUSES as readonly string[]).includes(value);
}

/** The style of a status, or a neutral one for a value this build does not know yet. */
export function statusStyle(status: string): StatusStyle {
  return isRunStatus(status)
    ? STATUS_STYLES[status]
    : { label: status.toLowerCase(), color: '#8C8C8C', glyph: '?' };
}
