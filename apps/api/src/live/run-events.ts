// The runEvents and projectRunChanges subscriptions: a snapshot, a resuming subscriber's
// replay, then the hub's live feed, with each key's points sent exactly once and in step order
// (the cursor per key drops what the replay or an earlier batch already carried).
import type { GraphQLError } from 'graphql';
import type { Artifact, Evaluation, PrismaClient } from '../db.ts';
import { notFound } from '../lib/errors.ts';
import {
  readReplayPage,
  readRunState,
  type LivePoint,
  type ReplayCursor,
  type RunState,
} from '../services/live-reads.ts';
import { parseId, requireProject } from '../services/runs.ts';
import type { BacklogItem } from './backlog.ts';
import type { LiveContext } from '../graphql/context.ts';
import { ALL_PROJECTS, type RunFeedEvent, type RunListFeedEvent, type Watch } from './hub.ts';

export interface RunEvent {
  run: RunState | null;
  points: LivePoint[];
  evaluations: Evaluation[];
  artifacts: Artifact[];
}

/** What a subscription's iterator yields: an event, or the error it ends with. */
export type StreamItem<T> = { event: T } | { error: GraphQLError };

/** A resumed stream's points come in events of at most this many. */
export const REPLAY_PAGE_SIZE = 2_000;

const TERMINAL: ReadonlySet<RunState['status']> = new Set(['succeeded', 'failed', 'cancelled']);

export interface RunEventsArgs {
  runId: string;
  after?: readonly { key: string; step: number }[] | null;
  afterStep?: number | null;
}

/**
 * Per key, the last step sent; keys not in it use `fallback` (-1: everything; -Infinity when
 * the subscriber asked for no replay and gets whatever is logged from now on).
 */
class StepCursor {
  readonly steps = new Map<string, number>();
  constructor(readonly fallback: number) {}

  /** The points above each key's cursor, advancing it. */
  take(points: readonly LivePoint[]): LivePoint[] {
    const fresh: LivePoint[] = [];
    for (const point of points) {
      if (point.step > (this.steps.get(point.key) ?? this.fallback)) {
        fresh.push(point);
        this.steps.set(point.key, point.step);
      }
    }
    return fresh;
  }
}

/**
 * An iterator whose return() takes effect at once: an async generator's own return() waits for
 * the await it is suspended in (here: the next live event, which may never come), so the
 * subscription would stay registered after its client left.
 */
function cancellable<T>(generator: AsyncGenerator<T>, cancel: () => void): AsyncGenerator<T> {
  const iterator: AsyncGenerator<T> = {
    next: () => generator.next(),
    async return(value) {
      cancel();
      return generator.return(value as never);
    },
    throw: (error) => generator.throw(error),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

function emptyEvent(): RunEvent {
  return { run: null, points: [], evaluations: [], artifacts: [] };
}

/** Ends the watch with the pacing's SLOW_CONSUMER error; returns the stop of both. */
function dropOnLag<T>(live: LiveContext, watch: Watch<T>): () => void {
  const undrop = live.pacing.onDrop((error) => watch.backlog.fail(error));
  return () => {
    undrop();
    watch.stop();
  };
}

export async function subscribeRunEvents(
  db: PrismaClient,
  live: LiveContext,
  args: RunEventsArgs,
): Promise<AsyncGenerator<StreamItem<RunEvent>>> {
  const runId = parseId(args.runId, 'runId');
  const resume = (args.after ?? null) !== null || (args.afterStep ?? null) !== null;
  const cursor = new StepCursor(resume ? (args.afterStep ?? -1) : Number.NEGATIVE_INFINITY);
  for (const { key: name, step } of args.after ?? []) cursor.steps.set(name, step);
  // Watch before reading: whatever commits after the snapshot and the replay arrives here.
  const watch: Watch<RunFeedEvent> = await live.hub.watchRun(runId, live.key);
  let run: RunState | null;
  try {
    run = await readRunState(db, runId);
  } catch (error) {
    watch.stop();
    throw error;
  }
  if (!run) {
    watch.stop();
    throw notFound('Run', runId);
  }
  const snapshot = run;
  const replay: ReplayCursor = {
    after: Object.fromEntries(cursor.steps),
    afterStep: args.afterStep ?? -1,
  };

  const stop = dropOnLag(live, watch);

  async function* events(): AsyncGenerator<StreamItem<RunEvent>> {
    try {
      let first: RunEvent = { ...emptyEvent(), run: snapshot };
      if (resume) {
        let position: { step: number; key: string } | null = null;
        for (;;) {
          // A long history goes out at the client's pace, not into the handler's queue.
          await live.pacing.drained();
          if (watch.backlog.closed) break;
          const page = await readReplayPage(db, runId, replay, position, REPLAY_PAGE_SIZE);
          const last = page.at(-1);
          const points = cursor.take(page);
          if (points.length > 0) {
            yield { event: { ...first, points } };
            first = emptyEvent();
          }
          if (!last || page.length < REPLAY_PAGE_SIZE) break;
          position = { step: last.step, key: last.key };
        }
      }
      if (first.run) yield { event: first };
      if (TERMINAL.has(snapshot.status)) return;
      for await (const item of watch.backlog) {
        if ('error' in item) {
          yield item;
          return;
        }
        const live = item.event;
        const event = emptyEvent();
        if (live.kind === 'points') event.points = cursor.take(live.points);
        else if (live.kind === 'run') event.run = live.run;
        else if (live.kind === 'evaluation') event.evaluations = [live.evaluation];
        else event.artifacts = [live.artifact];
        if (
          event.points.length > 0 ||
          event.run ||
          event.evaluations.length ||
          event.artifacts.length
        ) {
          yield { event };
        }
        // The run's last event: its trainer's writes all committed before it ended.
        if (event.run && TERMINAL.has(event.run.status)) return;
      }
    } finally {
      stop();
    }
  }
  return cancellable(events(), stop);
}

export async function subscribeProjectRuns(
  db: PrismaClient,
  live: LiveContext,
  projectId: string | null | undefined,
): Promise<AsyncGenerator<StreamItem<RunListFeedEvent>>> {
  if (projectId) await requireProject(db, parseId(projectId, 'projectId'));
  const watch: Watch<RunListFeedEvent> = await live.hub.watchProject(
    projectId || ALL_PROJECTS,
    live.key,
  );
  const stop = dropOnLag(live, watch);
  async function* events(): AsyncGenerator<StreamItem<RunListFeedEvent>> {
    try {
      for await (const item of watch.backlog) {
        yield item satisfies BacklogItem<RunListFeedEvent>;
        if ('error' in item) return;
      }
    } finally {
      stop();
    }
  }
  return cancellable(events(), stop);
}
