// Seeds runs through the GraphQL API (typed documents), the way a trainer would create them:
// createRun, then startRun / logEvaluation / finishRun as far as the wanted status needs.
import { graphql } from '../../src/graphql/generated';
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
  /** Validation macro F1 of one evaluation (a running or finished run). */
  macroF1?: number;
  /** Per-class F1 of that evaluation; default: macroF1 for every class. */
  f1?: number[];
  model?: 'small-cnn' | 'resnet' | 'mobilenet-v2';
  inputSize?: number;
  loss?: string;
}

export interface SeededRun extends SeedRun {
  id: string;
}

const CLASSES = 28;

function evaluationInput(runId: string, macroF1: number, f1: number[] | undefined) {
  const perClassF1 = f1 ?? Array.from({ length: CLASSES }, () => macroF1);
  const support = Array.from({ length: CLASSES }, (_, i) => 100 - i * 3);
  const tp = support.map((s, i) => Math.round(s * (perClassF1[i] ?? 0)));
  const fn = support.map((s, i) => s - (tp[i] ?? 0));
  const fp = fn.slice();
  const tn = support.map((s) => 1000 - s);
  return {
    runId,
    step: 100,
    split: 'val',
    macroF1,
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
    if (run.macroF1 !== undefined) {
      await api.request(LogEvaluation, { input: evaluationInput(id, run.macroF1, run.f1) });
    }
    if (run.status !== 'RUNNING') {
      await api.request(FinishRun, {
        id,
        status: run.status,
        errorMessage: run.status === 'FAILED' ? 'out of memory (seeded)' : null,
      });
    }
  }
  return { ...run, id };
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
