import type { Page } from '@playwright/test';
import { expect, expectNoSeriousA11yViolations, saveScreenshot, test } from './fixtures';
import { createMemberWithKey, type SeededRun, seedRuns, type SeedRun } from './harness/seed';

// Every run of this file carries a unique word in its name, and each test filters on it, so
// runs seeded by other spec files never show up here.
const WORD = `tbl${Date.now().toString(36)}`;
const STATUSES = ['SUCCEEDED', 'FAILED', 'RUNNING', 'SUCCEEDED', 'CANCELLED', 'QUEUED'] as const;
const MODELS = ['small-cnn', 'resnet', 'mobilenet-v2'] as const;
let seeded: SeededRun[] = [];
let otherMember: { id: string; name: string };

test.beforeAll(async ({ api, stack }) => {
  // 30 runs: F1 values all distinct (0.300..0.590 in a shuffled order), three models.
  const specs: SeedRun[] = Array.from({ length: 30 }, (_, i) => {
    const status = STATUSES[i % STATUSES.length]!;
    return {
      name: `${WORD} run ${String(i).padStart(2, '0')}`,
      status,
      macroF1: status === 'QUEUED' ? undefined : 0.3 + ((i * 7) % 30) / 100,
      model: MODELS[i % MODELS.length],
      tags: i % 2 === 0 ? ['even'] : ['odd'],
    };
  });
  seeded = await seedRuns(api, stack.projectId, specs);
  const other = await createMemberWithKey(api, {
    email: `${WORD}@e2e.local`,
    name: `Other ${WORD}`,
    role: 'MEMBER',
  });
  otherMember = other;
  seeded.push(
    ...(await seedRuns(api.withKey(other.key), stack.projectId, [
      {
        name: `${WORD} <img src=x onerror="window.__xss=1"> & <b>bold</b>`,
        approach: '<script>window.__xss=2</script>',
        tags: ['<i>tag</i>'],
        status: 'SUCCEEDED',
        macroF1: 0.2,
      },
    ])),
  );
});

async function columnTexts(page: Page, column: string): Promise<string[]> {
  // A status cell is a decorative glyph (aria-hidden) and its label: read the label.
  const inner = column === 'status' ? ' [data-status-label]' : '';
  return page
    .locator(`[data-testid=runs-table] tbody td[data-column=${column}]${inner}`)
    .allInnerTexts();
}

/** The URL changes before the new page has streamed in: wait for the table's own caption. */
async function expectSortedBy(page: Page, sort: string): Promise<void> {
  await expect(page.locator('[data-testid=runs-table] caption')).toHaveText(
    `Runs, sorted by ${sort}`,
  );
}

const bestScore = () => Math.max(...seeded.flatMap((run) => run.macroF1 ?? []));

test('lists the runs with status as text and a screenshot of the page', async ({
  page,
  signIn,
}, testInfo) => {
  await signIn();
  await page.goto(`/runs?q=${WORD}`);
  await expect(page.getByTestId('runs-total')).toHaveText('31 matching');
  await expect(page.locator('[data-testid=runs-table] tbody tr')).toHaveCount(31);
  const statuses = await columnTexts(page, 'status');
  expect(new Set(statuses)).toEqual(
    new Set(['Succeeded', 'Failed', 'Running', 'Cancelled', 'Queued']),
  );
  await saveScreenshot(page, testInfo, 'runs');
  await expectNoSeriousA11yViolations(page);
  // The table fits a 1440 px screen: no horizontal scrolling.
  const table = page.getByTestId('runs-table');
  const overflow = await table.evaluate((element) => {
    const box = element.parentElement!;
    return box.scrollWidth - box.clientWidth;
  });
  expect(overflow).toBeLessThanOrEqual(0);
  await page.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(page, testInfo, 'runs-dark');
  await expectNoSeriousA11yViolations(page);
});

test('sorts on the server, keeps the sort in the URL, and Back restores it', async ({
  page,
  signIn,
}) => {
  await signIn();
  await page.goto(`/runs?q=${WORD}`);
  await page.getByRole('link', { name: /^Macro F1/ }).click();
  await expect(page).toHaveURL(/sort=f1/);
  await expectSortedBy(page, 'Macro F1 (descending)');
  const scores = (await columnTexts(page, 'f1')).filter((text) => text !== '—').map(Number);
  expect(scores[0]).toBeCloseTo(bestScore(), 3);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));

  await page.getByRole('link', { name: /^Macro F1/ }).click();
  await expect(page).toHaveURL(/sort=f1&order=asc/);
  await expectSortedBy(page, 'Macro F1 (ascending)');
  const ascending = (await columnTexts(page, 'f1')).filter((text) => text !== '—').map(Number);
  expect(ascending[0]).toBeCloseTo(0.2, 3);

  await page.goBack();
  await expect(page).toHaveURL(/sort=f1(?!&order)/);
  await expectSortedBy(page, 'Macro F1 (descending)');
  expect(Number((await columnTexts(page, 'f1'))[0])).toBeCloseTo(bestScore(), 3);

  await page.getByRole('link', { name: /^Name/ }).click();
  await expect(page).toHaveURL(/sort=name/);
  await expectSortedBy(page, 'Name (ascending)');
  const names = await columnTexts(page, 'name');
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
});

test('sorts by status in both directions, across pages', async ({ page, signIn }) => {
  const LIFECYCLE = ['Queued', 'Running', 'Succeeded', 'Failed', 'Cancelled'];
  const rank = (label: string) => LIFECYCLE.indexOf(label);
  await signIn();
  // Pages of 25 of the 31 runs: the second page continues the order where the first ended.
  await page.goto(`/runs?q=${WORD}&size=25`);
  await page.getByRole('link', { name: /^Status/ }).click();
  await expect(page).toHaveURL(/sort=status/);
  await expectSortedBy(page, 'Status (ascending)');
  const firstPage = await columnTexts(page, 'status');
  expect(firstPage).toHaveLength(25);
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(page.locator('[data-testid=runs-table] tbody tr')).toHaveCount(6);
  const ascending = [...firstPage, ...(await columnTexts(page, 'status'))];
  expect(ascending.map(rank)).toEqual(ascending.map(rank).sort((a, b) => a - b));
  expect(ascending.filter((label) => label === 'Succeeded')).toHaveLength(
    seeded.filter((run) => run.status === 'SUCCEEDED').length,
  );

  await page.goto(`/runs?q=${WORD}&size=25&sort=status`);
  await page.getByRole('link', { name: /^Status/ }).click();
  await expect(page).toHaveURL(/sort=status&order=desc/);
  await expectSortedBy(page, 'Status (descending)');
  const descending = await columnTexts(page, 'status');
  expect(descending[0]).toBe('Cancelled');
  expect(descending.map(rank)).toEqual(descending.map(rank).sort((a, b) => b - a));
});

test('filters by status, member, model and text through the URL', async ({ page, signIn }) => {
  await signIn();
  await page.goto(`/runs?q=${WORD}`);
  const filters = page.getByRole('form', { name: 'Filter runs' });
  await filters.getByLabel('Failed').check();
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/status=FAILED/);
  const failed = seeded.filter((run) => run.status === 'FAILED').length;
  await expect(page.getByTestId('runs-total')).toHaveText(`${failed} matching`);
  expect(new Set(await columnTexts(page, 'status'))).toEqual(new Set(['Failed']));

  await page.goto(`/runs?q=${WORD}&member=${otherMember.id}`);
  await expect(page.getByTestId('runs-total')).toHaveText('1 matching');
  expect(await columnTexts(page, 'member')).toEqual([otherMember.name]);

  await page.goto(`/runs?q=${WORD}&model=resnet`);
  await expect(page.getByTestId('runs-total')).toHaveText('10 matching');
  expect(new Set(await columnTexts(page, 'model'))).toEqual(new Set(['resnet']));

  await page.goto(`/runs?q=${WORD}%20run%2007`);
  await expect(page.getByTestId('runs-total')).toHaveText('1 matching');

  await page.goto(`/runs?q=${WORD}-nothing-matches`);
  await expect(page.getByText('No run matches these filters.')).toBeVisible();
});

test('pages with cursors in the URL; Back returns to the previous page', async ({
  page,
  signIn,
}) => {
  await signIn();
  await page.goto(`/runs?q=${WORD}&size=25`);
  await expect(page.getByTestId('page-range')).toContainText('1–25 of 31 · page 1 of 2');
  const firstPage = await columnTexts(page, 'name');
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/after=[^&]+&page=2/);
  await expect(page.getByTestId('page-range')).toContainText('26–31 of 31 · page 2 of 2');
  const secondPage = await columnTexts(page, 'name');
  expect(secondPage).toHaveLength(6);
  expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);
  await expect(page.getByRole('link', { name: 'Next page' })).toHaveCount(0);
  await page.goBack();
  await expect(page.getByTestId('page-range')).toContainText('page 1 of 2');
  expect(await columnTexts(page, 'name')).toEqual(firstPage);
});

test('the column picker writes the columns into the URL', async ({ page, signIn }) => {
  await signIn();
  await page.goto(`/runs?q=${WORD}`);
  await page.getByText(/^Columns \(/).click();
  const picker = page.getByRole('form', { name: 'Choose columns' });
  for (const label of ['Approach', 'Tags', 'Backend', 'Loss'])
    await picker.getByLabel(label).uncheck();
  await picker.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/cols=status,name,member,model,/);
  // The URL changes before the new page has streamed in: wait for the new header row.
  await expect(page.locator('[data-testid=runs-table] thead th')).toHaveCount(10);
  const headers = await page.locator('[data-testid=runs-table] thead th').allInnerTexts();
  expect(headers.map((text) => text.replace(/[▲▼]/g, '').trim())).toEqual([
    'Select',
    'Status',
    'Name',
    'Member',
    'Model',
    'Input',
    'Macro F1',
    'Rare F1',
    'Duration',
    'Created',
  ]);
  await page.reload();
  await expect(page.locator('[data-testid=runs-table] thead th')).toHaveCount(10);
});

test('HTML in names, approaches and tags is shown as text', async ({ page, signIn }) => {
  await signIn();
  await page.goto(`/runs?q=${WORD}&member=${otherMember.id}`);
  const name = page.locator('[data-testid=runs-table] td[data-column=name]');
  await expect(name).toHaveText(`${WORD} <img src=x onerror="window.__xss=1"> & <b>bold</b>`);
  await expect(
    page.locator('[data-testid=runs-table] img, [data-testid=runs-table] b'),
  ).toHaveCount(0);
  await expect(page.locator('td[data-column=approach]')).toHaveText(
    '<script>window.__xss=2</script>',
  );
  await expect(page.locator('td[data-column=tags]')).toHaveText('<i>tag</i>');
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
});

test('a nonsense sort, order or page in the URL is named and ignored', async ({ page, signIn }) => {
  await signIn();
  await page.goto(`/runs?q=${WORD}&sort=banana&order=up&page=-3&size=13`);
  const notices = page.getByTestId('url-notices');
  await expect(notices).toContainText('Ignored sort="banana"');
  await expect(notices).toContainText('Ignored order="up"');
  await expect(notices).toContainText('Ignored page="-3"');
  await expect(notices).toContainText('Ignored size="13"');
  await expect(page.getByTestId('runs-total')).toHaveText('31 matching');

  await page.goto(`/runs?q=${WORD}&after=bm90LWEtY3Vyc29y&page=2`);
  await expect(
    page.getByRole('alert').filter({ hasText: 'The API refused the request' }),
  ).toContainText('after is not a cursor returned by runs');
});

test('selecting 2 runs opens the comparison with both', async ({ page, signIn }) => {
  await signIn();
  await page.goto(`/runs?q=${WORD}&sort=name`);
  const compare = page.getByRole('button', { name: 'Compare' });
  await expect(compare).toBeDisabled();
  const boxes = page.getByRole('checkbox', { name: /^Select .* for comparison$/ });
  await boxes.nth(0).check();
  await expect(compare).toBeDisabled();
  await boxes.nth(1).check();
  await expect(compare).toBeEnabled();
  await compare.click();
  await expect(page).toHaveURL(/\/compare\?runs=[0-9a-f-]{36},[0-9a-f-]{36}$/);
  const ids = new URL(page.url()).searchParams.get('runs')!.split(',');
  const byName = [...seeded].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  expect(new Set(ids)).toEqual(new Set([byName[0]!.id, byName[1]!.id]));
});

test('CSV export has the filtered runs and refuses cross-site requests', async ({
  page,
  signIn,
}) => {
  await signIn();
  const response = await page.request.get(`/runs/export?q=${WORD}&status=FAILED`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/csv');
  const lines = (await response.text()).trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/^"id","status","name",/);
  expect(lines.slice(1)).toHaveLength(seeded.filter((run) => run.status === 'FAILED').length);
  for (const line of lines.slice(1)) expect(line).toContain(',"FAILED",');

  const crossSite = await page.request.get(`/runs/export?q=${WORD}`, {
    headers: { 'sec-fetch-site': 'cross-site' },
  });
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.text()).toContain('CSV export refused');
});
