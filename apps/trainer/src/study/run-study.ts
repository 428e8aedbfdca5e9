// The imbalance study's driver: launches what is not on the platform yet, waits for the
// platform's trainers, relaunches a failed run once, then cross-validates BCE and the best
// variants, asks the API for the ensemble what-ifs and builds the report. Everything it knows
// comes from the platform, so a restart picks up where the last one stopped.
import type { ValidationProbabilities } from '@hpa-lab/contracts';
import {
  ensembleGain,
  splitScores,
  outOfFoldStudyScores,
  type EnsembleGain,
  type Scores,
} from './study-scores.ts';
import { runState, type RunState } from './resume.ts';
import {
  BASELINE_KEY,
  checkSettings,
  chooseCvVariants,
  crossValidationRuns,
  RELAUNCH_TAG,
  singleSplitRuns,
  STUDY_TAG,
  type PlannedRun,
  type StudySettings,
} from './study-plan.ts';
import type { StudyApi, StudyEnsemble, StudyRun } from './study-api.ts';

export interface StudyDeps {
  api: StudyApi;
  projectId: string;
  /** Wait for launched runs to finish (false: launch, report what is there, return). */
  wait: boolean;
  pollMs: number;
  log: (line: string) => void;
}

export interface VariantResult {
  key: string;
  label: string;
  split: { state: RunState<StudyRun>; scores: Scores | null; cpuSeconds: number | null };
  /** Null when the variant is not cross-validated. */
  cv: {
    perSeed: { seed: number; scores: Scores | null; missing: string[] }[];
    cpuSeconds: number;
    runs: number;
  } | null;
}

export interface EnsembleResult {
  what: string;
  runNames: string[];
  result: StudyEnsemble | null;
  missing: string | null;
  /**
   * The same what-if recomputed here with an interval on its gain (the ensemble only; a
   * composite picks each class's run on the samples it is scored on), or why it could not be.
   */
  local?: EnsembleGain | string;
}

export interface StudyResult {
  settings: StudySettings;
  /** Names of the runs this invocation launched (a resumed complete study launches none). */
  launched: string[];
  variants: VariantResult[];
  cvVariants: string[];
  ensembles: EnsembleResult[];
  /** Dataset fingerprints and split seeds of the succeeded runs (one each when comparable). */
  fingerprints: string[];
  splitSeeds: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Brings every planned run to a final state: succeeded, or missing with a reason; with
 * `wait: false` a run still queued or running stays in flight.
 */
async function settle(
  planned: readonly PlannedRun[],
  deps: StudyDeps,
  launched: string[],
): Promise<Map<string, RunState<StudyRun>>> {
  const refusals = new Map<string, string>();
  for (;;) {
    const existing = await deps.api.runsTagged(deps.projectId, STUDY_TAG);
    const states = new Map<string, RunState<StudyRun>>();
    let waiting = false;
    let launchedNow = false;
    for (const run of planned) {
      const state = runState(run, existing, refusals.get(run.name));
      states.set(run.name, state);
      if (state.kind === 'in-flight') waiting = true;
      if (state.kind !== 'launch') continue;
      const result = await deps.api.launch({
        projectId: deps.projectId,
        name: state.name,
        approach: run.approach,
        tags: state.relaunch ? [...run.tags, RELAUNCH_TAG] : run.tags,
        config: run.config,
      });
      if (result.ok) {
        launched.push(state.name);
        launchedNow = true;
        deps.log(
          state.relaunch
            ? `relaunched ${state.name} (the first attempt ended: ${state.previousError ?? 'no message'})`
            : `launched ${state.name}`,
        );
      } else {
        refusals.set(run.name, result.refusal);
        deps.log(`refused ${state.name}: ${result.refusal}`);
        launchedNow = true;
      }
    }
    if (launchedNow) continue;
    if (!waiting || !deps.wait) return states;
    await sleep(deps.pollMs);
  }
}

function succeededRun(state: RunState<StudyRun> | undefined): StudyRun | null {
  return state?.kind === 'succeeded' ? state.run : null;
}

async function cpuSecondsOf(api: StudyApi, run: StudyRun): Promise<number | null> {
  const info = await api.runInfo(run.id);
  const value = info?.trainingCpuSeconds;
  return typeof value === 'number' ? value : null;
}

/** Why a planned run has no result, for the report. */
function missingReason(name: string, state: RunState<StudyRun> | undefined): string {
  if (!state) return `${name}: not planned`;
  if (state.kind === 'missing') return `${name}: ${state.reason}`;
  if (state.kind === 'in-flight') return `${name}: still ${state.run.status.toLowerCase()}`;
  if (state.kind === 'launch') return `${name}: not launched`;
  return `${name}: no validation probabilities`;
}

export async function runStudy(settings: StudySettings, deps: StudyDeps): Promise<StudyResult> {
  checkSettings(settings);
  const launched: string[] = [];
  const succeeded: StudyRun[] = [];

  // 1. Every variant once on the single split.
  const splitPlan = singleSplitRuns(settings);
  deps.log(`single split: ${splitPlan.length} runs`);
  const splitStates = await settle(splitPlan, deps, launched);
  const splitProbabilities = new Map<string, ValidationProbabilities>();
  const variants: VariantResult[] = [];
  for (const [index, planned] of splitPlan.entries()) {
    const variant = settings.variants[index]!;
    const state = splitStates.get(planned.name)!;
    const run = succeededRun(state);
    let scores: Scores | null = null;
    let cpuSeconds: number | null = null;
    if (run) {
      succeeded.push(run);
      const probabilities = await deps.api.validationProbabilities(run.id);
      if (probabilities) {
        splitProbabilities.set(run.id, probabilities);
        scores = splitScores(probabilities, `${settings.study}|${variant.key}`);
      }
      cpuSeconds = await cpuSecondsOf(deps.api, run);
    }
    variants.push({
      key: variant.key,
      label: variant.label,
      split: { state, scores, cpuSeconds },
      cv: null,
    });
  }

  // 2. K-fold cross-validation of BCE and the best variants by single-split macro F1.
  const ranked = variants
    .filter((v) => v.key !== BASELINE_KEY && v.split.scores)
    .sort(
      (a, b) =>
        b.split.scores!.macroF1 - a.split.scores!.macroF1 ||
        b.split.scores!.rare.estimate - a.split.scores!.rare.estimate,
    );
  const cvVariants = chooseCvVariants(
    settings,
    ranked.map((v) => v.key),
  );
  const cvPlan = crossValidationRuns(settings, cvVariants);
  deps.log(
    cvVariants.length === 0
      ? 'cross-validation: none (--folds 0)'
      : `cross-validation of ${cvVariants.join(', ')}: ${cvPlan.length} runs`,
  );
  const cvStates = await settle(cvPlan, deps, launched);
  for (const key of cvVariants) {
    const variant = variants.find((v) => v.key === key)!;
    let cpuSeconds = 0;
    let runs = 0;
    const perSeed: NonNullable<VariantResult['cv']>['perSeed'] = [];
    for (const seed of settings.cvSeeds) {
      const folds = cvPlan.filter((p) => p.variant === key && p.seed === seed);
      const probabilities = [];
      const missing: string[] = [];
      for (const fold of folds) {
        const state = cvStates.get(fold.name);
        const run = succeededRun(state);
        const stored = run ? await deps.api.validationProbabilities(run.id) : null;
        if (!run || !stored) {
          missing.push(missingReason(fold.name, state));
          continue;
        }
        succeeded.push(run);
        probabilities.push(stored);
        runs += 1;
        cpuSeconds += (await cpuSecondsOf(deps.api, run)) ?? 0;
      }
      const scores =
        missing.length === 0
          ? outOfFoldStudyScores(probabilities, `${settings.study}|${key}|cv|${seed}`)
          : null;
      perSeed.push({ seed, scores, missing });
    }
    variant.cv = { perSeed, cpuSeconds, runs };
  }

  // 3. The platform's ensemble what-ifs: the best three single-split runs averaged, and the
  //    best-per-class composite of all of them.
  const splitRuns = variants
    .map((v, i) => ({ v, run: succeededRun(splitStates.get(splitPlan[i]!.name)) }))
    .filter(
      (x): x is { v: VariantResult; run: StudyRun } => x.run !== null && x.v.split.scores !== null,
    )
    .sort((a, b) => b.v.split.scores!.macroF1 - a.v.split.scores!.macroF1);
  const ensembles: EnsembleResult[] = [];
  const ask = async (
    what: string,
    runs: StudyRun[],
    call: (ids: string[]) => Promise<StudyEnsemble>,
  ) => {
    const runNames = runs.map((r) => r.name);
    if (runs.length < 2) {
      ensembles.push({
        what,
        runNames,
        result: null,
        missing: `needs 2 succeeded runs, has ${runs.length}`,
      });
      return;
    }
    try {
      ensembles.push({ what, runNames, result: await call(runs.map((r) => r.id)), missing: null });
    } catch (error) {
      ensembles.push({ what, runNames, result: null, missing: (error as Error).message });
    }
  };
  const bestThree = splitRuns.slice(0, 3).map((x) => x.run);
  await ask('ensemble of the best three', bestThree, (ids) => deps.api.ensemble(ids));
  if (bestThree.length >= 2) {
    ensembles[ensembles.length - 1]!.local = ensembleGain(
      bestThree.map((run) => splitProbabilities.get(run.id)!),
      `${settings.study}|ensemble`,
    );
  }
  await ask(
    'best-per-class composite',
    splitRuns.map((x) => x.run),
    (ids) => deps.api.composite(ids),
  );

  return {
    settings,
    launched,
    variants,
    cvVariants,
    ensembles,
    fingerprints: [...new Set(succeeded.map((r) => r.datasetFingerprint ?? '(none)'))],
    splitSeeds: [...new Set(succeeded.map((r) => r.splitSeed ?? -1))],
  };
}
