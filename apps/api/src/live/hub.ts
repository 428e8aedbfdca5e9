// One per API instance: LISTENs for the database's live events (packages/db/src/live-events.ts)
// while it has at least one subscriber, reads what each notification names ONCE, and fans it
// out to every subscriber that watches it. So the database work per logged batch is one read
// per instance that has a watcher of that run, however many pages watch it; and an instance
// with no subscriber holds no LISTEN connection and makes no query at all.
import { keyRefusal } from '../auth/api-keys.ts';
import type { Artifact, Evaluation, PrismaClient } from '../db.ts';
import { ApiError } from '../lib/errors.ts';
import {
  LIVE_EVENTS_CHANNEL,
  parseLiveEvent,
  type LiveEvent,
  type Listening,
  type NotificationSource,
} from '@hpa-lab/db';
import type { Logger } from 'pino';
import type { GraphQLError } from 'graphql';
import {
  readArtifact,
  readBatchPoints,
  readEvaluation,
  readKeyState,
  readRunState,
  type LivePoint,
  type RunState,
} from '../services/live-reads.ts';
import { createBacklog, type Backlog } from './backlog.ts';
import { slowConsumer } from './pacing.ts';

/** What the hub hands a run's watchers. */
export type RunFeedEvent =
  | { kind: 'points'; points: LivePoint[] }
  | { kind: 'run'; run: RunState }
  | { kind: 'evaluation'; evaluation: Evaluation }
  | { kind: 'artifact'; artifact: Artifact };

/** What the hub hands a project's watchers. */
export interface RunListFeedEvent {
  created: boolean;
  run: RunState;
}

export interface Watch<T> {
  backlog: Backlog<T>;
  /** Stops watching (idempotent); the last watcher's stop ends the LISTEN. */
  stop(): void;
}

/** watchProject's id for a watcher of every project's runs. */
export const ALL_PROJECTS = '*';

export interface LiveHub {
  /** Resolves once LISTEN is in effect: a read made after it misses nothing committed later. */
  watchRun(runId: string, key: WatchingKey): Promise<Watch<RunFeedEvent>>;
  watchProject(projectId: string, key: WatchingKey): Promise<Watch<RunListFeedEvent>>;
  /** Ends every subscription (the API is shutting down) and stops listening. */
  close(): Promise<void>;
}

export interface WatchingKey {
  keyId: string;
  expiresAt: Date | null;
}

export interface LiveHubOptions {
  db: PrismaClient;
  notifications: NotificationSource;
  logger: Logger;
  /**
   * The most a subscriber may have waiting, in points (an evaluation, artifact or status
   * counts 1): past it the subscriber is dropped with SLOW_CONSUMER. The HTTP route bounds the
   * lag of its stream with the same number (./pacing.ts).
   */
  maxBacklog?: number;
}

/** About 100 s of a run logging 100 points a second. */
export const DEFAULT_MAX_BACKLOG = 10_000;
/** setTimeout's limit; a key expiring later is checked again when the timer fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Watcher {
  backlog: Backlog<RunFeedEvent> | Backlog<RunListFeedEvent>;
  keyId: string;
  expiryTimer: NodeJS.Timeout | undefined;
}

function weighRunEvent(event: RunFeedEvent): number {
  return event.kind === 'points' ? event.points.length : 1;
}

export function createLiveHub(options: LiveHubOptions): LiveHub {
  const { db, notifications, logger } = options;
  const limit = options.maxBacklog ?? DEFAULT_MAX_BACKLOG;
  const byRun = new Map<string, Set<Watcher>>();
  const byProject = new Map<string, Set<Watcher>>();
  const byKey = new Map<string, Set<Watcher>>();
  let watcherCount = 0;
  /** The LISTEN in effect or being set up; null while nobody watches. */
  let listening: Promise<Listening> | null = null;
  /** Reads of one run run one after another, so its events keep the notifications' order. */
  const runChains = new Map<string, Promise<void>>();

  const add = (map: Map<string, Set<Watcher>>, id: string, watcher: Watcher) => {
    let set = map.get(id);
    if (!set) map.set(id, (set = new Set()));
    set.add(watcher);
  };
  const remove = (map: Map<string, Set<Watcher>>, id: string, watcher: Watcher) => {
    const set = map.get(id);
    if (!set?.delete(watcher)) return false;
    if (set.size === 0) map.delete(id);
    return true;
  };

  const endAll = (error: GraphQLError) => {
    for (const set of [...byRun.values(), ...byProject.values()]) {
      for (const watcher of set) watcher.backlog.fail(error);
    }
  };

  const startListening = () => {
    const started = notifications.listen(LIVE_EVENTS_CHANNEL, onPayload, (error) => {
      logger.error({ err: error }, 'live updates: the LISTEN connection was lost');
      if (listening === started) listening = null;
      // Notifications may have been missed: every subscriber resumes from its cursor instead.
      endAll(
        new ApiError(
          'SERVICE_UNAVAILABLE',
          'Live updates were interrupted (the API lost its database listener); subscribe ' +
            'again with `after` to resume where this stream left off',
        ),
      );
    });
    started.catch(() => {
      if (listening === started) listening = null;
    });
    return started;
  };

  const stopListening = () => {
    const current = listening;
    listening = null;
    current?.then((l) => l.close()).catch(() => {});
  };

  /** Runs `read` after the run's earlier reads; a failure ends that run's watchers. */
  const onRun = (runId: string, read: () => Promise<void>) => {
    const previous = runChains.get(runId) ?? Promise.resolve();
    const next = previous.then(read).catch((error: unknown) => {
      logger.error({ err: error, runId }, 'live updates: reading a change failed');
      const failure = new ApiError(
        'SERVICE_UNAVAILABLE',
        'Live updates of this run failed to read a change; subscribe again with `after` to resume',
      );
      for (const watcher of byRun.get(runId) ?? []) watcher.backlog.fail(failure);
    });
    runChains.set(runId, next);
    void next.then(() => {
      if (runChains.get(runId) === next) runChains.delete(runId);
    });
  };

  const fanOutRun = (runId: string, event: RunFeedEvent) => {
    for (const watcher of byRun.get(runId) ?? []) {
      (watcher.backlog as Backlog<RunFeedEvent>).push(event);
    }
  };

  const endKey = async (keyId: string) => {
    const watchers = byKey.get(keyId);
    if (!watchers) return;
    const refusal = keyRefusal(await readKeyState(db, keyId), new Date());
    if (!refusal) return;
    const error = new ApiError('UNAUTHENTICATED', refusal);
    for (const watcher of byKey.get(keyId) ?? []) watcher.backlog.fail(error);
  };

  function onPayload(payload: string) {
    const event = parseLiveEvent(payload);
    if (!event) return;
    dispatch(event);
  }

  const dispatch = (event: LiveEvent) => {
    switch (event.kind) {
      case 'points': {
        if (!byRun.has(event.runId)) return;
        const range =
          event.keys !== undefined
            ? { keys: event.keys }
            : { from: event.from ?? 0, to: event.to ?? 2 ** 31 - 1 };
        onRun(event.runId, async () => {
          if (!byRun.has(event.runId)) return;
          const points = await readBatchPoints(db, event.runId, range);
          if (points.length > 0) fanOutRun(event.runId, { kind: 'points', points });
        });
        return;
      }
      case 'run': {
        const listed = byProject.has(event.projectId) || byProject.has(ALL_PROJECTS);
        if (!byRun.has(event.runId) && !listed) return;
        onRun(event.runId, async () => {
          const run = await readRunState(db, event.runId);
          if (!run) return;
          fanOutRun(event.runId, { kind: 'run', run });
          const watchers = [
            ...(byProject.get(run.projectId) ?? []),
            ...(byProject.get(ALL_PROJECTS) ?? []),
          ];
          for (const watcher of watchers) {
            (watcher.backlog as Backlog<RunListFeedEvent>).push({ created: event.created, run });
          }
        });
        return;
      }
      case 'evaluation': {
        if (!byRun.has(event.runId)) return;
        onRun(event.runId, async () => {
          const evaluation = await readEvaluation(db, event.id);
          if (evaluation) fanOutRun(event.runId, { kind: 'evaluation', evaluation });
        });
        return;
      }
      case 'artifact': {
        if (!byRun.has(event.runId)) return;
        onRun(event.runId, async () => {
          const artifact = await readArtifact(db, event.id);
          if (artifact) fanOutRun(event.runId, { kind: 'artifact', artifact });
        });
        return;
      }
      case 'apiKey': {
        if (!byKey.has(event.id)) return;
        endKey(event.id).catch((error: unknown) => {
          logger.error({ err: error, keyId: event.id }, 'live updates: key check failed');
        });
        return;
      }
    }
  };

  /** Arms a timer that ends the watcher when its key expires (no notification says so). */
  const armExpiry = (watcher: Watcher, expiresAt: Date | null) => {
    if (!expiresAt) return;
    const wait = expiresAt.getTime() - Date.now();
    watcher.expiryTimer = setTimeout(
      () => {
        if (wait > MAX_TIMER_MS) {
          armExpiry(watcher, expiresAt);
          return;
        }
        watcher.backlog.fail(
          new ApiError('UNAUTHENTICATED', `API key expired at ${expiresAt.toISOString()}`),
        );
      },
      Math.max(0, Math.min(wait, MAX_TIMER_MS)),
    );
    watcher.expiryTimer.unref();
  };

  async function watch<T>(
    map: Map<string, Set<Watcher>>,
    id: string,
    key: WatchingKey,
    backlog: Backlog<T>,
  ): Promise<Watch<T>> {
    const watcher: Watcher = {
      backlog: backlog as Watcher['backlog'],
      keyId: key.keyId,
      expiryTimer: undefined,
    };
    add(map, id, watcher);
    add(byKey, key.keyId, watcher);
    watcherCount += 1;
    armExpiry(watcher, key.expiresAt);
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(watcher.expiryTimer);
      backlog.close();
      remove(map, id, watcher);
      remove(byKey, key.keyId, watcher);
      watcherCount -= 1;
      if (watcherCount === 0) stopListening();
    };
    try {
      listening ??= startListening();
      await listening;
    } catch (error) {
      stop();
      logger.error({ err: error }, 'live updates: LISTEN failed');
      throw new ApiError('SERVICE_UNAVAILABLE', 'Live updates are unavailable: LISTEN failed');
    }
    return { backlog, stop };
  }

  return {
    watchRun(runId, key) {
      const backlog = createBacklog<RunFeedEvent>({
        limit,
        weigh: weighRunEvent,
        overflow: slowConsumer,
      });
      return watch(byRun, runId, key, backlog);
    },
    watchProject(projectId, key) {
      const backlog = createBacklog<RunListFeedEvent>({
        limit,
        weigh: () => 1,
        overflow: slowConsumer,
      });
      return watch(byProject, projectId, key, backlog);
    },
    async close() {
      endAll(new ApiError('SERVICE_UNAVAILABLE', 'The API is shutting down'));
      const current = listening;
      listening = null;
      if (current) await current.then((l) => l.close()).catch(() => {});
    },
  };
}
