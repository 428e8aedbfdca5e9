// Issue 24's load scenario: one member sends the heaviest query a key may send (5 class
// leaderboards, cost about 23,800, just under the 25,000 limit) from 8 clients at once, while
// another member's trainer logs metrics and /healthz is polled. A real API in production mode
// with the server's defaults (main pool 10, heavy pool 3, 2 heavy queries per member, 300,000
// cost units per minute) over a fresh PostgreSQL database seeded like bench/costly-queries.ts.
// Goals: the writer's and /healthz's p95 under 200 ms; every heavy request answered, or refused
// with 429, within 5 s. A refused client waits its Retry-After, as a polite client does.
// Results: bench/results/member-load.json.
// Run: npx tsx bench/member-load.ts [--quick] (from apps/api; part of `npm run bench`).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@hpa-lab/db';
import { createTestDatabase } from '@hpa-lab/db/testing';
import { pino } from 'pino';
import { startApi } from '../src/app.ts';
import { createInProcessLaunchQueue } from '../src/queue/in-process-launch-queue.ts';
import { bootstrapAdmin, createApiKey, createMember } from '../src/services/members.ts';
import { createLocalArtifactStore } from '../src/store/local-artifact-store.ts';
import { percentile } from './stats.ts';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 5 : 45;
const EVALUATIONS = 10;
const DURATION_MS = quick ? 4000 : 30_000;
const HEAVY_CLIENTS = 8;
const POINTS_PER_BATCH = 100;
const loadAtStart = os.loadavg();

const database = await createTestDatabase();
const db = database.prisma;
const heavy = await openDatabase({
  databaseUrl: database.url,
  home: os.tmpdir(),
  migrate: false,
  poolSize: 3,
  statementTimeoutMs: 5000,
});
const artifactDir = await mkdtemp(path.join(os.tmpdir(), 'hpa-bench-member-load-'));
const logger = pino({ level: 'silent' });
const api = await startApi(
  {
    db,
    heavyDb: heavy.prisma,
    queue: createInProcessLaunchQueue({ logger }),
    store: createLocalArtifactStore(artifactDir),
    logger,
    production: true,
    maxArtifactBytes: 1024 ** 2,
  },
  0,
);
const admin = (await bootstrapAdmin(db, { email: 'bench@hpa-lab.local', name: 'Bench' }))!;
const projectId = admin.project.id;
const actor = { memberId: admin.member.id, role: 'admin' as const };
async function memberKey(email: string): Promise<{ id: string; key: string }> {
  const member = await createMember(db, actor, { email, name: email, role: 'member' });
  const key = await createApiKey(db, actor, { memberId: member.id, name: 'bench' });
  return { id: member.id, key: key.secret };
}
const heavyMember = await memberKey('heavy@bench.local');
const writer = await memberKey('writer@bench.local');

const fill = (value: number) => new Array<number>(28).fill(value);
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
  await db.evaluation.createMany({
    data: Array.from({ length: EVALUATIONS }, (_, e) => ({
      runId: run.id,
      step: e * 100,
      split: 'val',
      macroF1: 0.2 + e / 100,
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
}
const writerRun = await db.run.create({
  data: {
    projectId,
    memberId: writer.id,
    name: 'writer',
    config: { model: { name: 'small-cnn' } },
    status: 'running',
  },
});

async function post(key: string, body: string) {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body,
  });
  const parsed = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return {
    status: response.status,
    code: parsed.errors?.[0]?.extensions?.code,
    retryAfter: Number(response.headers.get('retry-after') ?? 0),
  };
}

const HEAVY = JSON.stringify({
  query: `{ ${Array.from(
    { length: 5 },
    (_, i) =>
      `l${i}: classLeaderboard(projectId: "${projectId}", top: 3) { classId top { f1 run { id } } }`,
  ).join(' ')} }`,
});
const LOG = `mutation ($runId: ID!, $points: [MetricPointInput!]!) { logMetrics(runId: $runId, points: $points) { written } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const endsAt = performance.now() + DURATION_MS;
const heavyAnswered: number[] = [];
const heavyRefused: number[] = [];
const heavyOther: string[] = [];
const writes: number[] = [];
const writeErrors: string[] = [];
const health: number[] = [];
const healthFailures: number[] = [];

const heavyClient = async () => {
  while (performance.now() < endsAt) {
    const started = performance.now();
    const answer = await post(heavyMember.key, HEAVY);
    const ms = performance.now() - started;
    if (answer.status === 429) {
      heavyRefused.push(ms);
      await sleep(answer.retryAfter * 1000);
    } else if (answer.status === 200 && !answer.code) heavyAnswered.push(ms);
    else heavyOther.push(`${answer.status} ${answer.code}`);
  }
};
const writerClient = async () => {
  let step = 0;
  while (performance.now() < endsAt) {
    const points = Array.from({ length: POINTS_PER_BATCH }, () => ({
      key: 'train/loss',
      step: step++,
      value: 1 / step,
    }));
    const started = performance.now();
    const answer = await post(
      writer.key,
      JSON.stringify({ query: LOG, variables: { runId: writerRun.id, points } }),
    );
    writes.push(performance.now() - started);
    if (answer.code) writeErrors.push(answer.code);
    await sleep(50);
  }
};
const healthPoller = async () => {
  while (performance.now() < endsAt) {
    const started = performance.now();
    const response = await fetch(`${api.url}/healthz`);
    await response.arrayBuffer();
    health.push(performance.now() - started);
    if (response.status !== 200) healthFailures.push(response.status);
    await sleep(100);
  }
};

await Promise.all([
  ...Array.from({ length: HEAVY_CLIENTS }, heavyClient),
  writerClient(),
  healthPoller(),
]);

const summary = (values: number[]) => ({
  count: values.length,
  medianMs: Math.round(percentile(values, 50)),
  p95Ms: Math.round(percentile(values, 95)),
  maxMs: Math.round(Math.max(...values, 0)),
});
const heavyAll = [...heavyAnswered, ...heavyRefused];
const results = {
  measuredAt: new Date().toISOString(),
  quick,
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    node: process.version,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: os.loadavg(),
  },
  scenario: {
    runs: RUNS,
    evaluationsPerRun: EVALUATIONS,
    seconds: DURATION_MS / 1000,
    heavyClients: HEAVY_CLIENTS,
    heavyQuery: '5 x classLeaderboard(top: 3), cost about 23,800',
    writerBatch: POINTS_PER_BATCH,
  },
  heavyAnswered: summary(heavyAnswered),
  heavyRefused429: summary(heavyRefused),
  heavyOtherAnswers: heavyOther,
  otherMemberLogMetrics: { ...summary(writes), errors: writeErrors },
  healthz: { ...summary(health), failures: healthFailures },
  goals: {
    otherMemberP95Under200Ms: percentile(writes, 95) < 200,
    healthzP95Under200Ms: percentile(health, 95) < 200,
    heavyEachWithin5s: heavyAll.every((ms) => ms < 5000) && heavyOther.length === 0,
  },
};
console.log(JSON.stringify(results, null, 2));
const outDir = path.join(import.meta.dirname, 'results');
await mkdir(outDir, { recursive: true });
await writeFile(
  path.join(outDir, quick ? 'member-load.quick.json' : 'member-load.json'),
  `${JSON.stringify(results, null, 2)}\n`,
);

await api.close();
await heavy.close();
await database.drop();
await rm(artifactDir, { recursive: true, force: true });
