// `npm run study -w @hpa-lab/trainer -- --labels-file <train.csv> [options]`: the imbalance
// study of issue 22 on the platform. Generates the synthetic set with the label file's label
// sets (once), launches every variant as a run through the API (the platform's trainers train
// them), resumes from the runs already there, and writes the report. See packages/ml's README,
// "The imbalance study".
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSyntheticDataset, labelSetsFromFile } from '@hpa-lab/ml';
import { backendNameSchema } from '@hpa-lab/ml/config';
import { DEFAULT_RETRY, createTrainerApi } from '../api-client/index.ts';
import { loadTrainerEnv, requireApiKey } from '../env.ts';
import { createStudyApi } from '../study/study-api.ts';
import { STUDY_VARIANTS, type StudySettings } from '../study/study-plan.ts';
import { runStudy } from '../study/run-study.ts';
import { perClassCsv, studyMarkdown } from '../study/study-report.ts';

const USAGE = `Usage: npm run study -w @hpa-lab/trainer -- --labels-file <train.csv> [options]
  --labels-file <csv>   Id,Target file whose label sets the synthetic samples take (required
                        unless --data-dir already holds the generated set)
  --study <name>        names the runs <name>/<variant>... (default: full)
  --count <n>           samples (default: every row of the labels file)
  --size <px>           image and input size (default 64)
  --data-dir <dir>      where the set is generated (default $HPA_LAB_HOME/datasets/imbalance-<study>)
  --epochs <n>          (default 6)   --steps-per-epoch <n> (default 0 = full pass)
  --batch-size <n>      (default 32)  --learning-rate <x> (default 0.002)
  --width <n>           ResNet width (default 16)
  --blocks-per-stage a,b,...  ResNet blocks per stage (default 1,1,1,1 = ResNet-10; it
                        downsamples by 32, so 32 px inputs need three stages: 1,1,1)
  --split-seed <n>      (default 2018) --seed <n> (default 42)
  --folds <k>           (default 5; 0 = the single split only, e.g. for a larger --size)
  --cv-seeds a,b,c      (default: --seed) --cv-best <n> (default 2)
  --cv-variants a,b     cross-validate these (and bce) instead of the --cv-best best of the
                        single split: e.g. more --cv-seeds of an earlier study's choice
  --variants a,b        a subset of: ${STUDY_VARIANTS.map((v) => v.key).join(', ')}
  --backend <name>      force a backend in every run's config
  --project <slug>      (default: the first project)
  --out <dir>           report folder (default study-results/<study>)
  --no-wait             launch what is missing, report what is there, exit
  --poll-seconds <n>    (default 15)
Environment: HPA_API_URL, HPA_API_KEY (required), HPA_LAB_HOME.`;

function int(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name}: expected an integer >= 0, got "${text}"`);
  return value;
}

/** Generates the set unless it is there already with the same labels, count and size. */
async function ensureDataset(
  dir: string,
  labelsFile: string | undefined,
  count: number | undefined,
  size: number,
  seed: number,
) {
  const metaFile = join(dir, 'synthetic.json');
  if (existsSync(metaFile)) {
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as Record<string, unknown>;
    const problems: string[] = [];
    if (meta.size !== size) problems.push(`size ${String(meta.size)}, not ${size}`);
    if (count !== undefined && meta.count !== count)
      problems.push(`count ${String(meta.count)}, not ${count}`);
    if (labelsFile) {
      const { sha256 } = await labelSetsFromFile(labelsFile, 1, 0);
      if (meta.labelsSha256 !== sha256)
        problems.push(`labels from another file than ${labelsFile}`);
    }
    if (problems.length > 0) {
      throw new Error(
        `--data-dir ${dir} holds another set (${problems.join('; ')}); choose another --data-dir or --study`,
      );
    }
    console.log(`data: ${dir} (generated before: ${String(meta.count)} samples, ${size} px)`);
    return;
  }
  if (!labelsFile) throw new Error(`--labels-file is required: ${dir} has no generated set yet`);
  const rows = (await readFile(labelsFile, 'utf8')).trim().split('\n').length - 1;
  const n = count ?? rows;
  console.log(`data: generating ${n} samples at ${size} px into ${dir}`);
  const started = performance.now();
  let lastTenth = 0;
  await generateSyntheticDataset({
    outDir: dir,
    count: n,
    size,
    seed,
    labelsFile,
    onProgress: (done, total) => {
      const tenth = Math.floor((10 * done) / total);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        console.log(`data: ${done}/${total}`);
      }
    },
  });
  console.log(`data: generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'labels-file': { type: 'string' },
      study: { type: 'string', default: 'full' },
      count: { type: 'string' },
      size: { type: 'string' },
      'data-dir': { type: 'string' },
      epochs: { type: 'string' },
      'steps-per-epoch': { type: 'string' },
      'batch-size': { type: 'string' },
      'learning-rate': { type: 'string' },
      width: { type: 'string' },
      'blocks-per-stage': { type: 'string' },
      'split-seed': { type: 'string' },
      seed: { type: 'string' },
      folds: { type: 'string' },
      'cv-seeds': { type: 'string' },
      'cv-best': { type: 'string' },
      'cv-variants': { type: 'string' },
      variants: { type: 'string' },
      backend: { type: 'string' },
      project: { type: 'string' },
      out: { type: 'string' },
      'no-wait': { type: 'boolean', default: false },
      'poll-seconds': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const env = loadTrainerEnv();
  const here = (path: string) => resolve(env.invocationDir, path);
  const study = values.study ?? 'full';
  const size = int('size', values.size, 64);
  const seed = int('seed', values.seed, 42);
  const count = values.count === undefined ? undefined : int('count', values.count, 0);
  const labelsFile = values['labels-file'] ? here(values['labels-file']) : undefined;
  const dataDir = values['data-dir']
    ? here(values['data-dir'])
    : join(env.home, 'datasets', `imbalance-${study}`);
  const keys = values.variants?.split(',').map((k) => k.trim());
  const variants = keys
    ? keys.map((key) => {
        const found = STUDY_VARIANTS.find((v) => v.key === key);
        if (!found)
          throw new Error(
            `--variants: no variant "${key}" (${STUDY_VARIANTS.map((v) => v.key).join(', ')})`,
          );
        return found;
      })
    : STUDY_VARIANTS;
  const backend =
    values.backend === undefined ? undefined : backendNameSchema.parse(values.backend);
  const learningRate =
    values['learning-rate'] === undefined ? 0.002 : Number(values['learning-rate']);
  if (!(learningRate > 0 && learningRate <= 1))
    throw new Error(`--learning-rate: expected (0, 1], got "${values['learning-rate']}"`);
  const settings: StudySettings = {
    study,
    dataDir,
    inputSize: size,
    epochs: int('epochs', values.epochs, 6),
    stepsPerEpoch: int('steps-per-epoch', values['steps-per-epoch'], 0),
    batchSize: int('batch-size', values['batch-size'], 32),
    learningRate,
    model: {
      name: 'resnet',
      blocksPerStage: (values['blocks-per-stage'] ?? '1,1,1,1')
        .split(',')
        .map((b) => int('blocks-per-stage', b, 1)),
      width: int('width', values.width, 16),
    },
    splitSeed: int('split-seed', values['split-seed'], 2018),
    validationFraction: 0.2,
    seed,
    folds: int('folds', values.folds, 5),
    cvSeeds: values['cv-seeds']
      ? values['cv-seeds'].split(',').map((s) => int('cv-seeds', s, 0))
      : [seed],
    cvBest: int('cv-best', values['cv-best'], 2),
    ...(values['cv-variants']
      ? { cvVariants: values['cv-variants'].split(',').map((k) => k.trim()) }
      : {}),
    variants,
    ...(backend ? { backend } : {}),
  };
  await ensureDataset(dataDir, labelsFile, count, size, 1);

  const connection = { url: env.apiUrl, key: requireApiKey(env) };
  const projects = await createTrainerApi(connection, {
    ...DEFAULT_RETRY,
    budgetMs: env.apiRetryBudgetMs,
  }).projects();
  const project = values.project ? projects.find((p) => p.slug === values.project) : projects[0];
  if (!project)
    throw new Error(
      values.project ? `--project: no project "${values.project}"` : 'the API has no project',
    );

  const started = performance.now();
  const result = await runStudy(settings, {
    api: createStudyApi(connection),
    projectId: project.id,
    wait: !values['no-wait'],
    pollMs: 1000 * int('poll-seconds', values['poll-seconds'], 15),
    log: (line) => console.log(line),
  });
  const out = values.out ? here(values.out) : here(join('study-results', study));
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'per-class-f1.csv'), perClassCsv(result));
  await writeFile(join(out, 'imbalance-study.md'), studyMarkdown(result, 'per-class-f1.csv'));
  await writeFile(join(out, 'result.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(studyMarkdown(result, 'per-class-f1.csv'));
  console.log(
    `report: ${join(out, 'imbalance-study.md')} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  if (error instanceof Error && /^Usage|--/.test(error.message)) console.error(USAGE);
  process.exitCode = 1;
});
