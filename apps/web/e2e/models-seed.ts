// Seeds a succeeded run with a model artifact through the API, as a trainer would: createRun,
// startRun and one evaluation (harness/seed.ts), the model file's upload, then finishRun.
import { createHash, randomBytes } from 'node:crypto';
import { RARE_CLASS_IDS } from '@hpa-lab/ml/rare-classes';
import { graphql } from '../src/graphql/generated';
import type { ApiClient } from './harness/api-client';
import { seedRun } from './harness/seed';

const FinishRunDocument = graphql(`
  mutation ModelsSeedFinishRun($id: ID!) {
    finishRun(id: $id, status: SUCCEEDED) {
      id
    }
  }
`);

export interface ModelRun {
  id: string;
  name: string;
  sha256: string;
  bytes: number;
}

/** `api` is the owner's client: the run belongs to whoever's key seeds it. */
export async function seedModelRun(
  api: ApiClient,
  projectId: string,
  input: { name: string; macroF1: number; rareF1?: number; withModel?: boolean },
): Promise<ModelRun> {
  // Per-class F1: `rareF1` for the five rare classes and the others set so that their mean is
  // macroF1 (the API checks that macro F1 is the mean of the 28).
  const rare = input.rareF1 ?? input.macroF1 / 2;
  const common = (28 * input.macroF1 - RARE_CLASS_IDS.length * rare) / (28 - RARE_CLASS_IDS.length);
  const f1 = Array.from({ length: 28 }, (_, i) => (RARE_CLASS_IDS.includes(i) ? rare : common));
  const run = await seedRun(api, projectId, {
    name: input.name,
    approach: 'resnet focal, per-class thresholds',
    status: 'RUNNING',
    macroF1: input.macroF1,
    f1,
  });
  const content = randomBytes(64 * 1024);
  const sha256 = createHash('sha256').update(content).digest('hex');
  if (input.withModel ?? true) {
    const upload = await fetch(`${api.url}/artifacts/runs/${run.id}/model.bin?kind=MODEL`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${api.key}`,
        'content-type': 'application/octet-stream',
        'content-length': String(content.length),
        'x-content-sha256': sha256,
      },
      body: content,
    });
    if (!upload.ok) throw new Error(`model upload failed: HTTP ${upload.status}`);
  }
  await api.request(FinishRunDocument, { id: run.id });
  return { id: run.id, name: input.name, sha256, bytes: content.length };
}
