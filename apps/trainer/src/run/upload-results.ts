// Uploads what a finished run produced: the best model (one tar), the best epoch's validation
// probabilities (for ensembles), predictions and the Kaggle submission when a test folder was given, and run-info.json (backend, data fingerprint,
// split) so the run's provenance travels with its files.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VALIDATION_PROBABILITIES_ARTIFACT } from '@hpa-lab/contracts';
import type { ArtifactInfo, ArtifactKind, TrainerApi } from '../api-client/index.ts';
import type { TrainingResultMessage } from './child-messages.ts';
import { MODEL_ARTIFACT_NAME, packModel } from './model-bundle.ts';

export async function uploadFile(
  api: TrainerApi,
  runId: string,
  file: string,
  kind: ArtifactKind,
  name?: string,
): Promise<ArtifactInfo> {
  return api.uploadArtifact({ runId, file, kind, ...(name ? { name } : {}) });
}

export async function uploadModelDir(
  api: TrainerApi,
  runId: string,
  modelDir: string,
  workDir: string,
  kind: 'MODEL' | 'CHECKPOINT',
): Promise<ArtifactInfo> {
  const name = kind === 'MODEL' ? MODEL_ARTIFACT_NAME : 'best-checkpoint.tar';
  const tarFile = join(workDir, name);
  await packModel(modelDir, tarFile);
  return uploadFile(api, runId, tarFile, kind, name);
}

export async function uploadRunResults(options: {
  api: TrainerApi;
  runId: string;
  workDir: string;
  result: TrainingResultMessage;
  runInfo: Record<string, unknown>;
}): Promise<ArtifactInfo[]> {
  const { api, runId, workDir, result } = options;
  const uploaded: ArtifactInfo[] = [];
  if (result.modelDir && existsSync(result.modelDir)) {
    uploaded.push(await uploadModelDir(api, runId, result.modelDir, workDir, 'MODEL'));
  }
  if (result.validationProbabilities && existsSync(result.validationProbabilities)) {
    // What the API's ensembleEvaluation averages with other runs' (apps/api/README.md).
    uploaded.push(
      await uploadFile(
        api,
        runId,
        result.validationProbabilities,
        'PREDICTIONS',
        VALIDATION_PROBABILITIES_ARTIFACT,
      ),
    );
  }
  if (result.predictions) {
    uploaded.push(
      await uploadFile(api, runId, result.predictions.probabilitiesCsv, 'PREDICTIONS'),
      await uploadFile(api, runId, result.predictions.submissionCsv, 'SUBMISSION'),
    );
  }
  const infoFile = join(workDir, 'run-info.json');
  await writeFile(infoFile, `${JSON.stringify(options.runInfo, null, 2)}\n`);
  uploaded.push(await uploadFile(api, runId, infoFile, 'LOG'));
  return uploaded;
}
