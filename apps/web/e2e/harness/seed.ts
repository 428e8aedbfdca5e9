// Seeds runs through the GraphQL API (typed documents), the way a trainer would create them:
// createRun, then startRun / logEvaluation / finishRun as far as the wanted status needs.
import { NUM_CLASSES } from '@hpa-lab/ml/classes';
import { VALIDATION_SPLIT } from '@hpa-lab/ml/config';
import { macroF1FromPerClass } from '@hpa-lab/ml/metrics';
import { graphql } from '@/graphql/generated';
import type { ApiClient } from './api-client';

const CreateMember = graphql(`
  mutation HarnessSeedCreateMember($input: CreateMemberInput!) {
    createMember(input: $input) {
      id
      name
    }
  }
`);

const CreateApiKey = graphql(`
  mutation HarnessSeedCreateApiKey($memberId: ID, $name: String!, $expiresAt: DateTime) {
    createApiKey(memberId: $memberId, name: $name, expiresAt: $expiresAt) {
      apiKey {
        id
      }
      secret
    }
  }
`);

const RevokeApiKey = graphql(`
  mutation HarnessSeedRevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
    }
  }
`);

const CreateRun = graphql(`
  mutation HarnessSeedCreateRun($input: CreateRunInput!) {
    createRun(input: $input) {
      id
    }
  }
`);

const StartRun = graphql(`
  mutation HarnessSeedStartRun($id: ID!, $backend: String, $device: String) {
    startRun(id: $id, backend: $backend, device: $device) {
      id
    }
  }
`);

const LogEvaluation = graphql(`
  mutation HarnessSeedLogEvaluation($input: LogEvaluationInput!) {
    logEvaluation(input: $input) {
      id
    }
  }
`);

const FinishRun = graphql(`
  mutation HarnessSeedFinishRun($id: ID!, $status: FinishStatus!, $errorMessage: String) {
    finishRun(id: $id, status: $status, errorMessage: $errorMessage) {
      id
    }
  }
`);

export type SeedStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface SeedRun {
  name: string;
  approach?: string;
  tags?: string[];
  status: SeedStatus;
  /**
   * Logs one validation evaluation (a running or finished run) whose per-class F1 is this for
   * every class, so its macro F1 is this too.
   */
  macroF1?: number;
  /** Per-class F1 of that evaluation instead; its macro F1 is then their mean (packages/ml). */
  f1?: number[];
  model?: 'small-cnn' | 'resnet' | 'mobilenet-v2';
  inputSize?: number;
  loss?: string;
}

export interface SeededRun extends SeedRun {
  id: string;
}

const CLASSES = NUM_CLASSES;

function uniformF1(value: number): number[] {
  return Array.from({ length: CLASSES }, () => value);
}

function evaluationInput(runId: string, perClassF1: number[]) {
  const support = Array.from({ length: CLASSES }, (_, i) => 100 - i * 3);
  const tp = support.map((s, i) => Math.round(s * (perClassF1[i] ?? 0)));
  const fn = support.map((s, i) => s - (tp[i] ?? 0));
  const fp = fn.slice();
  const tn = support.map((s) => 1000 - s);
  return {
    runId,
    step: 100,
    split: VALIDATION_SPLIT,
    macroF1: macroF1FromPerClass(perClassF1),
    perClass: {
      f1: perClassF1,
      precision: perClassF1,
      recall: perClassF1,
      support,
      threshold: Array.from({ length: CLASSES }, () => 0.5),
      tp,
      fp,
      fn,
      tn,
    },
    cooccurrence: Array.from({ length: CLASSES }, (_, row) =>
      Array.from({ length: CLASSES }, (_, col) => (row === col ? (tp[row] ?? 0) : 0)),
    ),
  };
}

export async function seedRun(api: ApiClient, projectId: string, run: SeedRun): Promise<SeededRun> {
  const model = run.model ?? 'small-cnn';
  const { createRun } = await api.request(CreateRun, {
    input: {
      projectId,
      name: run.name,
      approach: run.approach ?? `${model} ${run.loss ?? 'bce'}`,
      tags: run.tags ?? [],
      config: {
        model: { name: model },
        inputSize: run.inputSize ?? 64,
        loss: { name: run.loss ?? 'bce' },
        dataset: { cachePath: '/data/cache.bin', fingerprint: 'fp-e2e', splitSeed: 7 },
      },
    },
  });
  const id = createRun.id;
  if (run.status !== 'QUEUED') {
    await api.request(StartRun, { id, backend: 'wasm', device: 'cpu (e2e)' });
    const f1 = run.f1 ?? (run.macroF1 === undefined ? undefined : uniformF1(run.macroF1));
    if (f1) await api.request(LogEvaluation, { input: evaluationInput(id, f1) });
    if (run.status !== 'RUNNING') {
      await api.request(FinishRun, {
        id,
        status: run.status,
        errorMessage: run.status === 'FAILED' ? 'out of memory (seeded)' : null,
      });
    }
  }
  return { ...run, ...(run.f1 ? { macroF1: macroF1FromPerClass(run.f1) } : {}), id };
}

/** Seeds runs one after another (their creation order is their order here). */
export async function seedRuns(
  api: ApiClient,
  projectId: string,
  runs: readonly SeedRun[],
): Promise<SeededRun[]> {
  const seeded: SeededRun[] = [];
  for (const run of runs) seeded.push(await seedRun(api, projectId, run));
  return seeded;
}

export async function createMemberWithKey(
  api: ApiClient,
  input: { email: string; name: string; role: 'ADMIN' | 'MEMBER' | 'VIEWER' },
  key: { expiresAt?: string } = {},
): Promise<{ id: string; name: string; key: string; keyId: string }> {
  const { createMember } = await api.request(CreateMember, { input });
  const created = await api.request(CreateApiKey, {
    memberId: createMember.id,
    name: 'e2e',
    expiresAt: key.expiresAt ?? null,
  });
  return {
    id: createMember.id,
    name: createMember.name,
    key: created.createApiKey.secret,
    keyId: created.createApiKey.apiKey.id,
  };
}

export async function revokeKey(api: ApiClient, keyId: string): Promise<void> {
  await api.request(RevokeApiKey, { id: keyId });
}
