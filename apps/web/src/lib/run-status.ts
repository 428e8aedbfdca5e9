// Run status as colour AND text AND symbol, so no one needs to tell colours apart: Okabe-Ito
// hues (colour-blind safe), each with its own glyph; the label is always printed beside it.
// The statuses themselves are the pipeline's (@hpa-lab/ml/config), spelled as the GraphQL enum.
import { RUN_STATUSES } from '@hpa-lab/ml/config';
import type { RunStatus } from '@/graphql/generated/graphql';
import { NEUTRAL_GREY, OKABE_ITO } from '@/lib/palette';

export { RUN_STATUSES };

// The pipeline's list and the schema's enum name the same statuses, both ways round.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const statusesMatchSchema: Same<(typeof RUN_STATUSES)[number], RunStatus> = true;
void statusesMatchSchema;

export interface StatusStyle {
  label: string;
  /** Okabe-Ito colour of the glyph (the text keeps the normal text colour for contrast). */
  color: string;
  /** A shape that differs per status, for greyscale prints and colour-blind readers. */
  glyph: string;
}

export const STATUS_STYLES: Record<RunStatus, StatusStyle> = {
  QUEUED: { label: 'Queued', color: OKABE_ITO.orange, glyph: '◷' },
  RUNNING: { label: 'Running', color: OKABE_ITO.blue, glyph: '▶' },
  SUCCEEDED: { label: 'Succeeded', color: OKABE_ITO.bluishGreen, glyph: '✓' },
  FAILED: { label: 'Failed', color: OKABE_ITO.vermillion, glyph: '✕' },
  CANCELLED: { label: 'Cancelled', color: NEUTRAL_GREY, glyph: '■' },
};

export function isRunStatus(value: string): value is RunStatus {
  return (RUN_STATUSES as readonly string[]).includes(value);
}

/**
 * The style of a status. An API newer than this build may send a status the generated enum
 * does not list yet: it shows as its own text with a neutral glyph rather than failing.
 */
export function statusStyle(status: RunStatus): StatusStyle {
  return STATUS_STYLES[status] ?? { label: String(status), color: NEUTRAL_GREY, glyph: '?' };
}
