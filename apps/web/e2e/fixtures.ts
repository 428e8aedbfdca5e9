// What every spec gets: the running stack, an API client as the admin, a signed-in page, and
// helpers that save a screenshot per page and run axe-core.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { NUM_CLASSES } from '@hpa-lab/ml/classes';
import { macroF1FromPerClass } from '@hpa-lab/ml/metrics';
import { rareClassF1 } from '@hpa-lab/ml/rare-classes';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { ApiClient } from './harness/api-client';
import { chromiumMissingReason, readStack, type StackInfo } from './harness/stack-env';

export interface Fixtures {
  stack: StackInfo;
  api: ApiClient;
  /** Signs the page in with a key through the sign-in form (the admin's by default). */
  signIn: (key?: string) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  // Outside CI a machine without Chromium skips, naming what is missing; in CI the global
  // setup already failed in that case.
  // eslint-disable-next-line no-empty-pattern
  stack: async ({}, use, testInfo) => {
    const missing = chromiumMissingReason();
    testInfo.skip(missing !== undefined, missing);
    await use(readStack());
  },
  baseURL: async ({ stack }, use) => {
    await use(stack.webUrl);
  },
  api: async ({ stack }, use) => {
    await use(new ApiClient(stack.apiUrl, stack.adminKey));
  },
  signIn: async ({ page, stack }, use) => {
    await use(async (key = stack.adminKey) => {
      await page.goto('/sign-in');
      await page.getByLabel('API key').fill(key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    });
  },
});

export { expect };

/** Saves a full-page screenshot as a test artifact (test-results/screenshots/<name>.png). */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // Beside Playwright's per-test folders (which it empties), so all pages sit in one place.
  const file = path.resolve(testInfo.project.outputDir, '..', 'screenshots', `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** axe-core on the current page: no serious or critical violation (WCAG 2.x A and AA rules). */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  const summary = serious.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(' '))
        .join(', ')}`,
  );
  expect(summary, `axe-core violations on ${page.url()}`).toEqual([]);
}

/**
 * The macro F1 and rare-class F1 a run page prints for its shown evaluation agree with the
 * per-class F1s of its table (the numbers its bars draw), by packages/ml's definitions. Each
 * printed number is rounded to 3 decimals, so they may differ by the rounding of both sides.
 */
export async function expectScoresAgreeWithBars(page: Page): Promise<void> {
  const cells = await page
    .locator('[data-testid="per-class-table"] tbody tr[data-class-id]')
    .evaluateAll((rows) =>
      rows.map((row) => ({
        classId: Number(row.getAttribute('data-class-id')),
        f1: Number(row.querySelectorAll('td')[1]?.textContent),
      })),
    );
  expect(cells).toHaveLength(NUM_CLASSES);
  const f1 = Array.from({ length: NUM_CLASSES }, (_, id) => {
    const cell = cells.find((entry) => entry.classId === id);
    expect(cell, `class ${id} in the per-class table`).toBeDefined();
    return cell!.f1;
  });
  const summary = await page.getByTestId('evaluation-summary').innerText();
  const printed = /macro F1\s+([\d.]+)\s+·\s+rare-class F1\s+([\d.]+)/.exec(summary);
  expect(printed, `scores in "${summary}"`).not.toBeNull();
  const roundingSlack = 0.0011;
  expect(Math.abs(Number(printed![1]) - macroF1FromPerClass(f1))).toBeLessThanOrEqual(
    roundingSlack,
  );
  expect(Math.abs(Number(printed![2]) - rareClassF1(f1))).toBeLessThanOrEqual(roundingSlack);
}
