// The compare page against a real API: three seeded runs with stored validation probabilities
// and curves (plus one on other data and one without probabilities, for the bad-input cases).
// The summary, curves, per-class heatmap (its values are the seeded evaluations' F1s) and the
// ensemble row (its macro F1 is the API's, and what packages/ml makes of the averaged
// probabilities); the differences-only toggle; reopening the URL restores the view; the runs
// table's Compare button gets there; axe-core; screenshots at 1024 and 1440 px, light and dark;
// every kind of bad address gets its message while the rest of the page works.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { averageProbabilities, evaluate } from '@hpa-lab/ml/metrics';
import type { Page } from '@playwright/test';
import { graphql } from '../src/graphql/generated';
import { createProject } from './class-scores-seed';
import {
  CLASSES,
  CUT,
  seedRunWithProbabilities,
  validationSet,
  type RunRecipe,
  type SeededRun,
  type ValidationSet,
} from './ensemble-seed';
import { expect, expectNoSeriousA11yViolations, saveScreenshot, test } from './fixtures';
import type { ApiClient } from './harness/api-client';
import { seedRun as seedCurvesRun, stepLoss } from './run-page-seed';
import { formatMetricValue } from '@/lib/format';

// The root README's picture of this page, redrawn by every run of this spec so it stays current.
const README_PICTURE = path.resolve(import.meta.dirname, '../../../docs/images/compare.png');

const WORD = `cmp${Date.now().toString(36)}`;
const STEPS = 400;
const EPOCH_STEPS = 40;

const LogLoss = graphql(`
  mutation CompareSpecLogLoss($runId: ID!, $points: [MetricPointInput!]!) {
    logMetrics(runId: $runId, points: $points) {
      written
    }
  }
`);
const FinishLiveRun = graphql(`
  mutation CompareSpecFinishRun($id: ID!) {
    finishRun(id: $id, status: SUCCEEDED) {
      id
    }
  }
`);

const EnsembleOfRuns = graphql(`
  query CompareSpecEnsemble($ids: [ID!]!) {
    ensembleEvaluation(runIds: $ids, thresholds: GLOBAL) {
      macroF1
    }
  }
`);

interface Seeded {
  set: ValidationSet;
  runs: SeededRun[];
  otherData: SeededRun;
  noProbabilities: SeededRun;
}

/** Loss falling from `start` over the steps; validation macro F1 rising by epoch to `top`. */
function curvesOf(start: number, top: number) {
  const points: { key: string; step: number; value: number }[] = [];
  for (let step = 0; step < STEPS; step += 1) {
    points.push({ key: 'train/loss', step, value: start * Math.exp(-step / 150) + 0.05 });
  }
  for (let step = EPOCH_STEPS; step <= STEPS; step += EPOCH_STEPS) {
    points.push({ key: 'val/macro_f1', step, value: (top * step) / STEPS });
  }
  return points;
}

const recipes: (RunRecipe & { model: string })[] = [
  // Each run is good at different classes, so the ensemble and the composite gain.
  {
    name: `${WORD} resnet`,
    approach: 'resnet + bce',
    seed: 1,
    model: 'resnet',
    skill: (c) => (c % 3 === 0 ? 2.6 : 1),
  },
  {
    name: `${WORD} small cnn`,
    approach: 'small-cnn + bce',
    seed: 2,
    model: 'small-cnn',
    skill: (c) => (c % 3 === 1 ? 2.6 : 1),
  },
  {
    name: `${WORD} mobilenet`,
    approach: 'mobilenet + bce',
    seed: 3,
    model: 'mobilenet-v2',
    skill: (c) => (c % 3 === 2 ? 2.6 : 1),
  },
];

let seeding: Promise<Seeded> | undefined;

function seed(api: ApiClient): Promise<Seeded> {
  seeding ??= (async () => {
    const project = await createProject(api, 'compare');
    const set = validationSet();
    const runs: SeededRun[] = [];
    for (const [i, recipe] of recipes.entries()) {
      runs.push(
        await seedRunWithProbabilities(api, project.id, set, recipe, {
          config: { model: { name: recipe.model } },
          curves: curvesOf(1 + i * 0.3, 0.4 + i * 0.05),
          // The first run has a model file: its row offers Promote, the others do not.
          withModel: i === 0,
        }),
      );
    }
    const otherData = await seedRunWithProbabilities(
      api,
      project.id,
      set,
      { name: `${WORD} other data`, approach: 'resnet on a new cache', seed: 4, skill: () => 1.5 },
      { fingerprint: 'fp-other-cache', curves: curvesOf(1.1, 0.3) },
    );
    const noProbabilities = await seedRunWithProbabilities(
      api,
      project.id,
      set,
      { name: `${WORD} no probabilities`, approach: 'an old run', seed: 5, skill: () => 1.5 },
      { withProbabilities: false, curves: curvesOf(1.2, 0.3) },
    );
    return { set, runs, otherData, noProbabilities };
  })();
  return seeding;
}

let seeded: Seeded;

test.beforeEach(async ({ api }) => {
  seeded = await seed(api);
});

const href = (runs: readonly { id: string }[], extra = '') =>
  `/compare?runs=${runs.map((run) => run.id).join(',')}${extra}`;

async function expectComparedRuns(page: Page, runs: readonly SeededRun[]) {
  const rows = page.getByTestId('summary-run-row');
  await expect(rows).toHaveCount(runs.length);
  for (const [i, run] of runs.entries()) {
    await expect(rows.nth(i)).toHaveAttribute('data-run-id', run.id);
  }
}

test.describe('compare page', () => {
  test('compares three runs: summary, curves, per-class F1s and the ensemble', async ({
    page,
    signIn,
    api,
  }, testInfo) => {
    // Three axe-core passes over a page of a few thousand nodes, four screenshots.
    test.slow();
    await signIn();
    const response = await page.goto(href(seeded.runs));
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'Compare 3 runs', level: 1 })).toBeVisible();
    await expectComparedRuns(page, seeded.runs);
    const rows = page.getByTestId('summary-run-row');
    for (const [i, run] of seeded.runs.entries()) {
      await expect(rows.nth(i)).toContainText(run.name);
      await expect(rows.nth(i)).toContainText(recipes[i]!.model);
      await expect(rows.nth(i).getByTestId('summary-macro-f1')).toContainText(
        run.evaluation.macroF1.toFixed(3),
      );
      await expect(
        rows.nth(i).getByRole('link', { name: `Clone ${run.name} into a new launch` }),
      ).toHaveAttribute('href', `/launch?clone=${run.id}`);
    }
    await expect(page.getByTestId('compare-notices')).toBeEmpty();
    await expect(rows.nth(0).getByRole('button', { name: 'Promote…' })).toBeVisible();
    await expect(rows.nth(1).getByRole('button', { name: 'Promote…' })).toHaveCount(0);

    // The default curves, one chart each, a line per run.
    for (const key of ['train/loss', 'val/macro_f1']) {
      await expect(page.locator(`[data-curve-key="${key}"] path.compare-curve-line`)).toHaveCount(
        3,
      );
    }

    // The heatmap's table holds each run's seeded per-class F1s.
    const table = page.getByTestId('class-heatmap-table');
    for (const run of seeded.runs) {
      const row = table.locator(`tr[data-row-key="${run.id}"]`);
      for (let c = 0; c < CLASSES; c += 1) {
        const f1 = run.evaluation.perClass.f1[c]!;
        await expect(row.locator(`td[data-class-id="${c}"]`)).toHaveText(
          new RegExp(`^${f1.toFixed(3).replace('.', '\\.')}\\*?$`),
        );
      }
    }

    // The ensemble's macro F1: the API's, and packages/ml's of the averaged probabilities.
    const { ensembleEvaluation } = await api.request(EnsembleOfRuns, {
      ids: seeded.runs.map((run) => run.id),
    });
    const mean = averageProbabilities(seeded.runs.map((run) => run.probabilities));
    const expected = evaluate(seeded.set.truth, mean, new Array<number>(CLASSES).fill(CUT));
    expect(Math.abs(ensembleEvaluation.macroF1 - expected.macroF1)).toBeLessThan(1e-9);
    const shown = ensembleEvaluation.macroF1.toFixed(3);
    await expect(page.getByTestId('ensemble-macro-f1')).toHaveText(shown);
    await expect(page.getByTestId('summary-ensemble-macro-f1')).toContainText(shown);
    await expect(page.locator('tr[data-row-key="ensemble"] td[data-class-id="0"]')).toHaveText(
      new RegExp(`^${expected.perClass.f1[0]!.toFixed(3).replace('.', '\\.')}\\*?$`),
    );

    await saveScreenshot(page, testInfo, 'compare-1440');
    await page.screenshot({ path: README_PICTURE });
    await expectNoSeriousA11yViolations(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, testInfo, 'compare-1440-dark');
    await expectNoSeriousA11yViolations(page);
    await page.setViewportSize({ width: 1024, height: 800 });
    // Wide parts scroll in their own regions; the page itself does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      1024,
    );
    await saveScreenshot(page, testInfo, 'compare-1024-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await saveScreenshot(page, testInfo, 'compare-1024');
    await expectNoSeriousA11yViolations(page);
  });

  test('differences only hides equal parameters; the URL restores the view', async ({
    page,
    signIn,
  }) => {
    await signIn();
    await page.goto(href(seeded.runs));
    const params = page.getByTestId('params');
    const differsOnly = params.getByRole('checkbox', { name: 'differences only' });
    await expect(differsOnly).toBeChecked();
    await expect(params.locator('tr[data-path="model.name"]')).toBeVisible();
    await expect(params.locator('tr[data-path="model.name"]')).toContainText('mobilenet-v2');
    await expect(params.locator('tr[data-path="inputSize"]')).toHaveCount(0);
    await expect(params.locator('tbody tr[data-differs="false"]')).toHaveCount(0);
    await differsOnly.uncheck();
    await expect(params.locator('tr[data-path="inputSize"]')).toBeVisible();
    await expect(params.locator('tr[data-path="inputSize"]')).toContainText('64');
    await expect(params.locator('tbody tr[data-differs="false"]').first()).toBeVisible();

    // Change the view: smoothing, log scale, a hidden run, a zoom, a chosen curve.
    const curves = page.getByTestId('compare-curves');
    await curves.getByLabel('smoothing').selectOption('0.6');
    await curves.getByRole('checkbox', { name: 'log scale' }).check();
    const hidden = seeded.runs[1]!;
    await curves.getByRole('button', { name: new RegExp(`^${hidden.name}`) }).click();
    await expect(page.locator('[data-curve-key="train/loss"] path.compare-curve-line')).toHaveCount(
      4,
    );
    await curves.getByLabel('from', { exact: true }).fill('100');
    await curves.getByLabel('to', { exact: true }).fill('300');
    await curves.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('zoom-range')).toHaveText('showing step 100–300');
    // Fewer curves: asked of the server again, the other choices kept.
    await curves.locator('summary', { hasText: 'Curves shown' }).click();
    await curves.getByRole('checkbox', { name: /^Validation macro F1/ }).uncheck();
    await expect(page.locator('[data-curve-key="val/macro_f1"]')).toHaveCount(0);
    await expect(page).toHaveURL(/keys=train(%2F|\/)loss/);
    await expect(page).toHaveURL(/smooth=0\.6/);
    await expect(page).toHaveURL(/params=all/);
    await expect(page).toHaveURL(/zoom=100-300/);

    // Reopened elsewhere: the same view.
    const url = page.url();
    const again = await page.context().newPage();
    await again.goto(url);
    const curvesAgain = again.getByTestId('compare-curves');
    await expect(curvesAgain.getByLabel('smoothing')).toHaveValue('0.6');
    await expect(curvesAgain.getByRole('checkbox', { name: 'log scale' })).toBeChecked();
    await expect(
      curvesAgain.getByRole('button', { name: new RegExp(`^${hidden.name}`) }),
    ).toHaveAttribute('aria-pressed', 'false');
    await expect(again.getByTestId('zoom-range')).toHaveText('showing step 100–300');
    await expect(
      again.getByTestId('params').getByRole('checkbox', { name: 'differences only' }),
    ).not.toBeChecked();
    await expect(again.getByTestId('params').locator('tr[data-path="inputSize"]')).toBeVisible();
    await expect(again.locator('[data-curve-key="val/macro_f1"]')).toHaveCount(0);
    // Smoothed lines on: a raw and a smoothed line per shown run.
    await expect(
      again.locator('[data-curve-key="train/loss"] path.compare-curve-line'),
    ).toHaveCount(4);
    await again.getByRole('button', { name: 'Reset zoom' }).click();
    await expect(again).not.toHaveURL(/zoom=/);
    await again.close();
  });

  test('the runs table’s Compare button opens the comparison', async ({ page, signIn }) => {
    await signIn();
    await page.goto(`/runs?q=${encodeURIComponent(`${WORD} `)}&sort=name`);
    for (const run of seeded.runs) {
      await page.getByRole('checkbox', { name: `Select ${run.name} for comparison` }).check();
    }
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/\/compare\?/);
    await expect(page.getByRole('heading', { name: 'Compare 3 runs', level: 1 })).toBeVisible();
    const ids = new URL(page.url()).searchParams.get('runs')!.split(',');
    expect(new Set(ids)).toEqual(new Set(seeded.runs.map((run) => run.id)));
    await expect(page.getByTestId('summary-run-row')).toHaveCount(3);
  });
});

test.describe('compare page, bad input', () => {
  test('one run: says a comparison needs two, shows the run', async ({ page, signIn }) => {
    await signIn();
    await page.goto(href(seeded.runs.slice(0, 1)));
    await expect(page.getByTestId('notice-one')).toContainText('a comparison needs 2 to 20');
    await expectComparedRuns(page, seeded.runs.slice(0, 1));
    await expect(page.getByTestId('ensemble-section')).toHaveCount(0);
  });

  test('21 runs, some unknown: the first 20 are asked for, the unknown named', async ({
    page,
    signIn,
  }) => {
    await signIn();
    const unknown = Array.from({ length: 18 }, () => ({ id: randomUUID() }));
    const response = await page.goto(href([...seeded.runs, ...unknown]));
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId('notice-too-many')).toContainText('names 21 runs');
    await expect(page.getByTestId('notice-too-many')).toContainText(unknown[17]!.id);
    await expect(page.getByTestId('notice-missing')).toContainText(unknown[0]!.id);
    await expect(page.getByTestId('notice-missing')).toContainText('or you may not see them');
    await expectComparedRuns(page, seeded.runs);
  });

  test('malformed ids: named, the others compared; none well-formed is a 404', async ({
    page,
    signIn,
  }) => {
    await signIn();
    await page.goto(`${href(seeded.runs.slice(0, 2))},not-a-run`);
    await expect(page.getByTestId('notice-malformed')).toContainText('“not-a-run”');
    await expectComparedRuns(page, seeded.runs.slice(0, 2));

    const bad = await page.goto('/compare?runs=nope,1234');
    expect(bad?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not run ids (404)' })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'Not run ids' })).toContainText(
      '“nope”',
    );

    const unknown = await page.goto(`/compare?runs=${randomUUID()},${randomUUID()}`);
    expect(unknown?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Runs not found (404)' })).toBeVisible();
  });

  test('runs on other data: a warning naming them; the ensemble refuses in its section', async ({
    page,
    signIn,
  }) => {
    await signIn();
    await page.goto(href([...seeded.runs.slice(0, 2), seeded.otherData]));
    await expect(page.getByTestId('notice-different-data').first()).toContainText(
      seeded.otherData.name,
    );
    const section = page.getByTestId('ensemble-section');
    await expect(section.getByRole('alert').first()).toContainText('These runs cannot be combined');
    await expectComparedRuns(page, [...seeded.runs.slice(0, 2), seeded.otherData]);
    await expect(page.locator('[data-curve-key="train/loss"] path.compare-curve-line')).toHaveCount(
      3,
    );
  });

  test('a run without stored probabilities: only the ensemble section says so', async ({
    page,
    signIn,
  }) => {
    await signIn();
    await page.goto(href([...seeded.runs.slice(0, 2), seeded.noProbabilities]));
    const section = page.getByTestId('ensemble-section');
    await expect(section.getByRole('alert').first()).toContainText(
      'Runs without stored validation probabilities',
    );
    await expect(section.getByRole('alert').first()).toContainText(seeded.noProbabilities.name);
    await expect(page.getByTestId('compare-notices')).toBeEmpty();
    await expectComparedRuns(page, [...seeded.runs.slice(0, 2), seeded.noProbabilities]);
    await expect(page.getByTestId('class-heatmap-table').locator('tbody tr')).toHaveCount(3);
  });
});

/** A run's training-loss points on the compare page: its column of the chart's table of values. */
async function lossColumn(page: Page, runName: string): Promise<[number, string][]> {
  const table = page.locator('[data-curve-table="train/loss"]');
  return table.evaluate((element, name) => {
    const headers = [...element.querySelectorAll('thead th')].map((th) => th.textContent);
    const column = headers.indexOf(name);
    return [...element.querySelectorAll('tbody tr')].flatMap((row) => {
      const cells = row.querySelectorAll('td');
      const value = cells[column]?.textContent ?? '';
      return value === '' ? [] : [[Number(cells[0]!.textContent), value] as [number, string]];
    });
  }, runName);
}

/** A finished run and a running one (steps 0-40 of training loss) in a project of their own. */
async function seedLivePair(api: ApiClient, label: string) {
  const project = await createProject(api, label);
  // The finished run's 400 steps make buckets of 2 steps. The running run logged steps 0-40:
  // its last bucket (40-41) is labelled 41 by the other run's point, past its own last step,
  // which a resume from that label would skip.
  const done = await seedCurvesRun(api, project.id, {
    name: `${WORD} ${label} finished`,
    epochs: 20,
  });
  const name = `${WORD} ${label} running`;
  const running = await seedCurvesRun(api, project.id, { name, epochs: 2, running: true });
  const log = (from: number, to: number) =>
    api.request(LogLoss, {
      runId: running.id,
      points: Array.from({ length: to - from + 1 }, (_, i) => ({
        key: 'train/loss',
        step: from + i,
        value: stepLoss(from + i),
      })),
    });
  await log(40, 40);
  return { done, running, name, log };
}

/** The running run's loss points from step 40 as the table should hold them: each once. */
const expectedFrom40 = (last: number) =>
  Array.from({ length: last - 39 }, (_, i): [number, string] => [
    40 + i,
    formatMetricValue(stepLoss(40 + i)),
  ]);

test.describe('compare page, live', () => {
  test.describe.configure({ timeout: 180_000 });

  test("a running run's new points reach the curves without a reload, until it ends", async ({
    page,
    api,
    signIn,
  }) => {
    const { done, running, name, log } = await seedLivePair(api, 'live');
    const fromStep40 = async () => (await lossColumn(page, name)).filter(([step]) => step >= 40);

    await signIn();
    await page.goto(href([done, running]));
    await expect(page.getByTestId('live-runs')).toContainText(name);
    // A reload would lose this mark.
    await page.evaluate(() => ((window as unknown as { liveMark?: number }).liveMark = 1));
    await page.locator('[data-curve-key="train/loss"] summary').click();
    await expect.poll(fromStep40, { timeout: 30_000 }).toEqual(expectedFrom40(40));

    await log(41, 50);
    await expect.poll(fromStep40, { timeout: 30_000 }).toEqual(expectedFrom40(50));
    await log(51, 55);
    await expect.poll(fromStep40, { timeout: 30_000 }).toEqual(expectedFrom40(55));
    expect(await page.evaluate(() => (window as unknown as { liveMark?: number }).liveMark)).toBe(
      1,
    );

    // The run ends: its stream stops, and the page says it no longer follows it.
    await api.request(FinishLiveRun, { id: running.id });
    await expect(page.getByTestId('live-runs')).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId('live-notice')).toHaveCount(0);
    expect(await fromStep40()).toEqual(expectedFrom40(55));
  });

  test('a dropped stream is announced and resumed without losing or doubling points', async ({
    page,
    api,
    signIn,
  }) => {
    const { done, running, name, log } = await seedLivePair(api, 'drop');
    const fromStep40 = async () => (await lossColumn(page, name)).filter(([step]) => step >= 40);

    await signIn();
    // The stream cannot get through at first (as when the API or a proxy drops it).
    await page.route('**/live/stream', (route) => route.abort('connectionreset'));
    await page.goto(href([done, running]));
    await expect(page.getByTestId('live-notice')).toContainText('Live updates interrupted', {
      timeout: 30_000,
    });
    await page.locator('[data-curve-key="train/loss"] summary').click();
    // Logged while the page has no stream; the resumed stream brings them, each once.
    await log(41, 50);
    await page.unroute('**/live/stream');
    await expect.poll(fromStep40, { timeout: 60_000 }).toEqual(expectedFrom40(50));
    await expect(page.getByTestId('live-notice')).toHaveCount(0);
    await log(51, 52);
    await expect.poll(fromStep40, { timeout: 30_000 }).toEqual(expectedFrom40(52));
    await api.request(FinishLiveRun, { id: running.id });
  });
});
