// npm run bench (after run.ts): the ensemble what-if of issue 18 through HTTP against a real API
// on a fresh PostgreSQL database: ensembleEvaluation of 20 runs x 3,000 validation samples (each
// run's probabilities uploaded as the trainer does), with a global cut and with cross-fitted
// per-class thresholds (goal: p95 < 200 ms), and the best-per-class composite of the same runs.
// The first request (which reads and decodes the 20 files into the probability cache and scores
// each run alone) is reported apart. Results: bench/results/ensemble-bench.json.
// ENSEMBLE_BENCH_REQUESTS (default 40) sets the timed requests per mode (a smoke run uses 3).
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  encodeValidationProbabilities,
  VALIDATION_PROBABILITIES_ARTIFACT,
} from '@hpa-lab/contracts';
import { createTestDatabase } from '@hpa-lab/db/testing';
import { pino } from 'pino';
import { startApi } from '../src/app.ts';
import { DEFAULT_ADMISSION_LIMITS } from '../src/graphql/member-admission.ts';
import { createInProcessLaunchQueue } from '../src/queue/in-process-launch-queue.ts';
import { bootstrapAdmin } from '../src/services/members.ts';
import { createLocalArtifactStore } from '../src/store/local-artifact-store.ts';
import { percentile, timeIt } from './stats.ts';

const loadAtStart = os.loadavg();
const RUNS = 20;
const SAMPLES = 3000;
const CLASSES = 28;
const REQUESTS = Number(process.env.ENSEMBLE_BENCH_REQUESTS ?? 40);
const GOAL_P95_MS = 200;

const database = await createTestDatabase();
const artifactDir = await mkdtemp(path.join(os.tmpdir(), 'hpa-ensemble-bench-'));
const logger = pino({ level: 'silent' });
const api = await startApi(
  {
    db: database.prisma,
    queue: createInProcessLaunchQueue({ logger }),
    store: createLocalArtifactStore(artifactDir),
    logger,
    production: true,
    maxArtifactBytes: 4 * 1024 ** 2,
    // The bench times the ensemble itself: 120 back-to-back calls of one member would exhaust the
    // per-minute cost budget (which a member meets as 429 + Retry-After, tested elsewhere).
    admission: { ...DEFAULT_ADMISSION_LIMITS, costPerWindow: Number.MAX_SAFE_INTEGER },
  },
  0,
);
const admin = (await bootstrapAdmin(database.prisma, {
  email: 'bench@hpa-lab.local',
  name: 'Bench',
}))!;
const authorization = `Bearer ${admin.secret}`;

async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (result.errors) throw new Error(`GraphQL error: ${result.errors[0]!.message}`);
  return result.data!;
}

// A validation set with HPA-like label frequencies (a few common classes, many rare ones) and
// runs whose probabilities are informative but noisy, each differently (a seeded generator).
let state = 18;
const rand = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const ids = Array.from({ length: SAMPLES }, (_, i) => `${i.toString(16).padStart(8, '0')}-bench`);
const rates = Array.from({ length: CLASSES }, (_, c) => 0.4 / (1 + c));
const labels = Uint8Array.from({ length: SAMPLES * CLASSES }, (_, i) =>
  rand() < rates[i % CLASSES]! ? 1 : 0,
);

const runIds: string[] = [];
for (let r = 0; r < RUNS; r += 1) {
  const created = await gql<{ createRun: { id: string } }>(
    `mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`,
    {
      input: {
        projectId: admin.project.id,
        name: `ensemble-${r}`,
        config: { model: { name: 'resnet' }, inputSize: 128, dataset: { cachePath: '/b.bin' } },
        datasetFingerprint: 'b'.repeat(64),
        splitSeed: 1,
      },
    },
  );
  const runId = created.createRun.id;
  runIds.push(runId);
  const probabilities = Float32Array.from(labels, (label) =>
    Math.min(1, Math.max(0, 0.35 * label + 0.5 * rand() + 0.1 * rand())),
  );
  const bytes = encodeValidationProbabilities({
    step: 100,
    classes: CLASSES,
    ids,
    labels,
    probabilities,
  });
  const uploaded = await fetch(
    `${api.url}/artifacts/runs/${runId}/${VALIDATION_PROBABILITIES_ARTIFACT}?kind=PREDICTIONS`,
    {
      method: 'PUT',
      headers: {
        authorization,
        'x-content-sha256': createHash('sha256').update(bytes).digest('hex'),
        'content-length': String(bytes.length),
      },
      body: bytes,
    },
  );
  if (uploaded.status !== 201) throw new Error(`upload failed: HTTP ${uploaded.status}`);
}

const ENSEMBLE = `query ($runIds: [ID!]!, $thresholds: EnsembleThresholds) {
  ensembleEvaluation(runIds: $runIds, thresholds: $thresholds) {
    sampleCount macroF1 rareClassF1 f1 precision recall support threshold tp fp fn tn cooccurrence
    members { runId macroF1 rareClassF1 } bestSingleRunId gain
  }
}`;
type Answer = { ensembleEvaluation: { sampleCount: number; macroF1: number; gain: number } };

const modes: Record<string, unknown> = {};
for (const thresholds of ['GLOBAL', 'PER_CLASS_CROSS_FITTED']) {
  let answer: Answer | undefined;
  const firstMs =
    (await timeIt(async () => {
      answer = await gql<Answer>(ENSEMBLE, { runIds, thresholds });
    })) * 1000;
  if (answer!.ensembleEvaluation.sampleCount !== SAMPLES) throw new Error('samples lost');
  for (let i = 0; i < 3; i += 1) await gql<Answer>(ENSEMBLE, { runIds, thresholds });
  const latencies: number[] = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    latencies.push(await timeIt(() => gql<Answer>(ENSEMBLE, { runIds, thresholds })));
  }
  const p95Ms = percentile(latencies, 95) * 1000;
  modes[thresholds] = {
    firstRequestMs: firstMs,
    requests: latencies.length,
    medianMs: percentile(latencies, 50) * 1000,
    p95Ms,
    macroF1: answer!.ensembleEvaluation.macroF1,
    gain: answer!.ensembleEvaluation.gain,
    goalP95Ms: GOAL_P95_MS,
    meetsGoal: p95Ms < GOAL_P95_MS,
  };
  console.log(
    `ensembleEvaluation (${thresholds}), ${RUNS} runs x ${SAMPLES} samples: first ${firstMs.toFixed(0)} ms, median ${(percentile(latencies, 50) * 1000).toFixed(1)} ms, p95 ${p95Ms.toFixed(1)} ms`,
  );
}

// The best-per-class composite of the same runs (no goal of its own; the compare page asks for
// it beside the ensemble).
const COMPOSITE = `query ($runIds: [ID!]!) {
  bestPerClassComposite(runIds: $runIds, thresholds: PER_CLASS_CROSS_FITTED) {
    macroF1 f1 tp fp fn cooccurrence members { runId macroF1 } gain classWinners { classId runId halfRunIds }
  }
}`;
const compositeFirstMs = (await timeIt(() => gql(COMPOSITE, { runIds }))) * 1000;
const compositeLatencies: number[] = [];
for (let i = 0; i < REQUESTS; i += 1) {
  compositeLatencies.push(await timeIt(() => gql(COMPOSITE, { runIds })));
}
const composite = {
  thresholds: 'PER_CLASS_CROSS_FITTED',
  firstRequestMs: compositeFirstMs,
  requests: compositeLatencies.length,
  medianMs: percentile(compositeLatencies, 50) * 1000,
  p95Ms: percentile(compositeLatencies, 95) * 1000,
};
console.log(
  `bestPerClassComposite (PER_CLASS_CROSS_FITTED): first ${compositeFirstMs.toFixed(0)} ms, median ${composite.medianMs.toFixed(1)} ms, p95 ${composite.p95Ms.toFixed(1)} ms`,
);

const results = {
  measuredAt: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    node: process.version,
    database: 'PostgreSQL (local)',
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: os.loadavg(),
  },
  ensembleEvaluation: { runs: RUNS, samples: SAMPLES, ...modes },
  bestPerClassComposite: { runs: RUNS, samples: SAMPLES, ...composite },
};
const outDir = path.join(import.meta.dirname, 'results');
await mkdir(outDir, { recursive: true });
await writeFile(path.join(outDir, 'ensemble-bench.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`results written to ${path.join(outDir, 'ensemble-bench.json')}`);

await api.close();
await database.drop();
await rm(artifactDir, { recursive: true, force: true });
