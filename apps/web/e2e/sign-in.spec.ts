import { expect, expectNoSeriousA11yViolations, saveScreenshot, test } from './fixtures';

test.describe('sign-in', () => {
  test('a visitor without a session is sent to sign-in', async ({ page }, testInfo) => {
    await page.goto('/runs');
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await saveScreenshot(page, testInfo, 'sign-in');
    await expectNoSeriousA11yViolations(page);
  });

  test('a valid key signs in; the cookie is httpOnly and SameSite=Strict', async ({
    page,
    signIn,
    context,
  }) => {
    await signIn();
    await expect(page).toHaveURL(/\/runs/);
    await expect(page.getByRole('banner').getByText('Admin', { exact: true })).toBeVisible();
    const cookie = (await context.cookies()).find((c) => c.name === 'hpa_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // Page scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('hpa_');
  });

  test('a wrong key is refused with the reason', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('API key').fill(`hpa_${'x'.repeat(43)}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('#sign-in-error')).toContainText('The API refused this key');
    await expect(page.locator('#sign-in-error')).toContainText('Unknown API key');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('a malformed key is refused before it is sent', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('API key').fill('hpa_short');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('#sign-in-error')).toContainText(
      '9 characters long; API keys have 47',
    );
  });

  test('sign-out clears the session', async ({ page, signIn, context }) => {
    await signIn();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    expect((await context.cookies()).find((c) => c.name === 'hpa_session')).toBeUndefined();
    await page.goto('/runs');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('a one-time sign-in link works once', async ({ page, stack, context }, testInfo) => {
    await page.goto(`/sign-in?token=${stack.signInToken}`);
    await saveScreenshot(page, testInfo, 'sign-in-link');
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Sign in with this link' }).click();
    await expect(page).toHaveURL(/\/runs/);
    await expect(page.getByRole('banner').getByText('Admin', { exact: true })).toBeVisible();

    await context.clearCookies();
    await page.goto(`/sign-in?token=${stack.signInToken}`);
    await page.getByRole('button', { name: 'Sign in with this link' }).click();
    await expect(page.locator('#sign-in-error')).toContainText('already used');
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
