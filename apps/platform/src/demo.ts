// The demo a first start seeds: a small synthetic data set and three short runs with different
// approaches, launched through the API's launchRun as a member would, so the runs table, the run
// pages and the compare page (ensemble included: the trainer uploads validation probabilities)
// have something real to show within minutes. Each demo run has a stable name and idempotency
// key: a later start finds it by tag and name and launches nothing, and a launch retried after a
// crash returns the run the first attempt created. A demo run that failed (an interrupted start:
// the reconciler fails the run the previous process was training) is launched again under the
// next attempt's key, a few times at most; queued ones the API re-enqueues on its own.
import { syntheticCachePath, type TrainConfigInput } from '@hpa-lab/ml/config';
import type { Logger } from 'pino';
import { graphql } from './generated/index.ts';
import type { DemoLaunchMutation, RunStatus } from './generated/graphql.ts';

export const DEMO_TAG = 'demo';

export interface DemoRunSpec {
  /** Unique among the demo runs: what a later start looks the run up by. */
  name: string;
  approach: string;
  /** Stable per demo run; the attempt number is appended. */
  keyBase: string;
  config: TrainConfigInput;
}

/**
 * The default demo: 800 synthetic images (64 px, the real HPA label frequencies) and three
 * approaches to its imbalance, each a small CNN at 32 px for 5 epochs of 20 batches, so the three
 * train one after another in a few minutes on two CPU cores.
 */
export function defaultDemoRuns(): DemoRunSpec[] {
  const dataset = {
    cachePath: syntheticCachePath({ count: 800, size: 64, seed: 7, rarity: 1 }),
    splitSeed: 7,
  };
  const base = {
    model: { name: 'small-cnn', filters: 8, blocks: 3, dropout: 0 },
    inputSize: 32,
    channels: 4,
    epochs: 5,
    stepsPerEpoch: 20,
    batchSize: 32,
    optimizer: { learningRate: 0.003, warmupEpochs: 0 },
    earlyStopping: { patience: 100, minDelta: 0 },
    seed: 11,
    dataset,
  } satisfies TrainConfigInput;
  return [
    {
      name: 'demo: BCE',
      approach: 'BCE, one threshold (0.5)',
      keyBase: 'hpa-demo-v1-bce',
      config: { ...base, loss: { name: 'bce' }, thresholds: { mode: 'global', global: 0.5 } },
    },
    {
      name: 'demo: focal',
      approach: 'Focal loss, per-class thresholds',
      keyBase: 'hpa-demo-v1-focal',
      config: {
        ...base,
        loss: { name: 'focal', gamma: 2, alpha: 0.25 },
        thresholds: { mode: 'per-class', global: 0.5 },
      },
    },
    {
      name: 'demo: focal + oversampling',
      approach: 'Focal loss, rare-class oversampling, per-class thresholds',
      keyBase: 'hpa-demo-v1-focal-oversample',
      config: {
        ...base,
        loss: { name: 'focal', gamma: 2, alpha: 0.25 },
        sampler: { name: 'rare-oversample', power: 0.5, maxWeight: 20 },
        thresholds: { mode: 'per-class', global: 0.5 },
      },
    },
  ];
}

/** Failed demo runs are launched again this many times in all, then left for the member. */
const MAX_ATTEMPTS = 3;

export interface DemoRunState {
  id: string;
  name: string;
  status: RunStatus;
  /** True when this call launched it. */
  launched: boolean;
}

export interface DemoConnection {
  /** The API's base URL (GraphQL at /graphql). */
  apiUrl: string;
  key: string;
}

async function request<TResult, TVariables>(
  api: DemoConnection,
  document: { toString(): string; __apiType?: (variables: TVariables) => TResult },
  variables?: TVariables,
): Promise<TResult> {
  const response = await fetch(`${api.apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${api.key}` },
    body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
  });
  const body = (await response.json()) as { data?: TResult | null; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) {
    throw new Error(
      `the API refused the demo's request: ${body.errors?.[0]?.message ?? response.status}`,
    );
  }
  return body.data;
}

const demoProjectsQuery = graphql(`
  query demoProjects {
    projects {
      id
    }
  }
`);

const demoRunsQuery = graphql(`
  query demoRuns($filter: RunFilter!) {
    runs(filter: $filter, first: 200, sort: CREATED_ASC) {
      nodes {
        id
        name
        status
        bestMacroF1
      }
    }
  }
`);

const demoLaunchMutation = graphql(`
  mutation demoLaunch($input: LaunchRunInput!) {
    launchRun(input: $input) {
      id
      name
      status
    }
  }
`);

/** The demo runs now, by tag: every attempt of each name, oldest first. */
export async function listDemoRuns(api: DemoConnection, projectId: string) {
  const data = await request(api, demoRunsQuery, { filter: { projectId, tag: DEMO_TAG } });
  return data.runs.nodes;
}

/**
 * Makes sure each demo run exists: keeps one that is queued, running, finished or cancelled (a
 * member's choice), launches the missing ones and those whose every attempt failed.
 */
export async function seedDemo(
  api: DemoConnection,
  runs: readonly DemoRunSpec[],
  logger: Pick<Logger, 'info' | 'warn'>,
): Promise<DemoRunState[]> {
  const { projects } = await request(api, demoProjectsQuery);
  const projectId = projects[0]?.id;
  if (!projectId) throw new Error('the admin has no project to put the demo runs in');
  const existing = await listDemoRuns(api, projectId);
  const states: DemoRunState[] = [];
  for (const spec of runs) {
    const attempts = existing.filter((run) => run.name === spec.name);
    const kept = attempts.findLast((run) => run.status !== 'FAILED');
    if (kept) {
      states.push({ id: kept.id, name: kept.name, status: kept.status, launched: false });
      continue;
    }
    if (attempts.length >= MAX_ATTEMPTS) {
      logger.warn(
        `demo run "${spec.name}" failed ${attempts.length} times; not launching it again`,
      );
      const last = attempts.at(-1)!;
      states.push({ id: last.id, name: last.name, status: last.status, launched: false });
      continue;
    }
    const launched: DemoLaunchMutation = await request(api, demoLaunchMutation, {
      input: {
        projectId,
        name: spec.name,
        approach: spec.approach,
        tags: [DEMO_TAG],
        config: spec.config,
        idempotencyKey: `${spec.keyBase}-${attempts.length + 1}`,
      },
    });
    states.push({ ...launched.launchRun, launched: true });
  }
  return states;
}

const FINISHED: readonly RunStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/**
 * Logs each demo run's end as it happens (training itself logs its epochs) and resolves when all
 * have ended, or when `signal` aborts.
 */
export async function watchDemo(
  api: DemoConnection,
  runs: readonly DemoRunState[],
  options: {
    logger: Pick<Logger, 'info' | 'warn'>;
    webUrl: string;
    intervalMs?: number;
    signal?: AbortSignal;
  },
): Promise<void> {
  const ids = runs.map((run) => run.id);
  const reported = new Set(
    runs.filter((run) => FINISHED.includes(run.status)).map((run) => run.id),
  );
  const { projects } = await request(api, demoProjectsQuery);
  while (reported.size < ids.length && !options.signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 3000));
    const now = await listDemoRuns(api, projects[0]!.id).catch(() => undefined);
    for (const run of now ?? []) {
      if (!ids.includes(run.id) || reported.has(run.id) || !FINISHED.includes(run.status)) {
        continue;
      }
      reported.add(run.id);
      const score =
        run.bestMacroF1 === null || run.bestMacroF1 === undefined
          ? ''
          : `, best val macro F1 ${run.bestMacroF1.toFixed(3)}`;
      const line =
        `demo ${reported.size}/${ids.length}: "${run.name}" (run ${run.id.slice(0, 8)}) ` +
        `${run.status.toLowerCase()}${score}`;
      if (run.status === 'SUCCEEDED') options.logger.info(line);
      else options.logger.warn(line);
    }
  }
  if (reported.size === ids.length) {
    options.logger.info(
      `demo finished: compare the three runs at ${options.webUrl}/compare?runs=${ids.join(',')}`,
    );
  }
}
