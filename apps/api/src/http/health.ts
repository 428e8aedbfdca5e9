// GET /healthz: each dependency checked at once, each within a deadline, so a load balancer (or a
// person) sees which one is down: 200 when all answer, 503 naming the failing ones otherwise.
import type { ServiceDeps } from '../services/deps.ts';

/** How long one dependency may take to answer a health check. */
const CHECK_DEADLINE_MS = 2000;

export interface DependencyHealth {
  ok: boolean;
  /** How long the check took. */
  ms: number;
  /** Why it failed. */
  error?: string;
}

export interface Health {
  ok: boolean;
  dependencies: {
    database: DependencyHealth;
    queue: DependencyHealth;
    artifactStore: DependencyHealth;
  };
}

async function probe(check: () => Promise<unknown>): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_DEADLINE_MS} ms`)),
          CHECK_DEADLINE_MS,
        );
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(
  deps: Pick<ServiceDeps, 'db' | 'queue' | 'store'>,
): Promise<Health> {
  const [database, queue, artifactStore] = await Promise.all([
    probe(() => deps.db.$queryRaw`SELECT 1`),
    probe(() => deps.queue.ping()),
    probe(() => deps.store.check()),
  ]);
  return {
    ok: database.ok && queue.ok && artifactStore.ok,
    dependencies: { database, queue, artifactStore },
  };
}
