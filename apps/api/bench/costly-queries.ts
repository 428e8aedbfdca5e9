// The costliest queries the server accepts, and how long they take (issue 9's drill). A real API
// (development mode, introspection on) over a fresh PostgreSQL database seeded like the issue's
// test: 45 runs, each with 10 validation evaluations and 3 curves of 2,000 steps. For each
// expensive field, the largest number of aliases the cost limit lets through is found (a refused
// query is refused before it runs, so probing is cheap), then that query is timed (median of 3)
// while /healthz is polled next to it. Results: bench/results/costly-queries.json.
// Run: npx tsx bench/costly-queries.ts (from apps/api).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@hpa-lab/db/testing';
import { getIntrospectionQuery } from 'graphql';
import { pino } from 'pino';
import { startApi } from '../src/app.ts';
import { createInProcessLaunchQueue } from '../src/queue/in-process-launch-queue.ts';
import { bootstrapAdmin } from '../src/services/members.ts';
import { createLocalArtifactStore } from '../src/store/local-artifact-store.ts';
import { percentile, timeIt } from './stats.ts';

const loadAtStart = os.loadavg();
const RUNS = 45;
const EVALUATIONS = 10;
const KEYS = ['train/loss', 'val/loss', 'val/macro_f1'];
const STEPS = 2000;

const database = await createTestDatabase();
const db = database.prisma;
const artifactDir = await mkdtemp(path.join(os.tmpdir(), 'hpa-bench-costly-'));
const logger = pino({ level: 'silent' });
const api = await startApi(
  {
    db,
    queue: createInProcessLaunchQueue({ logger }),
    store: createLocalArtifactStore(artifactDir),
    logger,
    production: false,
    maxArtifactBytes: 1024 ** 2,
  },
  0,
);
const admin = (await bootstrapAdmin(db, { email: 'bench@hpa-lab.local', name: 'Bench' }))!;
const projectId = admin.project.id;

const fill = (value: number) => new Array<number>(28).fill(value);
const runIds: string[] = [];
for (let r = 0; r < RUNS; r += 1) {
  const run = await db.run.create({
    data: {
      projectId,
      memberId: admin.member.id,
      name: `run ${r}`,
      config: { model: { name: 'small-cnn' } },
      status: 'succeeded',
      bestMacroF1: 0.3 + r / 1000,
    },
  });
  runIds.push(run.id);
  await db.evaluation.createMany({
    data: Array.from({ length: EVALUATIONS }, (_, e) => ({
      runId: run.id,
      step: e * 100,
      split: 'val',
      macroF1: 0.2 + e / 100,
      // Every class at the macro F1: an evaluation its own per-class F1s agree with.
      f1: fill(0.2 + e / 100),
      precision: fill(0.4),
      recall: fill(0.5),
      support: fill(10),
      threshold: fill(0.3),
      tp: fill(3),
      fp: fill(1),
      fn: fill(1),
      tn: fill(100),
      cooccurrence: new Array<number>(28 * 28).fill(0),
    })),
  });
  await db.metricPoint.createMany({
    data: KEYS.flatMap((key) =>
      Array.from({ length: STEPS }, (_, step) => ({
        runId: run.id,
        key,
        step,
        value: step,
        wallTime: new Date(),
      })),
    ),
  });
}

interface Answer {
  status: number;
  code: string | undefined;
  bytes: number;
}

async function post(query: string): Promise<Answer> {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.secret}` },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, code: body.errors?.[0]?.extensions?.code, bytes: text.length };
}

const aliases = (count: number, selection: string) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;

/** The most aliases of `selection` the cost limit accepts (binary search on refusals). */
async function mostAccepted(selection: string): Promise<number> {
  let low = 0;
  let high = 4096;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const answer = await post(aliases(middle, selection));
    if (answer.code === 'QUERY_TOO_COSTLY') high = middle - 1;
    else low = middle;
  }
  return low;
}

async function healthDuring(work: () => Promise<unknown>): Promise<number> {
  let worst = 0;
  let done = false;
  const polling = (async () => {
    while (!done) {
      worst = Math.max(worst, await timeIt(() => fetch(`${api.url}/healthz`)));
    }
  })();
  await work();
  done = true;
  await polling;
  return worst;
}

const ids = JSON.stringify(runIds.slice(0, 10));
const templates: Record<string, string> = {
  classLeaderboard: `classLeaderboard(projectId: "${projectId}", top: 3) { classId top { f1 run { name } } }`,
  compareRuns: `compareRuns(ids: ${ids}, keys: ${JSON.stringify(KEYS)}, maxPoints: 500) { curves { key steps series { values } } classScores { evaluation { f1 } } warnings }`,
  runsWithEvaluations: `runs(first: 50) { edges { node { name bestEvaluation { f1 } evaluations(first: 10) { edges { node { macroF1 f1 } } } } } }`,
  introspection: `__schema { types { name description fields { name description args { name } type { name kind ofType { name } } } } }`,
};

const results: Record<string, unknown> = {};
for (const [name, selection] of Object.entries(templates)) {
  const count = await mostAccepted(selection);
  const query = aliases(count, selection);
  const check = await post(query);
  if (check.code) throw new Error(`${name}: ${count} aliases answered ${check.code}`);
  const times: number[] = [];
  let healthWorst = 0;
  for (let i = 0; i < 3; i += 1) {
    healthWorst = Math.max(
      healthWorst,
      await healthDuring(async () => times.push(await timeIt(() => post(query)))),
    );
  }
  const refused = await post(aliases(count + 1, selection));
  results[name] = {
    acceptedAliases: count,
    medianSeconds: percentile(times, 50),
    maxSeconds: Math.max(...times),
    responseBytes: check.bytes,
    worstHealthzSecondsMeanwhile: healthWorst,
    oneMoreAliasRefusedWith: refused.code ?? 'accepted',
  };
}

const fullIntrospection = getIntrospectionQuery();
const introspectionTimes: number[] = [];
for (let i = 0; i < 3; i += 1) {
  introspectionTimes.push(await timeIt(() => post(fullIntrospection)));
}
results.fullIntrospectionQuery = {
  accepted: !(await post(fullIntrospection)).code,
  medianSeconds: percentile(introspectionTimes, 50),
};

const report = {
  machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? os.arch()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  loadAverageAtStart: loadAtStart,
  data: { runs: RUNS, evaluationsPerRun: EVALUATIONS, curves: KEYS.length, stepsPerCurve: STEPS },
  results,
};
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/costly-queries.json', import.meta.url),
  `${JSON.stringify(report, null, 2)}\n`,
);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
await api.close();
await database.drop();
await rm(artifactDir, { recursive: true, force: true });
