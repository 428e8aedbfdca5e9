// The study's report: one markdown table of every variant (what is missing says so, with
// why), the ensemble what-ifs, and a CSV of all 28 per-class F1s. Numbers only from the runs.
import { RARE_CLASS_IDS } from '@hpa-lab/ml/rare-classes';
import type { StudyResult, VariantResult } from './run-study.ts';
import type { Scores } from './study-scores.ts';

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => (x >= 0 ? '+' : '') + f3(x);
// The rare classes' positives among the scored samples: an F1 over 0-2 positives says little.
const interval = (s: Scores) =>
  `${f3(s.rare.estimate)} [${f3(s.rare.low)}, ${f3(s.rare.high)}] (positives ${s.rareSupport.join('/')})`;

function cpu(seconds: number | null): string {
  if (seconds === null) return 'not recorded';
  return seconds >= 120 ? `${(seconds / 60).toFixed(1)} min` : `${seconds.toFixed(0)} s`;
}

function splitCells(v: VariantResult): string[] {
  const { state, scores } = v.split;
  if (state.kind === 'succeeded' && scores) {
    const name = `\`${state.run.name}\`${state.relaunched ? ' (relaunched once)' : ''}`;
    return [name, f3(scores.macroF1), interval(scores), cpu(v.split.cpuSeconds)];
  }
  const why =
    state.kind === 'missing'
      ? state.reason
      : state.kind === 'in-flight'
        ? `still ${state.run.status.toLowerCase()}`
        : state.kind === 'succeeded'
          ? 'no validation probabilities stored'
          : 'not launched';
  return [`**missing**: ${why}`, '—', '—', '—'];
}

function cvCells(v: VariantResult): string[] {
  if (!v.cv) return ['not cross-validated', '—', '—', '—'];
  const complete = v.cv.perSeed.filter((s) => s.scores);
  const missing = v.cv.perSeed.flatMap((s) => s.missing);
  if (complete.length === 0) {
    return [`**missing**: ${missing.join('; ')}`, '—', '—', cpu(v.cv.cpuSeconds)];
  }
  const first = complete[0]!.scores!;
  const rares = complete.map((s) => s.scores!.rare.estimate);
  const spread =
    complete.length > 1
      ? `${f3(Math.min(...rares))}-${f3(Math.max(...rares))} over seeds ${complete.map((s) => s.seed).join(', ')}`
      : `one seed (${complete[0]!.seed})`;
  const note = missing.length > 0 ? ` (**missing** seeds: ${missing.join('; ')})` : '';
  return [f3(first.macroF1) + note, interval(first), spread, cpu(v.cv.cpuSeconds)];
}

export function studyMarkdown(result: StudyResult, perClassFile: string): string {
  const s = result.settings;
  const lines: string[] = [];
  lines.push(`# Imbalance study \`${s.study}\``, '');
  lines.push(
    `Data \`${s.dataDir}\` at ${s.inputSize} px; split seed ${s.splitSeed} ` +
      `(validation fraction ${s.validationFraction}); ${s.epochs} epochs x ` +
      `${s.stepsPerEpoch === 0 ? 'a full pass' : `${s.stepsPerEpoch} steps`} x batch ${s.batchSize}; ` +
      `model ${JSON.stringify(s.model)}; training seed ${s.seed}; ` +
      (s.folds === 0
        ? 'no cross-validation.'
        : `${s.folds}-fold CV with seeds ${s.cvSeeds.join(', ')}.`),
  );
  const comparable = result.fingerprints.length <= 1 && result.splitSeeds.length <= 1;
  lines.push(
    `Dataset fingerprints of the succeeded runs: ${result.fingerprints.map((f) => `\`${f.slice(0, 12)}\``).join(', ') || 'none'}` +
      (comparable ? '' : ' — **the runs are not on the same data**'),
    '',
  );
  lines.push(
    'Per-class thresholds are cross-fitted everywhere (tuned on one half of the scored samples, ' +
      'applied to the other). "5 rarest" = mean F1 of classes ' +
      `${RARE_CLASS_IDS.join(', ')} with a bootstrap 90% interval (1,000 resamples of the scored ` +
      "samples) and, in brackets, how many positives of each the scored samples hold. CPU = the training child's user + system seconds in trainModel (run-info.json).",
    '',
  );
  lines.push(
    '| variant | run | val macro F1 | val 5 rarest [90% CI] | CPU (split run) | OOF macro F1 | OOF 5 rarest [90% CI] | OOF 5 rarest over seeds | CPU (CV runs) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const v of result.variants) {
    lines.push(`| ${v.label} | ${[...splitCells(v), ...cvCells(v)].join(' | ')} |`);
  }
  lines.push(
    '',
    '| what-if (API, PER_CLASS_CROSS_FITTED) | runs | samples | macro F1 | 5 rarest | gain over its best member |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- |');
  for (const e of result.ensembles) {
    const names = e.runNames.map((n) => `\`${n}\``).join(', ');
    if (!e.result) {
      lines.push(`| ${e.what} | ${names} | **missing**: ${e.missing} | — | — | — |`);
      continue;
    }
    const r = e.result;
    lines.push(
      `| ${e.what} | ${names} | ${r.sampleCount} | ${f3(r.macroF1)} | ${f3(r.rareClassF1)} | ${signed(r.gain)} |`,
    );
  }
  for (const e of result.ensembles) {
    if (e.local === undefined) continue;
    lines.push(
      '',
      typeof e.local === 'string'
        ? `The ${e.what}, recomputed here: **missing**: ${e.local}.`
        : `The ${e.what}, recomputed here from the members' stored probabilities (mean, ` +
            `thresholds cross-fitted): macro F1 ${f3(e.local.macroF1)} against its best member's ` +
            `${f3(e.local.bestMemberMacroF1)}, gain ${signed(e.local.gain.estimate)} ` +
            `[${signed(e.local.gain.low)}, ${signed(e.local.gain.high)}] (paired bootstrap ` +
            `${Math.round(100 * e.local.gain.level)}% interval, ${e.local.gain.resamples} resamples of the scored samples).`,
    );
  }
  lines.push('', `Per-class F1 of all 28 classes: [${perClassFile}](${perClassFile}).`);
  lines.push(`Launched by this invocation: ${result.launched.length} run(s).`, '');
  return lines.join('\n');
}

/** variant, scope (split | oof-seed-N), samples, then F1 of classes 0-27. */
export function perClassCsv(result: StudyResult): string {
  const rows = [
    'variant,scope,samples,' + Array.from({ length: 28 }, (_, c) => `f1_${c}`).join(','),
  ];
  for (const v of result.variants) {
    if (v.split.scores) {
      rows.push(
        [v.key, 'split', v.split.scores.samples, ...v.split.scores.perClassF1.map(f3)].join(','),
      );
    }
    for (const seed of v.cv?.perSeed ?? []) {
      if (seed.scores) {
        rows.push(
          [
            v.key,
            `oof-seed-${seed.seed}`,
            seed.scores.samples,
            ...seed.scores.perClassF1.map(f3),
          ].join(','),
        );
      }
    }
  }
  return rows.join('\n') + '\n';
}
