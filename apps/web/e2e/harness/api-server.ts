// Child process of the e2e harness: a real API (apps/api's test harness) on a fresh PostgreSQL
// database. Run with tsx, not inside Playwright's loader, because the API's sources import
// `.ts` paths. Prints one JSON line {url, adminKey, adminId, projectId}, then serves until
// SIGTERM, when it drops its database. `--bench-runs=N` first seeds N runs and the registry of
// bench/seed-models.ts (the bench). `--trainer`: launched runs are trained in this process by
// apps/trainer's job processor (embedded mode: one worker listening), on data under a
// temporary HPA_LAB_HOME that the `datasets` query lists too. `--queue=bullmq`: team mode on
// the shared Redis under a fresh prefix, with no worker listening.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestApi, type TestApiOptions } from '@hpa-lab/api/testing';
import { createTrainJobProcessor } from '@hpa-lab/trainer/processor';
import { pino } from 'pino';
import { seedBenchModels } from '../../bench/seed-models.ts';
import { seedBenchRuns } from '../../bench/seed-runs.ts';

function option(name: string): string | undefined {
  const arg = process.argv.find((entry) => entry === `--${name}` || entry.startsWith(`--${name}=`));
  return arg === undefined ? undefined : (arg.split('=')[1] ?? '');
}

const benchRuns = Number(option('bench-runs') ?? 0);
const withTrainer = option('trainer') !== undefined;
const teamMode = option('queue') === 'bullmq';
const home = withTrainer ? await mkdtemp(path.join(os.tmpdir(), 'hpa-e2e-home-')) : undefined;
// The job's context carries its API connection (a job-scoped key); the trainer reads nothing
// from the environment. Heartbeats every second, so a cancel stops a run quickly.
const processor: TestApiOptions['processor'] = home
  ? async (job, context) => {
      await trainer!(job, context);
    }
  : undefined;
const trainer = home
  ? createTrainJobProcessor({
      home,
      logger: pino({ level: process.env.LOG_LEVEL ?? 'warn', name: 'e2e-trainer' }),
      forceBackend: 'cpu',
      heartbeatIntervalMs: 1000,
      metricFlushIntervalMs: 500,
      childLogLevel: 'warn',
    })
  : undefined;
/** The registry the /models bench page shows (issue 19: 50 models x 20 versions). */
const BENCH_MODELS = 50;
const BENCH_VERSIONS = 20;
const api = await startTestApi({
  production: true,
  ...(teamMode ? { queue: 'bullmq' as const } : {}),
  ...(processor ? { processor, home, maxArtifactBytes: 64 * 1024 * 1024 } : {}),
});
if (benchRuns > 0) {
  await seedBenchRuns(api, benchRuns);
  await seedBenchModels(api, BENCH_MODELS, BENCH_VERSIONS);
}
process.stdout.write(
  `${JSON.stringify({
    url: api.url,
    adminKey: api.adminKey,
    adminId: api.adminId,
    projectId: api.projectId,
    signInToken: await api.signInToken(),
    database: api.database.name,
  })}\n`,
);

let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  await api.close();
  if (home) await rm(home, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => void close());
// The harness dies without a signal when Playwright is killed: stdin closing tells us.
process.stdin.on('end', () => void close());
process.stdin.resume();
