// The run page against a real API and the production build: curves, per-class bars, the
// co-occurrence heatmap and the files show the seeded numbers (read back from the page's
// accessible tables and labels), a download's bytes match the stored sha256, only the owner or
// an admin sees cancel, bad addresses get clear pages, and axe-core finds nothing serious.
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { graphql } from '@/graphql/generated';
import {
  expect,
  expectNoSeriousA11yViolations,
  expectScoresAgreeWithBars,
  saveScreenshot,
  test,
} from './fixtures';
import type { ApiClient } from './harness/api-client';
import {
  BEST_EPOCH,
  EPOCHS,
  NUCLEOPLASM_PREDICTED_CYTOSOL,
  RARE_CLASSES,
  STEPS_PER_EPOCH,
  SUPPORT,
  epochMetrics,
  evaluationAt,
  seedRun,
  type SeededRun,
} from './run-page-seed';

const CreateViewerDocument = graphql(`
  mutation SeedCreateViewer($input: CreateMemberInput!) {
    createMember(input: $input) {
      id
    }
  }
`);
const CreateKeyDocument = graphql(`
  mutation SeedCreateKey($memberId: ID, $name: String!) {
    createApiKey(memberId: $memberId, name: $name) {
      secret
    }
  }
`);

// Seeded once per worker, by the first test that needs it (the api fixture is per test, so
// beforeAll cannot use it).
let seededRuns: Promise<{ seeded: SeededRun; running: SeededRun }> | undefined;

function seedRuns(api: ApiClient, projectId: string) {
  seededRuns ??= (async () => ({
    seeded: await seedRun(api, projectId, {
      name: '<b>bold</b> resnet <script>window.pwned = 1</script>',
      approach: 'focal <i>loss</i> & oversampling',
    }),
    running: await seedRun(api, projectId, { name: 'still training', running: true, epochs: 3 }),
  }))();
  return seededRuns;
}

let seeded: SeededRun;
let running: SeededRun;

test.beforeEach(async ({ api, stack }) => {
  ({ seeded, running } = await seedRuns(api, stack.projectId));
});

/** Waits until every curve panel has drawn its lines. */
async function waitForCharts(page: Page) {
  for (const panel of ['loss', 'macro-f1', 'learning-rate', 'throughput']) {
    await expect(
      page.locator(`[data-panel="${panel}"] .recharts-line path.recharts-curve`).first(),
    ).toBeVisible();
  }
}

/** Opens a chart's table of values (rendered only when opened). */
async function openCurveTable(page: Page, panel: string) {
  await page.locator(`[data-panel="${panel}"] summary`).click();
  await expect(page.locator(`[data-curve-table="${panel}"]`)).toBeAttached();
}

async function openHeatmapTable(page: Page) {
  await page.getByText('Table of the co-occurrence values').click();
  await expect(page.getByTestId('heatmap-table')).toBeAttached();
}

function cellText(page: Page, table: string, row: number, column: number) {
  return page.locator(`[data-testid="${table}"] tbody tr`).nth(row).locator('td').nth(column);
}

test.describe('run page', () => {
  // The first test seeds 8,400 curve points and 5 evaluations; the shared two-core machine can
  // take a while for that and for drawing 2,000-step charts.
  test.describe.configure({ timeout: 180_000 });

  test('shows the header, curves, per-class bars and heatmap with the seeded numbers', async ({
    page,
    signIn,
  }, testInfo) => {
    await signIn();
    await page.goto(`/runs/${seeded.id}`);
    await waitForCharts(page);

    // Markup in a name or approach is text, not HTML.
    await expect(page.getByRole('heading', { level: 1 })).toContainText(
      '<b>bold</b> resnet <script>',
    );
    await expect(page.getByText('focal <i>loss</i> & oversampling')).toBeVisible();
    expect(
      await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
    ).toBeUndefined();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Succeeded');
    await expect(page.getByTestId('best-macro-f1')).toHaveText(
      evaluationAt(BEST_EPOCH).macroF1.toFixed(3),
    );
    await expect(page.getByText('wasm-onednn · cpu (2 cores)')).toBeVisible();

    // Curves: the macro F1 table holds every epoch's value at its end-of-epoch step.
    await openCurveTable(page, 'macro-f1');
    await openCurveTable(page, 'loss');
    const f1Rows = page.locator('[data-curve-table="macro-f1"] tbody tr');
    await expect(f1Rows).toHaveCount(EPOCHS);
    await expect(f1Rows.nth(49).locator('td').first()).toHaveText(String(50 * STEPS_PER_EPOCH));
    await expect(f1Rows.nth(49).locator('td').nth(1)).toHaveText(
      String(epochMetrics(50)['val/macro_f1']),
    );
    // 2,000 per-step losses come back bucketed (at most 500 buckets), with the band.
    const lossRows = await page.locator('[data-curve-table="loss"] tbody tr').count();
    expect(lossRows).toBeGreaterThan(EPOCHS);
    expect(lossRows).toBeLessThanOrEqual(500 + EPOCHS);
    await expect(page.locator('[data-panel="loss"] .recharts-area-area').first()).toBeVisible();

    // Per class: 28 bars, most supported first, the five rarest marked, the best evaluation,
    // whose printed macro and rare-class F1 are what its bars add up to.
    const best = evaluationAt(BEST_EPOCH);
    await expectScoresAgreeWithBars(page);
    const bars = page.getByTestId('f1-bars').locator('li');
    await expect(bars).toHaveCount(28);
    await expect(bars.first()).toHaveAttribute(
      'aria-label',
      `Nucleoplasm: F1 ${best.perClass.f1[0]!.toFixed(3)}, support ${SUPPORT[0]!.toLocaleString('en-US')}`,
    );
    await expect(bars.last()).toHaveAttribute('aria-label', /^Rods & rings \(rare\): F1/);
    const rareIds = await page
      .getByTestId('f1-bars')
      .locator('li[aria-label*="(rare)"]')
      .evaluateAll((items) =>
        items.map((item) => Number(item.getAttribute('data-class-id'))).sort((a, b) => a - b),
      );
    expect(rareIds).toEqual(RARE_CLASSES);
    const nucleoplasm = page.locator('[data-testid="per-class-table"] tr[data-class-id="0"] td');
    await expect(nucleoplasm.nth(0)).toHaveText('1,200');
    await expect(nucleoplasm.nth(5)).toHaveText(String(best.perClass.tp[0]));
    await expect(nucleoplasm.nth(6)).toHaveText(String(best.perClass.fp[0]));

    // Heatmap: 28 x 28 cells, counts in the table behind it and on hover.
    await expect(page.getByTestId('heatmap').locator('rect')).toHaveCount(28 * 28);
    await openHeatmapTable(page);
    await expect(cellText(page, 'heatmap-table', 0, 25)).toHaveText(
      String(NUCLEOPLASM_PREDICTED_CYTOSOL),
    );
    await page.getByTestId('heatmap').locator('rect').nth(25).hover();
    await expect(page.getByTestId('heatmap-readout')).toHaveText(
      `true Nucleoplasm → predicted Cytosol: ${NUCLEOPLASM_PREDICTED_CYTOSOL} images (25.0% of Nucleoplasm)`,
    );

    // Tooltip: hovering the middle of the macro F1 chart names the series and the step.
    await page.locator('[data-panel="macro-f1"] svg.recharts-surface').first().hover();
    const tooltip = page.locator('[data-panel="macro-f1"]').getByTestId('curve-tooltip');
    await expect(tooltip).toContainText('validation macro F1');
    await expect(tooltip).toContainText(/step \d+/);

    await saveScreenshot(page, testInfo, 'run-page-1440');
    await expectNoSeriousA11yViolations(page);
    await page.setViewportSize({ width: 1024, height: 900 });
    await waitForCharts(page);
    await saveScreenshot(page, testInfo, 'run-page-1024');
  });

  test('keeps chart choices in the URL and switches the evaluation', async ({
    page,
    signIn,
  }, testInfo) => {
    await signIn();
    await page.goto(`/runs/${seeded.id}`);
    await waitForCharts(page);
    await page.getByRole('radio', { name: 'epoch' }).check();
    await page.getByLabel('smoothing').selectOption('0.6');
    await page.getByLabel('log scale').check();
    await page.getByLabel(/row-normalised/).check();
    await expect(page).toHaveURL(/x=epoch/);
    await expect(page).toHaveURL(/smooth=0\.6/);
    await expect(page).toHaveURL(/log=1/);
    await expect(page).toHaveURL(/norm=1/);
    // Row-normalised: the share of Nucleoplasm images predicted Cytosol.
    await openHeatmapTable(page);
    await expect(cellText(page, 'heatmap-table', 0, 25)).toHaveText('25.0%');

    await page.reload();
    await waitForCharts(page);
    await expect(page.getByRole('radio', { name: 'epoch' })).toBeChecked();
    await expect(page.getByLabel('log scale')).toBeChecked();
    // Epoch axis: the macro F1 table gains an epoch column with whole epochs.
    await openCurveTable(page, 'macro-f1');
    await expect(
      page.locator('[data-curve-table="macro-f1"] tbody tr').nth(9).locator('td').nth(1),
    ).toHaveText('10');
    await saveScreenshot(page, testInfo, 'run-page-epoch-log-smoothed');
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, testInfo, 'run-page-dark');
    await expectNoSeriousA11yViolations(page);
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByLabel('evaluation').selectOption(String(10 * STEPS_PER_EPOCH));
    // A server round trip (the chosen evaluation's matrix): slow on a loaded machine.
    await expect(page).toHaveURL(/eval=200/, { timeout: 30_000 });
    const early = evaluationAt(10);
    await expect(page.getByTestId('evaluation-summary')).toContainText(
      `epoch 10, step 200: macro F1 ${early.macroF1.toFixed(3)}`,
    );
    await expectScoresAgreeWithBars(page);
    await expect(
      page.locator('[data-testid="per-class-table"] tr[data-class-id="0"] td').nth(5),
    ).toHaveText(String(early.perClass.tp[0]));
    // The other choices survived the server round trip.
    await expect(page).toHaveURL(/norm=1/);
  });

  test('downloads a file whose bytes match its sha256, and refuses cross-site requests', async ({
    page,
    signIn,
  }) => {
    await signIn();
    await page.goto(`/runs/${seeded.id}`);
    const row = page.getByTestId('artifact-table').locator('tbody tr').first();
    await expect(row.getByTestId('artifact-sha256')).toHaveText(seeded.artifact.sha256);
    await expect(row).toContainText('256 KiB');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link').click(),
    ]);
    const bytes = await readFile((await download.path())!);
    expect(bytes.length).toBe(seeded.artifact.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(seeded.artifact.sha256);

    const href = await row.getByRole('link').getAttribute('href');
    const crossSite = await page.request.get(href!, {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.text()).toContain('Cross-site download refused');
  });

  test('a viewer sees no cancel button; an admin cancels a running run after confirming', async ({
    page,
    signIn,
    api,
  }) => {
    const { createMember } = await api.request(CreateViewerDocument, {
      input: { email: `viewer-${randomUUID()}@example.org`, name: 'Vera Viewer', role: 'VIEWER' },
    });
    const { createApiKey } = await api.request(CreateKeyDocument, {
      memberId: createMember.id,
      name: 'e2e',
    });
    await signIn(createApiKey.secret);
    await page.goto(`/runs/${running.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Running');
    await expect(page.getByRole('button', { name: /cancel run/i })).toHaveCount(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn();
    await page.goto(`/runs/${running.id}`);
    await page.getByRole('button', { name: 'Cancel run…' }).click();
    await page.getByLabel('Reason (optional)').fill('e2e: wrong learning rate');
    await page.getByRole('button', { name: 'Yes, cancel the run' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Cancelled');
    await expect(page.getByText('e2e: wrong learning rate')).toBeVisible();
    await expect(page.getByRole('button', { name: /cancel run/i })).toHaveCount(0);
  });

  test('an unknown run answers 404 and a malformed id is named (404 too)', async ({
    page,
    signIn,
  }, testInfo) => {
    await signIn();
    // The run's query resolves before the first byte (no loading.tsx above the page), so the
    // status is a real 404, not a 200 carrying a not-found page.
    const unknown = await page.goto(`/runs/${randomUUID()}`);
    expect(unknown?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Run not found (404)' })).toBeVisible();
    await expect(page).toHaveTitle(/Run not found/);
    const malformed = await page.goto('/runs/not-a-run');
    expect(malformed?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not a run id' })).toBeVisible();
    await expect(page.getByText('“not-a-run” is not a run id')).toBeVisible();
    await saveScreenshot(page, testInfo, 'run-page-bad-id');
    await expectNoSeriousA11yViolations(page);
    // An existing run still answers 200, its curves streaming in after the header.
    const found = await page.goto(`/runs/${seeded.id}`);
    expect(found?.status()).toBe(200);
    await waitForCharts(page);
  });
});
