// The 28x28 co-occurrence matrix -> heatmap cells. Row i holds the images whose truth has
// class i; column j counts those whose prediction has class j (multi-label, so a row sums to
// more than its support). Row-normalised, a cell is the share of class-i images predicted as
// j: the diagonal is recall, off-diagonal cells show which class i is mistaken for. The divisor
// is the class's support, not the row sum, because in a multi-label row the sum counts an
// image once per predicted label.
import { CLASS_NAMES } from '@/lib/class-names';
import { formatCount, formatPercent } from '@/lib/format';
import { rgbToHex, schemeColor, textColorOn, type SequentialScheme } from '@/lib/color-scale';

export interface HeatmapCell {
  row: number;
  column: number;
  count: number;
  /** count / support of the row class; null when the class has no support. */
  share: number | null;
  /** What the colour encodes, in [0, 1]. */
  intensity: number;
  fill: string;
  textColor: string;
  /** "Nucleoplasm → Cytosol: 120 images (35.0% of Nucleoplasm)". */
  label: string;
}

export interface HeatmapData {
  classNames: string[];
  cells: HeatmapCell[][];
  /** The value at the top of the colour scale: the largest count, or 1 when normalised. */
  max: number;
  normalized: boolean;
}

export function cooccurrenceCells(
  matrix: readonly (readonly number[])[],
  support: readonly number[],
  options: { normalized: boolean; scheme: SequentialScheme },
): HeatmapData {
  const size = matrix.length;
  const classNames = Array.from({ length: size }, (_, i) => CLASS_NAMES[i] ?? `class ${i}`);
  let maxCount = 0;
  for (const row of matrix) for (const count of row) if (count > maxCount) maxCount = count;
  const max = options.normalized ? 1 : maxCount;
  const cells = matrix.map((row, i) => {
    const rowSupport = support[i] ?? 0;
    return row.map((count, j): HeatmapCell => {
      const share = rowSupport > 0 ? count / rowSupport : null;
      const intensity = options.normalized ? (share ?? 0) : max > 0 ? count / max : 0;
      const rgb = schemeColor(options.scheme, Math.min(1, intensity));
      const from = classNames[i]!;
      const to = classNames[j]!;
      const shareText =
        share === null ? 'class has no images' : `${formatPercent(share)} of ${from}`;
      return {
        row: i,
        column: j,
        count,
        share,
        intensity,
        fill: rgbToHex(rgb),
        textColor: textColorOn(rgb),
        label: `true ${from} → predicted ${to}: ${formatCount(count)} ${count === 1 ? 'image' : 'images'} (${shareText})`,
      };
    });
  });
  return { classNames, cells, max, normalized: options.normalized };
}

/** Evenly spaced legend stops for a scale, as CSS colours. */
export function legendStops(scheme: SequentialScheme, count = 11): string[] {
  return Array.from({ length: count }, (_, i) => rgbToHex(schemeColor(scheme, i / (count - 1))));
}
