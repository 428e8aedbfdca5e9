// Issue 20's bench: live updates of one run logging 100 points a second (batches of 10) with 0,
// 1 and 50 subscribers. Per scenario: the time from logMetrics returning to a subscriber
// receiving the batch (goal under 2 s, aim under 500 ms; negative when the event overtakes the
// trainer's own HTTP response), and the API's CPU (its process's user+system time over the
// window; the trainer and the subscribers run in bench/live-load.ts, another process) and
// database statements a second (Prisma's query log of the API's main pool, which the hub's
// reads use too). Load-gated rounds (bench-kit), the scenarios' order reversed every round,
// median and range of 5. Results: bench/results/live.json.
// Run: npx tsx bench/live.ts [--quick] (from apps/api). Not run in CI: a quiet machine only.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { loadNow, median, roundOrder, spread, waitForQuiet } from '@hpa-lab/bench-kit';
import { openDatabase, postgresNotifications } from '@hpa-lab/db';
import { createTestDatabase } from '@hpa-lab/db/testing';
import { pino } from 'pino';
import { startApi } from '../src/app.ts';
import { createInProcessLaunchQueue } from '../src/queue/in-process-launch-queue.ts';
import { bootstrapAdmin } from '../src/services/members.ts';
import { createLocalArtifactStore } from '../src/store/local-artifact-store.ts';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 5;
const SECONDS = quick ? 5 : 20;
const RATE = 100;
const SCENARIOS = [0, 1, 50] as const;
const MAX_LOAD = 1.0;

const say = (line: string) => process.stderr.write(`${line}\n`);

const database = await createTestDatabase();
let statements = 0;
const counted = await openDatabase({
  databaseUrl: database.url,
  home: os.tmpdir(),
  migrate: false,
  onQuery: () => {
    statements += 1;
  },
});
const artifactDir = await mkdtemp(path.join(os.tmpdir(), 'hpa-bench-live-'));
const logger = pino({ level: 'silent' });
const api = await startApi(
  {
    db: counted.prisma,
    queue: createInProcessLaunchQueue({ logger }),
    store: createLocalArtifactStore(artifactDir),
    logger,
    production: true,
    maxArtifactBytes: 1024,
    notifications: postgresNotifications(database.url),
  },
  0,
);
const admin = (await bootstrapAdmin(database.prisma, { email: 'b@live.local', name: 'B' }))!;
const run = await database.prisma.run.create({
  data: {
    projectId: admin.project.id,
    memberId: admin.member.id,
    name: 'live bench',
    config: { model: { name: 'small-cnn' } },
    status: 'running',
  },
});

const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Round {
  subscribers: number;
  reliable: boolean;
  loadBefore: number[];
  medianLatencyMs: number;
  p95LatencyMs: number;
  missing: number;
  apiCpuPercent: number;
  statementsPerSecond: number;
  batches: number;
}

interface LoadResult {
  batches: number;
  latencies: number[];
  missing: number;
  lastStep: number;
}

let nextStep = 0;
async function runRound(subscribers: number): Promise<Round> {
  const quiet = await waitForQuiet(MAX_LOAD, 120, 5, say);
  const child = spawn(
    process.execPath,
    [
      '--import',
      loader,
      path.join(import.meta.dirname, 'live-load.ts'),
      api.url,
      admin.secret,
      run.id,
      String(subscribers),
      String(SECONDS),
      String(RATE),
      String(nextStep),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let cpuStart = process.cpuUsage();
  let timeStart = performance.now();
  let statementsStart = statements;
  let window = { cpuMs: 0, seconds: 0, statements: 0 };
  // A holder: TypeScript does not see assignments inside the loop below.
  const outcome: { result?: LoadResult } = {};
  for await (const line of createInterface({ input: child.stdout })) {
    const message = JSON.parse(line) as { event: string } & Record<string, unknown>;
    if (message.event === 'start') {
      cpuStart = process.cpuUsage();
      timeStart = performance.now();
      statementsStart = statements;
    } else if (message.event === 'end') {
      const cpu = process.cpuUsage(cpuStart);
      window = {
        cpuMs: (cpu.user + cpu.system) / 1000,
        seconds: (performance.now() - timeStart) / 1000,
        statements: statements - statementsStart,
      };
    } else if (message.event === 'result') {
      outcome.result = message as unknown as LoadResult;
    }
  }
  const { result } = outcome;
  if (!result) throw new Error('the load process gave no result');
  nextStep = result.lastStep;
  const sorted = [...result.latencies].sort((a, b) => a - b);
  return {
    subscribers,
    reliable: quiet.reliable,
    loadBefore: quiet.loadBefore,
    medianLatencyMs: Math.round(median(sorted)),
    p95LatencyMs: Math.round(sorted[Math.floor(sorted.length * 0.95)] ?? Number.NaN),
    missing: result.missing,
    apiCpuPercent: Math.round((100 * window.cpuMs) / (window.seconds * 1000)),
    statementsPerSecond: Math.round(window.statements / window.seconds),
    batches: result.batches,
  };
}

const rounds: Round[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  for (const subscribers of roundOrder(SCENARIOS, round)) {
    const measured = await runRound(subscribers);
    say(`round ${round + 1}, ${subscribers} subscribers: ${JSON.stringify(measured)}`);
    rounds.push(measured);
  }
}

const scenario = (subscribers: number) => {
  const of = rounds.filter((r) => r.subscribers === subscribers);
  return {
    subscribers,
    rounds: of.length,
    reliableRounds: of.filter((r) => r.reliable).length,
    medianLatencyMs: spread(of.map((r) => r.medianLatencyMs)),
    p95LatencyMs: spread(of.map((r) => r.p95LatencyMs)),
    apiCpuPercent: spread(of.map((r) => r.apiCpuPercent)),
    statementsPerSecond: spread(of.map((r) => r.statementsPerSecond)),
    missingDeliveries: of.reduce((sum, r) => sum + r.missing, 0),
  };
};
const results = {
  measuredAt: new Date().toISOString(),
  quick,
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    node: process.version,
    loadAtEnd: loadNow(),
  },
  scenario: { pointsPerSecond: RATE, batch: 10, secondsPerRound: SECONDS, rounds: ROUNDS },
  scenarios: SCENARIOS.map(scenario),
  rounds,
};
console.log(JSON.stringify(results, null, 2));
const outDir = path.join(import.meta.dirname, 'results');
await mkdir(outDir, { recursive: true });
await writeFile(
  path.join(outDir, quick ? 'live.quick.json' : 'live.json'),
  `${JSON.stringify(results, null, 2)}\n`,
);

await api.close();
await counted.close();
await database.drop();
await rm(artifactDir, { recursive: true, force: true });
