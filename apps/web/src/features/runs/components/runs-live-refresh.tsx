'use client';
// Keeps the runs table current without a reload: any run created or changing status or scores
// (in any project, through any API instance) re-renders the page on the server with the
// member's own URL (sort, filter, page, columns), which then updates rows in place and shows new
// runs where that view puts them. A burst of changes costs one refresh. When the stream drops,
// the table says so, is refreshed every 10 s, and resubscribes. Each (re)subscription refreshes
// once when it is up, for what changed before it was.
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import {
  RunsLiveChangesDocument,
  type RunsLiveChangesSubscription,
} from '@/graphql/generated/graphql';
import { openLiveStream } from '@/lib/live-stream';

const REFRESH_DEBOUNCE_MS = 1_000;
const POLL_MS = 10_000;

export function RunsLiveRefresh() {
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const dropped = (reason: string) => {
      if (stopped) return;
      stopped = true;
      setNotice(`Live updates interrupted (${reason}). Refreshing every 10 s.`);
      pollTimer = setTimeout(() => {
        router.refresh();
        setAttempt((n) => n + 1);
      }, POLL_MS);
    };
    const unsubscribe = openLiveStream<RunsLiveChangesSubscription>(
      RunsLiveChangesDocument.toString(),
      {},
      {
        next: () => {
          setNotice(null);
          if (refreshTimer === undefined) {
            refreshTimer = setTimeout(() => {
              refreshTimer = undefined;
              router.refresh();
            }, REFRESH_DEBOUNCE_MS);
          }
        },
        complete: () => dropped('the stream ended'),
        fail: dropped,
        // Changes between the server's render and this moment (or during a drop) reached no
        // one: one refresh once the API is watching catches up on them.
        connected: () => router.refresh(),
      },
    );
    return () => {
      stopped = true;
      clearTimeout(refreshTimer);
      clearTimeout(pollTimer);
      unsubscribe();
    };
  }, [attempt, router]);

  return notice ? (
    <p
      role="status"
      className="mb-3 rounded border border-border bg-surface px-3 py-2"
      data-testid="runs-live-notice"
    >
      {notice}
    </p>
  ) : null;
}
