'use client';
// Live points on the compare page (issue 20): one runEvents stream (through /live/stream) per
// compared run that is still queued or running, each resuming from its cursor per curve
// (lib/live-compare-curves), so no point is lost or drawn twice. A stream ends when its run
// ends, or when the page closes or asks for other curves (the followers remount with new
// cursors). When one drops, the page says so and resubscribes every few seconds from where it
// was. At most MAX_LIVE_RUNS streams: a browser opens 6 connections per site over HTTP/1.1,
// and every stream holds one, so more would stall the page's own requests.
import { isTerminalRunStatus } from '@hpa-lab/ml/config';
import { Fragment, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  CompareLiveEventsDocument,
  type CompareLiveEventsSubscription,
} from '@/graphql/generated/graphql';
import type { CompactCurve } from '@/features/compare/lib/compare-curves';
import {
  appendRunPoints,
  mergeLiveCompareCurves,
  runCursor,
  type LiveCursor,
  type LivePoint,
  type LiveRunPoints,
} from '@/features/compare/lib/live-compare-curves';
import { openLiveStream } from '@/lib/live-stream';

export const MAX_LIVE_RUNS = 4;
/** While a run's stream is down: how long before it is tried again. */
const RETRY_MS = 5_000;

const NONE: LiveRunPoints = new Map();

interface FollowerProps {
  runId: string;
  cursor: (runId: string) => LiveCursor;
  onPoints: (runId: string, points: readonly LivePoint[]) => void;
  onNotice: (runId: string, notice: string | null) => void;
  /** The run ended: its stream is over. */
  onEnded: (runId: string) => void;
}

/** One run's stream; renders nothing. */
function RunFollower({ runId, cursor, onPoints, onNotice, onEnded }: FollowerProps) {
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let finished = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const dropped = (reason: string) => {
      if (finished) return;
      finished = true;
      onNotice(runId, reason);
      retry = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
    };
    const unsubscribe = openLiveStream<CompareLiveEventsSubscription>(
      CompareLiveEventsDocument.toString(),
      { runId, ...cursor(runId) },
      {
        next: (data) => {
          const event = data.runEvents;
          onNotice(runId, null);
          if (event.points.length > 0) onPoints(runId, event.points);
          if (event.run && isTerminalRunStatus(event.run.status)) {
            finished = true;
            onEnded(runId);
          }
        },
        complete: () => dropped('the stream ended'),
        fail: dropped,
      },
    );
    return () => {
      finished = true;
      clearTimeout(retry);
      unsubscribe();
    };
  }, [runId, attempt, cursor, onPoints, onNotice, onEnded]);
  return null;
}

/**
 * The curves with the live points of the compared runs that are still running, and what to
 * render for it (the streams and a notice while one is down).
 */
export function useLiveCurves(
  curves: readonly CompactCurve[],
  runs: readonly { id: string; name: string; status: string }[],
): { curves: readonly CompactCurve[]; live: ReactNode } {
  // Points belong to the curves they were merged into: new curves (other keys) start afresh.
  const [state, setState] = useState({ curves, points: NONE });
  const points = state.curves === curves ? state.points : NONE;
  const [notices, setNotices] = useState<ReadonlyMap<string, string>>(new Map());
  const merged = useMemo(() => mergeLiveCompareCurves(curves, points), [curves, points]);
  const keys = useMemo(() => curves.map((curve) => curve.key), [curves]);

  // The followers read the cursor when they (re)subscribe, not on every point.
  const latest = useRef({ curves, points, keys });
  latest.current = { curves, points, keys };
  const cursor = useCallback(
    (runId: string) => runCursor(latest.current.curves, latest.current.points, runId),
    [],
  );
  const onPoints = useCallback((runId: string, arrived: readonly LivePoint[]) => {
    const { curves: now, keys: drawn } = latest.current;
    setState((current) => {
      const base = current.curves === now ? current.points : NONE;
      return { curves: now, points: appendRunPoints(base, runId, arrived, drawn) };
    });
  }, []);
  const onNotice = useCallback(
    (runId: string, notice: string | null) =>
      setNotices((current) => {
        if ((current.get(runId) ?? null) === notice) return current;
        const next = new Map(current);
        if (notice === null) next.delete(runId);
        else next.set(runId, notice);
        return next;
      }),
    [],
  );

  const [ended, setEnded] = useState<ReadonlySet<string>>(new Set());
  const onEnded = useCallback(
    (runId: string) => {
      setEnded((current) => new Set(current).add(runId));
      onNotice(runId, null);
    },
    [onNotice],
  );

  const running = runs.filter((run) => !isTerminalRunStatus(run.status) && !ended.has(run.id));
  const followed = running.slice(0, MAX_LIVE_RUNS);
  const names = new Map(runs.map((run) => [run.id, run.name]));
  const live = (
    <>
      {/* Keyed by the curves' keys: other curves mean new streams from new cursors. */}
      <Fragment key={keys.join(',')}>
        {followed.map((run) => (
          <RunFollower
            key={run.id}
            runId={run.id}
            cursor={cursor}
            onPoints={onPoints}
            onNotice={onNotice}
            onEnded={onEnded}
          />
        ))}
      </Fragment>
      {notices.size > 0 ? (
        <p role="status" className="text-xs text-muted" data-testid="live-notice">
          Live updates interrupted for{' '}
          {[...notices]
            .map(([runId, reason]) => `${names.get(runId) ?? runId} (${reason})`)
            .join(', ')}
          ; trying again every {RETRY_MS / 1000} s.
        </p>
      ) : null}
      {followed.length > 0 ? (
        <p className="text-xs text-muted" data-testid="live-runs">
          New points are drawn as they are logged for {followed.map((run) => run.name).join(', ')}
          {running.length > followed.length
            ? `; reload for those of the ${running.length - followed.length} other running runs`
            : ''}
          .
        </p>
      ) : null}
    </>
  );
  return { curves: merged, live };
}
