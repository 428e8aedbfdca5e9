// One look per compared run, the same on every chart of a page (curves, bars, heatmap rows,
// legends): the run's position in the comparison picks it. Eight hues that colour-blind readers
// still tell apart: Okabe-Ito without its black (which vanishes on the dark theme), then Paul
// Tol's grey. Past eight runs the hues repeat with a line dash, never a ninth hue (web-design.md).
import { OKABE_ITO, PAUL_TOL_GREY } from './palette';

/** The hues in order of use. */
export const RUN_HUES = [
  OKABE_ITO.orange,
  OKABE_ITO.skyBlue,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.yellow,
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.reddishPurple,
  PAUL_TOL_GREY,
] as const;

/** SVG stroke-dasharray per round of hues: solid, dashed, dotted (20 runs need three). */
export const RUN_DASHES = [undefined, '6 3', '2 2'] as const;

export interface RunStyle {
  color: string;
  /** stroke-dasharray; undefined = a solid line. */
  dash: string | undefined;
}

/** The style of the run at `index` (0-based) in the comparison. */
export function runStyle(index: number): RunStyle {
  const round = Math.floor(index / RUN_HUES.length);
  return {
    color: RUN_HUES[index % RUN_HUES.length]!,
    dash: RUN_DASHES[Math.min(round, RUN_DASHES.length - 1)],
  };
}

/** Styles by run id, in the order the runs are compared: what a page hands to every chart. */
export function runStyles(ids: readonly string[]): Map<string, RunStyle> {
  return new Map(ids.map((id, index) => [id, runStyle(index)]));
}
