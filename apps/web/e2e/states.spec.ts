import { expect, expectNoSeriousA11yViolations, saveScreenshot, test } from './fixtures';
import { createMemberWithKey, revokeKey } from './harness/seed';
import { type RunningStack, startStack } from './harness/stack';

const WORD = `st${Date.now().toString(36)}`;

test('a revoked key sends the member back to sign-in with the reason', async ({
  page,
  api,
  signIn,
}) => {
  const member = await createMemberWithKey(api, {
    email: `${WORD}-revoked@e2e.local`,
    name: 'Revoked',
    role: 'MEMBER',
  });
  await signIn(member.key);
  await expect(page).toHaveURL(/\/runs/);
  await revokeKey(api, member.keyId);
  await page.reload();
  await expect(page).toHaveURL(/\/sign-in\?reason=revoked/);
  await expect(page.getByText('Your API key has been revoked')).toBeVisible();
});

test('an expired key sends the member back to sign-in with the reason', async ({
  page,
  api,
  signIn,
}) => {
  // Long enough for sign-in to finish on a loaded 2-core machine before the key expires.
  const expiresAt = new Date(Date.now() + 12_000).toISOString();
  const member = await createMemberWithKey(
    api,
    { email: `${WORD}-expired@e2e.local`, name: 'Expiring', role: 'VIEWER' },
    { expiresAt },
  );
  await signIn(member.key);
  await expect(page).toHaveURL(/\/runs/);
  await page.waitForTimeout(Math.max(0, Date.parse(expiresAt) - Date.now() + 500));
  await page.goto('/runs');
  await expect(page).toHaveURL(/\/sign-in\?reason=expired/);
  await expect(page.getByText('Your API key has expired')).toBeVisible();
});

test('an unknown address is a 404 page', async ({ page, signIn }, testInfo) => {
  await signIn();
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found (404)' })).toBeVisible();
  await saveScreenshot(page, testInfo, 'not-found');
  await expectNoSeriousA11yViolations(page);
});

for (const [path, title] of [
  ['/classes', 'Classes'],
  ['/launch', 'Launch'],
] as const) {
  test(`${title} answers (not built yet) and is accessible`, async ({ page, signIn }, testInfo) => {
    await signIn();
    await page.goto(path);
    await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: title, exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await saveScreenshot(page, testInfo, title.toLowerCase());
    await expectNoSeriousA11yViolations(page);
  });
}

test.describe('on its own stack', () => {
  let own: RunningStack;
  test.beforeAll(async () => {
    own = await startStack();
  });
  test.afterAll(async () => {
    await own?.stop();
  });

  test('no runs yet: the empty state says how to start one; then the API stops', async ({
    page,
  }, testInfo) => {
    await page.goto(`${own.info.webUrl}/sign-in`);
    await page.getByLabel('API key').fill(own.info.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('No runs yet.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Launch a run' }).first()).toBeVisible();
    await saveScreenshot(page, testInfo, 'runs-empty');
    await expectNoSeriousA11yViolations(page);

    // The API goes away mid-session: the page names the problem instead of failing blank.
    await own.api.stop();
    await page.reload();
    const alert = page.getByRole('alert').filter({ hasText: 'The API is not answering' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(own.info.apiUrl);
    // The fix is a command shown as code, not markdown backticks in plain text.
    await expect(alert.locator('code')).toHaveText('npm start');
    expect(await alert.innerText()).not.toContain('`');
    // The session is the cookie: still signed in (and able to sign out), not offered a sign-in.
    const banner = page.getByRole('banner');
    await expect(banner.getByTestId('session-unverified')).toContainText('Signed in');
    await expect(banner.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(banner.getByRole('link', { name: 'Sign in' })).toHaveCount(0);
    await saveScreenshot(page, testInfo, 'runs-api-down');
    await expectNoSeriousA11yViolations(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, testInfo, 'runs-api-down-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Signing in while it is down says so too.
    await page.goto(`${own.info.webUrl}/sign-in`);
    await page.getByLabel('API key').fill(own.info.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('#sign-in-error')).toContainText('The API is not answering');
  });
});
