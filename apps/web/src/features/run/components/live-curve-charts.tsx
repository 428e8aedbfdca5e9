'use client';
// The run page's curves while the run is queued or running: subscribes to the run's live
// events (through /live/stream), appends new points to the charts, and refreshes the server
// parts of the page (header status and duration, evaluations, files) when the run's state
// changes or an evaluation or file arrives. When the stream drops it says so, polls the page,
// and resubscribes from the last step drawn per curve, so nothing is lost or drawn twice.
import { isTerminalRunStatus } from '@hpa-lab/ml/config';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import type {
  CurveCharts_CurveFragment,
  RunLiveEventsSubscription,
  RunStatus,
} from '@/graphql/generated/graphql';
import { RunLiveEventsDocument } from '@/graphql/generated/graphql';
import { openLiveStream } from '@/lib/live-stream';
import { CURVE_KEYS } from '@/features/run/lib/curve-panels';
import {
  appendLivePoints,
  liveCursor,
  mergeLiveCurves,
  type LivePoints,
} from '@/features/run/lib/live-curves';
import { CurveCharts, type CurveChartsProps } from './curve-charts';

/** While the stream is down: how often the page is reloaded from the server and a resume tried. */
const POLL_MS = 5_000;
/** Several changes in a burst (an evaluation, then the status) cost one refresh. */
const REFRESH_DEBOUNCE_MS = 300;

export function LiveCurveCharts({
  runId,
  status,
  curves,
  evaluationSteps,
}: CurveChartsProps & { runId: string; status: RunStatus }) {
  const router = useRouter();
  const [live, setLive] = useState<LivePoints>(() => new Map());
  const [notice, setNotice] = useState<string | null>(null);
  /** Bumped to resubscribe after a drop. */
  const [attempt, setAttempt] = useState(0);
  const [ended, setEnded] = useState(() => isTerminalRunStatus(status));
  const merged = useMemo(() => mergeLiveCurves(curves, live, runId), [curves, live, runId]);
  // The subscription reads the cursor when it (re)starts, not on every point.
  const mergedRef = useRef<CurveCharts_CurveFragment[]>(merged);
  mergedRef.current = merged;

  useEffect(() => {
    if (ended) return;
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    let finished = false;
    const refresh = () => {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => router.refresh(), REFRESH_DEBOUNCE_MS);
    };
    const dropped = (reason: string) => {
      if (finished) return;
      finished = true;
      setNotice(`Live updates interrupted (${reason}). Checking for new data every 5 s.`);
      pollTimer = setTimeout(() => {
        router.refresh();
        setAttempt((n) => n + 1);
      }, POLL_MS);
    };
    const cursor = liveCursor(mergedRef.current, CURVE_KEYS);
    const unsubscribe = openLiveStream<RunLiveEventsSubscription>(
      RunLiveEventsDocument.toString(),
      { runId, ...cursor },
      {
        next: (data) => {
          const event = data.runEvents;
          setNotice(null);
          if (event.points.length > 0) {
            setLive((current) => appendLivePoints(current, event.points, CURVE_KEYS));
          }
          if (event.evaluations.length > 0 || event.artifacts.length > 0) refresh();
          if (event.run && event.run.status !== status) refresh();
          if (event.run && isTerminalRunStatus(event.run.status)) {
            finished = true;
            // At once: ending the stream unmounts this effect, which cancels a debounced one.
            clearTimeout(refreshTimer);
            router.refresh();
            setEnded(true);
          }
        },
        complete: () => {
          if (!finished) dropped('the stream ended');
        },
        fail: dropped,
      },
    );
    return () => {
      finished = true;
      clearTimeout(pollTimer);
      clearTimeout(refreshTimer);
      unsubscribe();
    };
    // Not on `status`: a refresh that brings the server's new status needs no new stream.
  }, [runId, ended, attempt, router]);

  return (
    <div className="flex flex-col gap-2">
      {notice ? (
        <p
          role="status"
          className="rounded border border-border bg-surface px-3 py-2"
          data-testid="live-notice"
        >
          {notice}
        </p>
      ) : null}
      <CurveCharts curves={merged} evaluationSteps={evaluationSteps} />
    </div>
  );
}
