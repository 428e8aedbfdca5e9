// Live pages (issue 20) against a real API and the production build: a running run's page draws
// the points a trainer logs and turns Succeeded without a reload; when its stream cannot get
// through, the page says so, polls, and resumes without losing or doubling a point; the header's
// duration ticks while the run trains and stops when it ends (on Playwright's clock); the runs
// table shows a run created elsewhere. Waits end on what the page shows (no timed assertion).
import type { Page } from '@playwright/test';
import { graphql } from '@/graphql/generated';
import { formatDuration } from '@/lib/format';
import { expect, expectNoSeriousA11yViolations, saveScreenshot, test } from './fixtures';
import type { ApiClient } from './harness/api-client';
import { seedRun as seedSimpleRun } from './harness/seed';
import { STEPS_PER_EPOCH, seedRun, stepLoss } from './run-page-seed';

const LogMetrics = graphql(`
  mutation LiveSpecLogMetrics($runId: ID!, $points: [MetricPointInput!]!) {
    logMetrics(runId: $runId, points: $points) {
      written
    }
  }
`);
const FinishRun = graphql(`
  mutation LiveSpecFinishRun($id: ID!) {
    finishRun(id: $id, status: SUCCEEDED) {
      id
    }
  }
`);

const RunTimes = graphql(`
  query LiveSpecRunTimes($id: ID!) {
    run(id: $id) {
      startedAt
      finishedAt
    }
  }
`);

const EPOCHS = 2;
/** Per-step losses 0..39 are seeded; the epoch-end losses sit at steps 20 and 40. */
const FIRST_STEPS = EPOCHS * STEPS_PER_EPOCH;

/** The loss table's steps once per-step losses reach `last`: every step once, in order. */
const stepsUpTo = (last: number) =>
  Array.from({ length: Math.max(last, FIRST_STEPS) + 1 }, (_, step) => step);
const POLL = { timeout: 30_000 };

function logLoss(api: ApiClient, runId: string, from: number, count: number) {
  const points = Array.from({ length: count }, (_, i) => ({
    key: 'train/loss',
    step: from + i,
    value: stepLoss(from + i),
  }));
  return api.request(LogMetrics, { runId, points });
}

/** "4s", "1m 05s", "1h 02m" (lib/format's formatDuration) in seconds. */
function durationSeconds(text: string | null): number {
  const parts = /^(?:(\d+)h )?(?:(\d+)m ?)?(?:(\d+)s)?$/.exec(text?.trim() ?? '');
  if (!parts || !text?.trim()) throw new Error(`not a duration: ${text}`);
  const [hours = 0, minutes = 0, seconds = 0] = parts.slice(1).map((part) => Number(part ?? 0));
  return hours * 3600 + minutes * 60 + seconds;
}

/** Lets React render what the last timers changed (two frames). */
function nextFrames(page: Page) {
  return page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

/** The steps in the loss chart's table of values, in order. */
async function lossSteps(page: Page): Promise<number[]> {
  const cells = page.locator('[data-curve-table="loss"] tbody tr td:first-child');
  return (await cells.allTextContents()).map((text) => Number(text.replace(/,/g, '')));
}

test.describe('live pages', () => {
  test.describe.configure({ timeout: 180_000 });

  test('a running run draws new points and turns Succeeded without a reload', async ({
    page,
    api,
    stack,
    signIn,
  }, testInfo) => {
    const run = await seedRun(api, stack.projectId, {
      name: 'live training',
      running: true,
      epochs: EPOCHS,
    });
    await signIn();
    await page.goto(`/runs/${run.id}`);
    await expect(
      page.locator('[data-panel="loss"] .recharts-line path.recharts-curve').first(),
    ).toBeVisible();
    // A reload would lose this mark.
    await page.evaluate(() => ((window as unknown as { liveMark?: number }).liveMark = 1));
    await page.locator('[data-panel="loss"] summary').click();
    await expect.poll(() => lossSteps(page), POLL).toEqual(stepsUpTo(FIRST_STEPS - 1));

    await logLoss(api, run.id, FIRST_STEPS, 10);
    await expect.poll(() => lossSteps(page), POLL).toEqual(stepsUpTo(FIRST_STEPS + 9));
    await logLoss(api, run.id, FIRST_STEPS + 10, 10);
    await expect.poll(() => lossSteps(page), POLL).toEqual(stepsUpTo(FIRST_STEPS + 19));

    await api.request(FinishRun, { id: run.id });
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Succeeded', {
      timeout: 30_000,
    });
    expect(await page.evaluate(() => (window as unknown as { liveMark?: number }).liveMark)).toBe(
      1,
    );
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, testInfo, 'live-run-succeeded');
  });

  test('the header’s duration ticks while the run trains and stops when it ends', async ({
    page,
    api,
    stack,
    signIn,
  }) => {
    const run = await seedRun(api, stack.projectId, {
      name: 'live duration',
      running: true,
      epochs: EPOCHS,
    });
    await signIn();
    // The browser's clock is Playwright's: time flows, and the test moves it on at will.
    await page.clock.install();
    await page.goto(`/runs/${run.id}`);
    const duration = page.getByTestId('run-duration');
    await expect(duration).toHaveText(/\d+s$/);
    const rendered = durationSeconds(await duration.textContent());
    await page.clock.fastForward(90_000);
    await expect
      .poll(async () => durationSeconds(await duration.textContent()))
      .toBeGreaterThanOrEqual(rendered + 90);

    await api.request(FinishRun, { id: run.id });
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Succeeded', POLL);
    const times = (await api.request(RunTimes, { id: run.id })).run!;
    const final = formatDuration(Date.parse(times.finishedAt!) - Date.parse(times.startedAt!));
    await expect(duration).toHaveText(final);
    // Stopped: more time passes in the browser and the duration stays the run's.
    await page.clock.fastForward(90_000);
    await nextFrames(page);
    expect(await duration.textContent()).toBe(final);
  });

  test('a dropped stream is announced, polled, and resumed without losing or doubling points', async ({
    page,
    api,
    stack,
    signIn,
  }) => {
    const run = await seedRun(api, stack.projectId, {
      name: 'live drop',
      running: true,
      epochs: EPOCHS,
    });
    await signIn();
    // The stream cannot get through at first (as when the API or a proxy drops it).
    await page.route('**/live/stream', (route) => route.abort('connectionreset'));
    await page.goto(`/runs/${run.id}`);
    await expect(page.getByTestId('live-notice')).toContainText('Live updates interrupted', {
      timeout: 30_000,
    });
    await page.locator('[data-panel="loss"] summary').click();
    await expect.poll(() => lossSteps(page), POLL).toEqual(stepsUpTo(FIRST_STEPS - 1));

    // Logged while the page has no stream; then the stream gets through again (the page's
    // poll and its resumed stream may both bring these points: each is drawn once).
    await logLoss(api, run.id, FIRST_STEPS, 15);
    await page.unroute('**/live/stream');
    await expect
      .poll(() => lossSteps(page), { timeout: 60_000 })
      .toEqual(stepsUpTo(FIRST_STEPS + 14));
    await expect(page.getByTestId('live-notice')).toHaveCount(0, POLL);
    await logLoss(api, run.id, FIRST_STEPS + 15, 5);
    await expect.poll(() => lossSteps(page), POLL).toEqual(stepsUpTo(FIRST_STEPS + 19));
    await api.request(FinishRun, { id: run.id });
  });

  test('the runs table shows a run created elsewhere without a reload', async ({
    page,
    api,
    stack,
    signIn,
  }) => {
    const word = `live${Date.now().toString(36)}`;
    await signIn();
    // The page's stream is held back until a first run exists: that run is created after the
    // server rendered the table but before the API watches, the gap a slow stream start opens.
    let firstSeeded!: () => void;
    const seeded = new Promise<void>((resolve) => (firstSeeded = resolve));
    await page.route('**/live/stream', async (route) => {
      await seeded;
      await route.continue();
    });
    await page.goto(`/runs?q=${word}`);
    await expect(page.getByTestId('runs-total')).toHaveText('0 matching');
    await page.evaluate(() => ((window as unknown as { liveMark?: number }).liveMark = 1));
    await seedSimpleRun(api, stack.projectId, { name: `${word} before`, status: 'RUNNING' });
    firstSeeded();
    const table = page.getByTestId('runs-table');
    await expect(table.getByRole('link', { name: `${word} before` })).toBeVisible({
      timeout: 30_000,
    });
    // Once the stream is up, a run created elsewhere arrives through it.
    await seedSimpleRun(api, stack.projectId, { name: `${word} launched`, status: 'RUNNING' });
    await expect(table.getByRole('link', { name: `${word} launched` })).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByTestId('runs-total')).toHaveText('2 matching');
    expect(await page.evaluate(() => (window as unknown as { liveMark?: number }).liveMark)).toBe(
      1,
    );
  });

  test('the live route refuses a cross-site request and never answers with the key', async ({
    playwright,
    stack,
  }) => {
    const context = await playwright.request.newContext({ baseURL: stack.webUrl });
    const body = { query: 'subscription { projectRunChanges { created } }' };
    for (const headers of [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: stack.webUrl, 'sec-fetch-site': 'cross-site' },
    ]) {
      const response = await context.post('/live/stream', {
        headers: {
          ...headers,
          accept: 'text/event-stream',
          cookie: `hpa_session=${stack.adminKey}`,
        },
        data: body,
        maxRedirects: 0,
      });
      expect(response.status()).toBe(403);
      expect(await response.text()).not.toContain(stack.adminKey);
    }
    await context.dispose();
  });
});
