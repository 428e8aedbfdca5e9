'use client';
// The x range every curve chart shows, for the keyboard: two numbers and Apply (a drag across
// any chart sets the same range), and Reset to all of it. The fields follow the URL's zoom:
// they are keyed by it, so a drag or a reset refills them.
import { useState } from 'react';
import type { XRange } from '@/features/compare/lib/compare-url';
import { formatMetricValue } from '@/lib/format';

export function ZoomControls(props: {
  zoom: XRange | null;
  extent: [number, number] | null;
  xLabel: 'step' | 'epoch';
  onZoom: (zoom: XRange | null) => void;
}) {
  const key = props.zoom ? `${props.zoom.from}-${props.zoom.to}` : 'all';
  return <ZoomForm key={`${key}-${props.xLabel}`} {...props} />;
}

function ZoomForm({
  zoom,
  extent,
  xLabel,
  onZoom,
}: {
  zoom: XRange | null;
  extent: [number, number] | null;
  xLabel: 'step' | 'epoch';
  onZoom: (zoom: XRange | null) => void;
}) {
  const [from, setFrom] = useState(zoom ? String(zoom.from) : '');
  const [to, setTo] = useState(zoom ? String(zoom.to) : '');
  const [problem, setProblem] = useState<string | null>(null);
  if (!extent) return null;
  const apply = () => {
    const lo = from.trim() === '' ? extent[0] : Number(from);
    const hi = to.trim() === '' ? extent[1] : Number(to);
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo < 0 || lo >= hi) {
      setProblem(`Give a ${xLabel} range with “from” below “to”.`);
      return;
    }
    setProblem(null);
    onZoom({ from: lo, to: hi });
  };
  return (
    <form
      className="flex flex-wrap items-center gap-2 text-xs"
      aria-label="Zoom of every curve chart"
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      <span className="text-muted">
        zoom (drag across a chart, or type a {xLabel} range; all charts follow):
      </span>
      <label className="flex items-center gap-1">
        from
        <input
          type="number"
          inputMode="decimal"
          min={0}
          step="any"
          value={from}
          placeholder={formatMetricValue(extent[0])}
          onChange={(event) => setFrom(event.target.value)}
          className="w-24 rounded border border-border bg-canvas px-1 py-0.5"
        />
      </label>
      <label className="flex items-center gap-1">
        to
        <input
          type="number"
          inputMode="decimal"
          min={0}
          step="any"
          value={to}
          placeholder={formatMetricValue(extent[1])}
          onChange={(event) => setTo(event.target.value)}
          className="w-24 rounded border border-border bg-canvas px-1 py-0.5"
        />
      </label>
      <button type="submit" className="rounded border border-border px-2 py-0.5 hover:bg-raised">
        Apply
      </button>
      <button
        type="button"
        disabled={!zoom}
        onClick={() => onZoom(null)}
        className="rounded border border-border px-2 py-0.5 hover:bg-raised disabled:opacity-50"
      >
        Reset zoom
      </button>
      {zoom ? (
        <span className="text-muted" data-testid="zoom-range">
          showing {xLabel} {formatMetricValue(zoom.from)}–{formatMetricValue(zoom.to)}
        </span>
      ) : null}
      {problem ? (
        <span role="alert" className="text-danger">
          {problem}
        </span>
      ) : null}
    </form>
  );
}
