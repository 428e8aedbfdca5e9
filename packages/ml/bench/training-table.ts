// The README table of training.bench.ts's result (printed at the end of a run and written to
// bench/results/training.md), so the figures in the README are the JSON's, not retyped.
import type { Spread } from '@hpa-lab/bench-kit';

export interface TableRow {
  size: number;
  reliable: boolean;
  torchLayouts: { train: string; infer: string };
  /** Rounds in which each PyTorch inference path was the fastest. */
  torchInferPaths?: Record<string, number>;
  summary: Record<
    string,
    {
      trainImagesPerSecond: number;
      inferImagesPerSecond: number;
      trainRatio: Spread | null;
      inferRatio: Spread | null;
    }
  >;
  torch: { trainImagesPerSecond: number; inferImagesPerSecond: number } | null;
}

export interface TableLoop {
  backend: string;
  size: number;
  /** Median of the per-turn ratios, and their range. */
  loopOverStep: number;
  loopOverStepRange: { min: number; max: number };
  loopImagesPerSecond: number;
  stepImagesPerSecond: number;
}

const ratio = (s: Spread | null) =>
  s ? `**${s.median.toFixed(2)}x** (${s.min.toFixed(2)}-${s.max.toFixed(2)})` : 'n/a';
const rate = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? 'n/a' : v >= 100 ? v.toFixed(0) : v.toFixed(1);

export function trainingTable(rows: readonly TableRow[], loop: TableLoop | null): string {
  const lines = [
    '| size | backend | training ratio, median (range) | inference ratio, median (range) | training img/s, ours / PyTorch | inference img/s, ours / PyTorch (its fastest path, rounds) | loop / step, median (range; img/s) | reliable |',
    '| ---- | ------- | ------------------------------ | ------------------------------- | ------------------------------ | ---------------------------------------------------------- | ---------------------------------- | -------- |',
  ];
  for (const row of rows) {
    // The peer the inference ratio is against: PyTorch's fastest path (most rounds' winner).
    const paths = Object.entries(row.torchInferPaths ?? {}).sort((a, b) => b[1] - a[1]);
    const inferPeer =
      paths.length > 0 ? ` (${paths.map(([p, n]) => `${p} ${n}x`).join(', ')})` : '';
    for (const [backend, s] of Object.entries(row.summary)) {
      const loopCell =
        loop && loop.backend === backend && loop.size === row.size
          ? `**${loop.loopOverStep.toFixed(2)}** (${loop.loopOverStepRange.min.toFixed(2)}-${loop.loopOverStepRange.max.toFixed(2)}; ${rate(loop.loopImagesPerSecond)} / ${rate(loop.stepImagesPerSecond)})`
          : '';
      lines.push(
        `| ${row.size} | ${backend} | ${ratio(s.trainRatio)} | ${ratio(s.inferRatio)} | ` +
          `${rate(s.trainImagesPerSecond)} / ${rate(row.torch?.trainImagesPerSecond)} | ` +
          `${rate(s.inferImagesPerSecond)} / ${rate(row.torch?.inferImagesPerSecond)}${inferPeer} | ` +
          `${loopCell} | ${row.reliable ? 'yes' : 'no'} |`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
