// `hpa-train predict`: a Kaggle submission from a model folder, a run or a registry alias, with
// the run's per-class thresholds; --upload stores it on the run as a SUBMISSION artifact.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_FILES, loadModel, selectBackend } from '@hpa-lab/ml';
import { createTrainerApi, sha256OfFile, type TrainerApi } from '../api-client/index.ts';
import { requireApiKey, type TrainerEnv } from '../env.ts';
import { resolveModel, type ResolvedModel } from '../predict/model-source.ts';
import { DEFAULT_THRESHOLDS, predictSubmission } from '../predict/predict-submission.ts';
import { readTestFolder } from '../predict/test-folder.ts';
import { parsePredictArgs } from './predict-args.ts';
import { UsageError } from './train-args.ts';

export { PREDICT_USAGE } from './predict-args.ts';

/** The thresholds the model folder carries win; then the run's evaluation; then 0.5. */
function thresholdChoice(resolved: ResolvedModel): { fallback: readonly number[]; says: string } {
  if (existsSync(join(resolved.modelDir, MODEL_FILES.thresholds))) {
    return { fallback: DEFAULT_THRESHOLDS, says: `the model's ${MODEL_FILES.thresholds}` };
  }
  const evaluation = resolved.evaluationThresholds;
  if (evaluation) {
    return {
      fallback: evaluation.values,
      says: `the run's best val evaluation (step ${evaluation.step})`,
    };
  }
  return { fallback: DEFAULT_THRESHOLDS, says: '0.5 for every class (none stored)' };
}

function decodeProgress(total: number): (done: number) => void {
  let nextTenth = 1;
  return (done) => {
    if (done * 10 < nextTenth * total) return;
    while (nextTenth * total <= done * 10) nextTenth += 1;
    console.log(`predict: decoded ${done}/${total} samples`);
  };
}

export async function runPredict(argv: readonly string[], env: TrainerEnv): Promise<number> {
  const args = parsePredictArgs(argv, env.invocationDir);
  // The data first: a wrong folder is found before a model is downloaded.
  const dataset = await readTestFolder(args.dataDir);
  let api: TrainerApi | undefined;
  const connect = () => (api ??= createTrainerApi({ url: env.apiUrl, key: requireApiKey(env) }));
  const resolved = await resolveModel(args.model, {
    invocationDir: env.invocationDir,
    home: env.home,
    connection: () => connect().connection,
  });
  if (args.upload && !resolved.runId) {
    throw new UsageError(
      `--upload: ${resolved.description} is a local model that belongs to no run; give ` +
        '--model a run id or an alias to upload to its run, or leave --upload out',
    );
  }
  const thresholds = thresholdChoice(resolved);
  const backend = await selectBackend({ force: args.backend ?? env.backend ?? 'auto' });
  const loaded = await loadModel(resolved.modelDir, { fallbackThresholds: thresholds.fallback });
  console.log(
    `predict: ${resolved.description}, ${loaded.config.model.name} at ${loaded.config.inputSize} ` +
      `px, thresholds from ${thresholds.says}, backend ${backend.name}`,
  );
  let result;
  try {
    result = await predictSubmission({
      loaded,
      dataset,
      home: env.home,
      outFile: args.outFile,
      batchSize: args.batchSize,
      onDecodeProgress: decodeProgress(dataset.samples.length),
    });
  } finally {
    loaded.model.dispose();
  }
  console.log(
    `predict: wrote ${args.outFile}: ${result.samples} samples, ${result.labelled} with at ` +
      'least one class',
  );
  if (args.upload && resolved.runId) {
    // Named by its content: uploading the same submission again is a no-op, never a conflict.
    const sha = await sha256OfFile(args.outFile);
    const artifact = await connect().uploadArtifact({
      runId: resolved.runId,
      file: args.outFile,
      kind: 'SUBMISSION',
      name: `submission-${sha.slice(0, 12)}.csv`,
    });
    console.log(`predict: uploaded ${artifact.name} to run ${resolved.runId}`);
  }
  return 0;
}
