// Seeds a run the way a trainer would log one, through the real API with typed documents: 100
// epochs of curves (train/loss and learning rate every step, validation metrics each epoch),
// five validation evaluations with consistent per-class counts and co-occurrence, and a model
// file. The numbers are formulas of the epoch and class, so specs and the bench can read them
// back from the page and compare. Shared by e2e/run-page.spec.ts and bench/.
import { createHash } from 'node:crypto';
import { macroF1FromPerClass } from '@hpa-lab/ml/metrics';
import { graphql } from '@/graphql/generated';
import type { ApiClient } from './harness/api-client';

export const EPOCHS = 100;
export const STEPS_PER_EPOCH = 20;
/**
 * Evaluations at the end of these epochs, and how good each is (it sets the per-class recall);
 * the best is epoch 75. The macro F1 stored with an evaluation is computed from its per-class
 * F1s by packages/ml's definition, as the trainer does and as the API checks.
 */
export const EVALUATION_EPOCHS = [10, 25, 50, 75, 100] as const;
const EVALUATION_QUALITY: Record<number, number> = {
  10: 0.2,
  25: 0.35,
  50: 0.45,
  75: 0.52,
  100: 0.5,
};
export const BEST_EPOCH = 75;
const CLASSES = 28;
const VALIDATION_IMAGES = 3000;
/** HPA-like support: Nucleoplasm and Cytosol common; 8, 9, 10, 15, 27 the five rarest. */
export const SUPPORT = [
  1200, 120, 350, 150, 180, 240, 100, 270, 6, 5, 4, 110, 70, 55, 115, 3, 50, 90, 80, 130, 40, 300,
  75, 250, 60, 1000, 65, 2,
];
export const RARE_CLASSES = [8, 9, 10, 15, 27];
/** Seeded co-occurrence counts that the specs look for. */
export const NUCLEOPLASM_PREDICTED_CYTOSOL = 300;

const CreateRunDocument = graphql(`
  mutation SeedCreateRun($input: CreateRunInput!) {
    createRun(input: $input) {
      id
    }
  }
`);
const StartRunDocument = graphql(`
  mutation SeedStartRun(
    $id: ID!
    $backend: String
    $device: String
    $datasetFingerprint: String
    $splitSeed: Int
  ) {
    startRun(
      id: $id
      backend: $backend
      device: $device
      datasetFingerprint: $datasetFingerprint
      splitSeed: $splitSeed
    ) {
      id
    }
  }
`);
const LogMetricsDocument = graphql(`
  mutation SeedLogMetrics($runId: ID!, $points: [MetricPointInput!]!) {
    logMetrics(runId: $runId, points: $points) {
      written
    }
  }
`);
const LogEvaluationDocument = graphql(`
  mutation SeedLogEvaluation($input: LogEvaluationInput!) {
    logEvaluation(input: $input) {
      id
    }
  }
`);
const FinishRunDocument = graphql(`
  mutation SeedFinishRun($id: ID!, $status: FinishStatus!, $errorMessage: String) {
    finishRun(id: $id, status: $status, errorMessage: $errorMessage) {
      id
    }
  }
`);

export const FINGERPRINT = createHash('sha256').update('hpa-lab e2e dataset').digest('hex');

export function seedConfig(): Record<string, unknown> {
  return {
    model: { name: 'small-cnn', filters: 8, blocks: 3 },
    inputSize: 64,
    epochs: EPOCHS,
    dataset: { cachePath: '/data/cache.bin', fingerprint: FINGERPRINT, splitSeed: 7 },
  };
}

/** The end-of-epoch metrics of epoch e (1-based), exact at 4 significant digits. */
export function epochMetrics(epoch: number) {
  return {
    'val/macro_f1': epoch / 200,
    'val/loss': Number((1.5 - epoch / 100).toFixed(2)),
    'train/epoch_loss': Number((1.4 - epoch / 100).toFixed(2)),
    'train/images_per_second': 150 + epoch,
  };
}

export function stepLoss(step: number): number {
  return 1.2 * Math.exp(-step / 700) + 0.05 + 0.02 * Math.sin(step);
}

export function learningRate(step: number): number {
  return 0.001 * Math.pow(0.5, Math.floor(step / STEPS_PER_EPOCH / 30));
}

/** Per-class numbers of the evaluation at an epoch, consistent with each other. */
export function evaluationAt(epoch: number) {
  const quality = EVALUATION_QUALITY[epoch]!;
  const tp: number[] = [];
  const fp: number[] = [];
  const fn: number[] = [];
  const tn: number[] = [];
  for (let c = 0; c < CLASSES; c += 1) {
    const support = SUPPORT[c]!;
    const recall = Math.min(0.95, quality + ((c * 7) % 10) / 40);
    const truePositives = Math.round(support * recall);
    const falsePositives = Math.round(truePositives * (0.2 + ((c * 3) % 5) / 10));
    tp.push(truePositives);
    fn.push(support - truePositives);
    fp.push(falsePositives);
    tn.push(VALIDATION_IMAGES - support - falsePositives);
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const precision = tp.map((t, c) => ratio(t, t + fp[c]!));
  const recall = tp.map((t, c) => ratio(t, SUPPORT[c]!));
  const f1 = tp.map((t, c) => ratio(2 * t, 2 * t + fp[c]! + fn[c]!));
  // Off the diagonal a few images each, none for classes too small to have them (a cell never
  // exceeds its row's support: each image counts once per predicted class).
  const cooccurrence = Array.from({ length: CLASSES }, (_, i) =>
    Array.from({ length: CLASSES }, (_, j) =>
      i === j ? tp[i]! : SUPPORT[i]! >= 50 ? (i * 7 + j * 3) % 5 : 0,
    ),
  );
  cooccurrence[0]![25] = NUCLEOPLASM_PREDICTED_CYTOSOL;
  cooccurrence[25]![0] = 280;
  return {
    step: epoch * STEPS_PER_EPOCH,
    macroF1: macroF1FromPerClass(f1),
    perClass: {
      f1,
      precision,
      recall,
      support: SUPPORT,
      threshold: Array.from({ length: CLASSES }, (_, c) => 0.2 + (c % 6) / 10),
      tp,
      fp,
      fn,
      tn,
    },
    cooccurrence,
  };
}

export interface SeededRun {
  id: string;
  artifact: { name: string; sha256: string; bytes: number };
}

export interface SeedOptions {
  name?: string;
  approach?: string;
  /** Leave the run running (a cancel button to test) instead of finishing it. */
  running?: boolean;
  /** How many epochs of curves to log (default all 100). */
  epochs?: number;
}

export async function seedRun(
  api: ApiClient,
  projectId: string,
  options: SeedOptions = {},
): Promise<SeededRun> {
  const epochs = options.epochs ?? EPOCHS;
  const { createRun } = await api.request(CreateRunDocument, {
    input: {
      projectId,
      name: options.name ?? 'resnet focal 100 epochs',
      approach: options.approach ?? 'focal loss, rare-class oversampling',
      tags: ['e2e', 'focal'],
      config: seedConfig(),
      datasetFingerprint: FINGERPRINT,
      splitSeed: 7,
      gitCommit: '0123456789abcdef0123456789abcdef01234567',
    },
  });
  const id = createRun.id;
  await api.request(StartRunDocument, {
    id,
    backend: 'wasm-onednn',
    device: 'cpu (2 cores)',
    datasetFingerprint: FINGERPRINT,
    splitSeed: 7,
  });

  const points: { key: string; step: number; value: number }[] = [];
  for (let step = 0; step < epochs * STEPS_PER_EPOCH; step += 1) {
    points.push({ key: 'train/loss', step, value: stepLoss(step) });
    points.push({ key: 'train/learning_rate', step, value: learningRate(step) });
  }
  for (let epoch = 1; epoch <= epochs; epoch += 1) {
    for (const [key, value] of Object.entries(epochMetrics(epoch))) {
      points.push({ key, step: epoch * STEPS_PER_EPOCH, value });
    }
  }
  for (let i = 0; i < points.length; i += 1000) {
    await api.request(LogMetricsDocument, { runId: id, points: points.slice(i, i + 1000) });
  }
  for (const epoch of EVALUATION_EPOCHS.filter((e) => e <= epochs)) {
    const evaluation = evaluationAt(epoch);
    await api.request(LogEvaluationDocument, { input: { runId: id, split: 'val', ...evaluation } });
  }

  const content = Buffer.alloc(256 * 1024);
  for (let i = 0; i < content.length; i += 1) content[i] = (i * 31 + 7) % 251;
  const sha256 = createHash('sha256').update(content).digest('hex');
  const name = 'model.bin';
  const upload = await fetch(`${api.url}/artifacts/runs/${id}/${name}?kind=MODEL`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${api.key}`,
      'content-type': 'application/octet-stream',
      'content-length': String(content.length),
      'x-content-sha256': sha256,
    },
    body: content,
  });
  if (!upload.ok)
    throw new Error(`artifact upload failed: HTTP ${upload.status} ${await upload.text()}`);

  if (!options.running) {
    await api.request(FinishRunDocument, { id, status: 'SUCCEEDED', errorMessage: null });
  }
  return { id, artifact: { name, sha256, bytes: content.length } };
}
