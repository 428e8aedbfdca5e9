// Where `--model` points: a local model folder or model.tar, a run (its newest MODEL artifact)
// or a registry alias (`champion`, or `<model>@<alias>`). Also finds the thresholds to fall back
// on when the model folder has no thresholds.json: the run's best validation evaluation's.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MODEL_FILES } from '@hpa-lab/ml';
import {
  modelOfRun,
  registryAliases,
  type ApiConnection,
  type ArtifactInfo,
} from '../api-client/index.ts';
import { UsageError } from '../cli/train-args.ts';
import { cachedModelDir, unpackedLocalTar } from './model-cache.ts';

export interface ResolvedModel {
  modelDir: string;
  /** The run the model came from (where --upload stores the submission); null for a folder. */
  runId: string | null;
  /** For the user: "run 1f2e… (name)", "hpa@champion (version 3, run …)" or the folder. */
  description: string;
  /** The run's best `val` evaluation's per-class thresholds, when it has one. */
  evaluationThresholds: { values: number[]; step: number } | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALIAS = /^(?:([A-Za-z0-9][A-Za-z0-9._-]*)@)?([a-z][a-z0-9_-]*)$/;

function localModel(path: string, home: string): Promise<ResolvedModel> | null {
  if (!existsSync(path)) return null;
  const base = { runId: null, description: path, evaluationThresholds: null };
  if (statSync(path).isDirectory()) {
    if (!existsSync(join(path, MODEL_FILES.topology))) {
      throw new UsageError(
        `--model ${path}: this folder holds no ${MODEL_FILES.topology}; give the folder a model ` +
          'was saved or unpacked to (model.json, weights.bin, train-config.json)',
      );
    }
    return Promise.resolve({ ...base, modelDir: path });
  }
  return unpackedLocalTar(home, path).then(
    (modelDir) => {
      if (existsSync(join(modelDir, MODEL_FILES.topology))) return { ...base, modelDir };
      throw new UsageError(
        `--model ${path}: the archive holds no ${MODEL_FILES.topology}; give a run's model.tar ` +
          'or a model folder',
      );
    },
    (error: unknown) => {
      if (error instanceof UsageError) throw error;
      throw new UsageError(
        `--model ${path}: not a model folder or model.tar (${(error as Error).message}); give ` +
          "a folder with model.json, a run's model.tar, a run id or an alias",
      );
    },
  );
}

function newestModel(artifacts: readonly (ArtifactInfo & { createdAt: string })[]) {
  return artifacts
    .filter((artifact) => artifact.kind === 'MODEL')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

async function runModel(
  connection: ApiConnection,
  home: string,
  runId: string,
): Promise<ResolvedModel> {
  const run = await modelOfRun(connection, runId);
  if (!run) {
    throw new UsageError(
      `--model ${runId}: no run with this id at ${connection.url}; copy the id from the run's ` +
        'page, or give a model folder or an alias such as champion',
    );
  }
  const artifact = newestModel(run.artifacts.nodes);
  if (!artifact) {
    throw new UsageError(
      `--model ${runId}: run "${run.name}" (${run.status.toLowerCase()}) has no model ` +
        'artifact; choose a run that succeeded',
    );
  }
  const evaluation = run.bestEvaluation;
  return {
    modelDir: await cachedModelDir(home, connection, artifact),
    runId: run.id,
    description: `run ${run.id} (${run.name})`,
    evaluationThresholds: evaluation
      ? { values: evaluation.threshold, step: evaluation.step }
      : null,
  };
}

async function aliasModel(
  connection: ApiConnection,
  home: string,
  spec: string,
  match: RegExpExecArray,
): Promise<ResolvedModel> {
  const [, modelName, alias] = match;
  const models = await registryAliases(connection);
  const found = models.flatMap((model) =>
    model.aliases
      .filter((a) => a.alias === alias && (modelName === undefined || model.name === modelName))
      .map((a) => ({ model, version: a.version, label: `${model.name}@${a.alias}` })),
  );
  if (found.length === 0) {
    const known = models.flatMap((m) => m.aliases.map((a) => `${m.name}@${a.alias}`));
    throw new UsageError(
      `--model ${spec}: no model folder, run or registry alias by that name; give a model ` +
        `folder, a run id or an alias (${known.length ? `registered: ${known.join(', ')}` : 'the registry has none: promote a run first'})`,
    );
  }
  if (found.length > 1) {
    throw new UsageError(
      `--model ${spec}: ${found.length} models have the alias ${alias} ` +
        `(${found.map((f) => f.label).join(', ')}); name one as <model>@${alias}`,
    );
  }
  const { version, label } = found[0]!;
  const evaluation = version.run.bestEvaluation;
  return {
    modelDir: await cachedModelDir(home, connection, version.artifact),
    runId: version.run.id,
    description: `${label} (version ${version.version}, run ${version.run.id})`,
    evaluationThresholds: evaluation
      ? { values: evaluation.threshold, step: evaluation.step }
      : null,
  };
}

export async function resolveModel(
  spec: string,
  options: { invocationDir: string; home: string; connection: () => ApiConnection },
): Promise<ResolvedModel> {
  const local = localModel(resolve(options.invocationDir, spec), options.home);
  if (local) return local;
  if (UUID.test(spec)) return runModel(options.connection(), options.home, spec.toLowerCase());
  const alias = ALIAS.exec(spec);
  if (alias) return aliasModel(options.connection(), options.home, spec, alias);
  throw new UsageError(
    `--model ${spec}: no such folder, and not a run id or an alias; give a model folder, a ` +
      'run id or an alias such as champion',
  );
}
