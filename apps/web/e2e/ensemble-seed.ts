// Runs with stored validation probabilities, for the compare page's per-class parts and the
// ensemble what-if. One synthetic validation set (ids, multi-hot truth; rare classes rare) and
// per run a probability matrix in which each run is good at different classes. Each run's
// evaluation is what packages/ml's metrics make of its probabilities (global cut 0.5), so the
// page's per-class F1s can be checked against numbers derived here, and the probabilities go
// up as the trainer sends them: contracts' binary format, PUT /artifacts/runs/<id>/<name>.
import { createHash } from 'node:crypto';
import {
  VALIDATION_PROBABILITIES_ARTIFACT,
  encodeValidationProbabilities,
} from '@hpa-lab/contracts';
import { VALIDATION_SPLIT } from '@hpa-lab/ml/config';
import { evaluate, type EvaluationReport } from '@hpa-lab/ml/metrics';
import { RARE_CLASS_IDS } from '@hpa-lab/ml/rare-classes';
import { graphql } from '../src/graphql/generated';
import type { ApiClient } from './harness/api-client';

export const CLASSES = 28;
export const SAMPLES = 400;
export const BEST_STEP = 120;
export const CUT = 0.5;

const CreateRun = graphql(`
  mutation EnsembleSeedCreateRun($input: CreateRunInput!) {
    createRun(input: $input) {
      id
    }
  }
`);

const StartRun = graphql(`
  mutation EnsembleSeedStartRun($id: ID!) {
    startRun(id: $id, backend: "wasm", device: "cpu (e2e)") {
      id
    }
  }
`);

const LogEvaluation = graphql(`
  mutation EnsembleSeedLogEvaluation($input: LogEvaluationInput!) {
    logEvaluation(input: $input) {
      id
    }
  }
`);

const LogMetrics = graphql(`
  mutation EnsembleSeedLogMetrics($runId: ID!, $points: [MetricPointInput!]!) {
    logMetrics(runId: $runId, points: $points) {
      written
    }
  }
`);

const FinishRun = graphql(`
  mutation EnsembleSeedFinishRun($id: ID!) {
    finishRun(id: $id, status: SUCCEEDED) {
      id
    }
  }
`);

/** mulberry32: a small seeded PRNG, so every run of the spec sees the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(next: () => number): number {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

export interface ValidationSet {
  ids: string[];
  /** SAMPLES x CLASSES multi-hot, row-major. */
  truth: Uint8Array;
}

/** The shared validation set: class c present with a prevalence falling with c; rare ones ~4%. */
export function validationSet(): ValidationSet {
  const next = random(18);
  const rare = new Set(RARE_CLASS_IDS);
  const ids = Array.from({ length: SAMPLES }, (_, i) => `val-${String(i).padStart(4, '0')}`);
  const truth = new Uint8Array(SAMPLES * CLASSES);
  for (let s = 0; s < SAMPLES; s++) {
    for (let c = 0; c < CLASSES; c++) {
      const prevalence = rare.has(c) ? 0.04 : 0.35 - c * 0.01;
      truth[s * CLASSES + c] = next() < prevalence ? 1 : 0;
    }
  }
  return { ids, truth };
}

export interface RunRecipe {
  name: string;
  approach: string;
  seed: number;
  /** How well the run separates class c (logit margin; about 0.5 weak to 3 strong). */
  skill: (classId: number) => number;
}

export interface SeededRun {
  id: string;
  name: string;
  probabilities: Float32Array;
  evaluation: EvaluationReport;
}

/** Float32 probabilities (as the artifact stores them) of a run on the validation set. */
export function probabilitiesOf(set: ValidationSet, recipe: RunRecipe): Float32Array {
  const next = random(recipe.seed);
  const out = new Float32Array(SAMPLES * CLASSES);
  for (let i = 0; i < out.length; i++) {
    const c = i % CLASSES;
    const margin = recipe.skill(c);
    const logit = (set.truth[i] ? margin : -margin) + gaussian(next) * 1.2;
    out[i] = 1 / (1 + Math.exp(-logit));
  }
  return out;
}

async function uploadProbabilities(
  api: ApiClient,
  runId: string,
  set: ValidationSet,
  probabilities: Float32Array,
): Promise<void> {
  const bytes = encodeValidationProbabilities({
    step: BEST_STEP,
    classes: CLASSES,
    ids: set.ids,
    labels: set.truth,
    probabilities,
  });
  const response = await fetch(
    `${api.url}/artifacts/runs/${runId}/${VALIDATION_PROBABILITIES_ARTIFACT}?kind=PREDICTIONS`,
    {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${api.key}`,
        'content-type': 'application/octet-stream',
        'x-content-sha256': createHash('sha256').update(bytes).digest('hex'),
      },
      body: new Blob([new Uint8Array(bytes)]),
    },
  );
  if (!response.ok) {
    throw new Error(
      `upload of ${runId}'s probabilities: HTTP ${response.status} ${await response.text()}`,
    );
  }
}

async function uploadModel(api: ApiClient, runId: string): Promise<void> {
  const bytes = new TextEncoder().encode(`model of ${runId}`);
  const response = await fetch(`${api.url}/artifacts/runs/${runId}/model.bin?kind=MODEL`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${api.key}`,
      'content-type': 'application/octet-stream',
      'x-content-sha256': createHash('sha256').update(bytes).digest('hex'),
    },
    body: new Blob([bytes]),
  });
  if (!response.ok) {
    throw new Error(`upload of ${runId}'s model: HTTP ${response.status} ${await response.text()}`);
  }
}

/**
 * Creates a finished run whose best validation evaluation is packages/ml's evaluation of its
 * probabilities at a global cut of 0.5; uploads the probabilities unless `withProbabilities`
 * is false (a run the ensemble must refuse).
 */
export async function seedRunWithProbabilities(
  api: ApiClient,
  projectId: string,
  set: ValidationSet,
  recipe: RunRecipe,
  options: {
    withProbabilities?: boolean;
    fingerprint?: string;
    /** Config values laid over the seed's (a run that differs in its model, say). */
    config?: Record<string, unknown>;
    /** Curve points logged while the run runs (the compare page's charts). */
    curves?: readonly { key: string; step: number; value: number }[];
    /** Store a (small, fake) model file, so that the run can be promoted. */
    withModel?: boolean;
  } = {},
): Promise<SeededRun> {
  const probabilities = probabilitiesOf(set, recipe);
  const evaluation = evaluate(set.truth, probabilities, new Array<number>(CLASSES).fill(CUT));
  const { createRun } = await api.request(CreateRun, {
    input: {
      projectId,
      name: recipe.name,
      approach: recipe.approach,
      tags: [],
      config: {
        model: { name: 'small-cnn' },
        inputSize: 64,
        loss: { name: 'bce' },
        dataset: {
          cachePath: '/data/cache.bin',
          fingerprint: options.fingerprint ?? 'fp-ensemble',
          splitSeed: 7,
        },
        ...options.config,
      },
    },
  });
  const id = createRun.id;
  await api.request(StartRun, { id });
  await api.request(LogEvaluation, {
    input: {
      runId: id,
      step: BEST_STEP,
      split: VALIDATION_SPLIT,
      macroF1: evaluation.macroF1,
      perClass: evaluation.perClass,
      cooccurrence: evaluation.cooccurrence,
    },
  });
  const curves = options.curves ?? [];
  for (let i = 0; i < curves.length; i += 1000) {
    await api.request(LogMetrics, { runId: id, points: curves.slice(i, i + 1000) });
  }
  if (options.withProbabilities !== false) {
    await uploadProbabilities(api, id, set, probabilities);
  }
  if (options.withModel) await uploadModel(api, id);
  await api.request(FinishRun, { id });
  return { id, name: recipe.name, probabilities, evaluation };
}
