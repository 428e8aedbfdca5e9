// A run's line sample (its colour and dash from src/lib/run-styles.ts) beside its name, so every
// legend and table of the compare page ties a run to its lines the same way.
import type { RunStyle } from '@/lib/run-styles';

export function RunSwatch({
  style,
  width = 20,
  dimmed = false,
}: {
  style: RunStyle;
  width?: number;
  /** A run hidden from the charts: its sample fades. */
  dimmed?: boolean;
}) {
  return (
    <svg width={width} height={8} aria-hidden="true" className="shrink-0">
      <line
        x1={0}
        x2={width}
        y1={4}
        y2={4}
        stroke={style.color}
        strokeWidth={3}
        strokeDasharray={style.dash}
        opacity={dimmed ? 0.35 : 1}
      />
    </svg>
  );
}
