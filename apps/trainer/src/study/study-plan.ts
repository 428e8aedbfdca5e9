// What the imbalance study trains (issue 22): one run per variant on one multilabel-stratified
// split, then K-fold cross-validation of BCE and the two best variants. Every run's name says
// what it is, so a restarted study finds its runs on the platform by tag and name.
import type { TrainConfigInput } from '@hpa-lab/ml/config';

/** Every run of every study carries it; the compare page and `runs(filter: {tag})` find them. */
export const STUDY_TAG = 'imbalance-study';
/** Added to a run launched again after its first attempt failed. */
export const RELAUNCH_TAG = 'relaunched';
export const RELAUNCH_SUFFIX = ' (relaunch)';

export interface StudyVariant {
  /** Short key: part of run names and tags (letters, digits, '-'). */
  key: string;
  /** What the report's table calls it. */
  label: string;
  /** The levers this variant changes over the shared base config. */
  config: Pick<TrainConfigInput, 'loss' | 'sampler' | 'augmentation'>;
}

/** Flips and quarter turns (every variant) plus exposure jitter: the "strong" augmentation. */
const STRONG_AUGMENTATION = { flip: true, rotate90: true, brightness: 0.2, contrast: 0.3 };

/** The variants of issue 22, BCE first (the baseline every other is compared with). */
export const STUDY_VARIANTS: readonly StudyVariant[] = [
  { key: 'bce', label: 'BCE', config: { loss: { name: 'bce' } } },
  { key: 'focal', label: 'Focal (gamma 2, alpha 0.25)', config: { loss: { name: 'focal' } } },
  {
    key: 'weighted-bce',
    label: 'Weighted BCE (positive weight (neg/pos)^0.5, cap 50)',
    config: { loss: { name: 'weighted-bce', power: 0.5, maxWeight: 50 } },
  },
  {
    key: 'soft-f1-bce',
    label: 'Soft F1 + BCE (half each)',
    config: {
      loss: {
        name: 'combined',
        first: { name: 'bce' },
        second: { name: 'soft-f1' },
        secondWeight: 0.5,
      },
    },
  },
  {
    key: 'oversample-strong-aug',
    label: 'Rare-class oversampling (cap 20) + strong augmentation',
    config: {
      sampler: { name: 'rare-oversample', power: 0.5, maxWeight: 20 },
      augmentation: STRONG_AUGMENTATION,
    },
  },
  {
    key: 'label-set',
    label: 'Label-set-aware sampling (power 0.5, cap 20)',
    config: { sampler: { name: 'label-set', power: 0.5, maxWeight: 20 } },
  },
  {
    // The two levers that each won alone (sampling, loss) together: whether they add up.
    key: 'label-set-soft-f1-bce',
    label: 'Label-set-aware sampling + soft F1 + BCE',
    config: {
      sampler: { name: 'label-set', power: 0.5, maxWeight: 20 },
      loss: {
        name: 'combined',
        first: { name: 'bce' },
        second: { name: 'soft-f1' },
        secondWeight: 0.5,
      },
    },
  },
];

export const BASELINE_KEY = 'bce';

export interface StudySettings {
  /** Names this study's runs (`<study>/<variant>...`): a dry run and the full study never mix. */
  study: string;
  /** A Kaggle-layout folder (train.csv + train/) every run trains on, as the trainer sees it. */
  dataDir: string;
  inputSize: number;
  epochs: number;
  /** Batches per epoch (0 = a full pass). */
  stepsPerEpoch: number;
  batchSize: number;
  learningRate: number;
  model: TrainConfigInput['model'];
  splitSeed: number;
  validationFraction: number;
  /** Training seed of the single-split runs. */
  seed: number;
  /** K of the cross-validation; 0 runs the single split only (e.g. a larger input size). */
  folds: number;
  /** Training seeds of the cross-validation (their spread is reported). */
  cvSeeds: readonly number[];
  /** How many of the best non-baseline variants join BCE in the cross-validation. */
  cvBest: number;
  /**
   * Cross-validate these variants (BCE always joins) instead of ranking the single-split runs:
   * e.g. more seeds of the variants an earlier invocation chose, without its single split.
   */
  cvVariants?: readonly string[];
  variants: readonly StudyVariant[];
  backend?: TrainConfigInput['backend'];
}

export interface PlannedRun {
  name: string;
  variant: string;
  /** null: the single split. */
  fold: number | null;
  seed: number;
  tags: string[];
  approach: string;
  config: TrainConfigInput;
}

const KEY = /^[a-z0-9][a-z0-9-]*$/;

/** Refuses settings that would make names ambiguous or a study without a baseline. */
export function checkSettings(settings: StudySettings): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(settings.study)) {
    throw new Error(`--study "${settings.study}": use letters, digits, '.', '_' or '-'`);
  }
  const keys = settings.variants.map((v) => v.key);
  for (const key of keys) {
    if (!KEY.test(key)) throw new Error(`variant key "${key}": use a-z, 0-9 and '-'`);
  }
  if (new Set(keys).size !== keys.length)
    throw new Error(`variant keys repeat: ${keys.join(', ')}`);
  if (settings.folds === 0) return; // single split only: no baseline needed for the CV
  for (const key of settings.cvVariants ?? []) {
    if (!keys.includes(key))
      throw new Error(`--cv-variants: "${key}" is not among the variants (${keys.join(', ')})`);
  }
  if (!keys.includes(BASELINE_KEY)) throw new Error(`the variants must include ${BASELINE_KEY}`);
  if (settings.cvSeeds.length === 0) throw new Error('cvSeeds is empty');
  if (!(settings.folds >= 2))
    throw new Error(`folds must be 0 (no CV) or >= 2, got ${settings.folds}`);
}

function baseConfig(settings: StudySettings, seed: number): TrainConfigInput {
  return {
    model: settings.model,
    inputSize: settings.inputSize,
    epochs: settings.epochs,
    stepsPerEpoch: settings.stepsPerEpoch,
    batchSize: settings.batchSize,
    optimizer: { learningRate: settings.learningRate },
    // Every variant gets per-class thresholds; their scores here are cross-fitted anyway.
    thresholds: { mode: 'per-class', global: 0.5 },
    // Off: every variant trains the same number of steps, so their CPU time is comparable.
    earlyStopping: { patience: settings.epochs + 1, minDelta: 0 },
    seed,
    ...(settings.backend ? { backend: settings.backend } : {}),
    dataset: {
      cachePath: settings.dataDir,
      splitSeed: settings.splitSeed,
      validationFraction: settings.validationFraction,
    },
  };
}

function variantConfig(settings: StudySettings, variant: StudyVariant, seed: number) {
  return { ...baseConfig(settings, seed), ...variant.config };
}

/** One run per variant on the single split. */
export function singleSplitRuns(settings: StudySettings): PlannedRun[] {
  return settings.variants.map((variant) => ({
    name: `${settings.study}/${variant.key}`,
    variant: variant.key,
    fold: null,
    seed: settings.seed,
    tags: [STUDY_TAG, `study:${settings.study}`, `variant:${variant.key}`, 'split'],
    approach: variant.label,
    config: variantConfig(settings, variant, settings.seed),
  }));
}

/** The K fold runs of each chosen variant, for every cross-validation seed. */
export function crossValidationRuns(
  settings: StudySettings,
  variantKeys: readonly string[],
): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const key of variantKeys) {
    const variant = settings.variants.find((v) => v.key === key);
    if (!variant) throw new Error(`no variant "${key}"`);
    for (const seed of settings.cvSeeds) {
      for (let fold = 0; fold < settings.folds; fold++) {
        const config = variantConfig(settings, variant, seed);
        runs.push({
          name: `${settings.study}/${key}/cv${settings.folds}-seed${seed}-fold${fold}`,
          variant: key,
          fold,
          seed,
          tags: [STUDY_TAG, `study:${settings.study}`, `variant:${key}`, 'cv'],
          approach: `${variant.label}, ${settings.folds}-fold CV`,
          config: { ...config, dataset: { ...config.dataset, folds: settings.folds, fold } },
        });
      }
    }
  }
  return runs;
}

/**
 * Which variants the cross-validation trains: BCE plus either the named ones or the `cvBest`
 * best of `ranked` (non-baseline keys, best single-split macro F1 first).
 */
export function chooseCvVariants(settings: StudySettings, ranked: readonly string[]): string[] {
  if (settings.folds === 0) return [];
  const chosen = settings.cvVariants ?? ranked.slice(0, settings.cvBest);
  return [BASELINE_KEY, ...chosen.filter((key) => key !== BASELINE_KEY)];
}
