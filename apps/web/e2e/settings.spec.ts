// /settings in a real browser: an admin creates a member with a role and issues them a key whose
// secret shows once (copied with the copy button, gone after a reload, never in a URL or
// cookie); a refused e-mail is named; a member revoking the key they are signed in with lands
// on sign-in with the reason.
import { graphql } from '../src/graphql/generated';
import { expect, expectNoSeriousA11yViolations, saveScreenshot, test } from './fixtures';
import { createMemberWithKey } from './harness/seed';

const WORD = `se${Date.now().toString(36)}`;

const MeDocument = graphql(`
  query E2eSettingsMe {
    me {
      email
      role
    }
  }
`);

const MembersDocument = graphql(`
  query E2eSettingsMembers {
    members {
      id
    }
  }
`);

test('an admin creates a member and a key; the secret shows once', async ({
  page,
  context,
  signIn,
  api,
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn();
  await page.goto('/settings');
  const create = page.getByRole('form', { name: 'Create a member' });
  await create.getByLabel('Name').fill(`Nadia ${WORD}`);
  await create.getByLabel('E-mail').fill(`${WORD}-nadia@e2e.local`);
  await create.getByLabel('Role').selectOption('VIEWER');
  await create.getByRole('button', { name: 'Create member' }).click();
  await expect(create.getByRole('status')).toContainText(`Nadia ${WORD} is a member now.`);
  const row = page.getByTestId('member-row').filter({ hasText: `${WORD}-nadia@e2e.local` });
  await expect(row).toContainText('viewer');

  // The same e-mail again: the API's reason shows beside the form, and no member is added.
  const membersBefore = (await api.request(MembersDocument, {})).members.length;
  await create.getByLabel('Name').fill('Nadia again');
  await create.getByLabel('E-mail').fill(`${WORD}-nadia@e2e.local`);
  await create.getByRole('button', { name: 'Create member' }).click();
  await expect(create.getByRole('alert')).toContainText('already exists');
  expect((await api.request(MembersDocument, {})).members.length).toBe(membersBefore);

  const keys = page.getByRole('form', { name: `Issue a key for Nadia ${WORD}` });
  await keys.getByLabel('New key’s label').fill('nadia-laptop');
  await keys.getByRole('button', { name: 'Issue key' }).click();
  const shown = page.getByTestId('new-key-secret');
  await expect(shown).toBeVisible();
  const secret = (await shown.getByTestId('secret').textContent())!.trim();
  expect(secret).toMatch(/^hpa_/);
  await shown.getByRole('button', { name: 'Copy secret' }).click();
  await expect(shown.getByRole('status')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  // The secret works for the new member, and it is in no URL and no cookie.
  const me = await api.withKey(secret).request(MeDocument, {});
  expect(me.me).toEqual({ email: `${WORD}-nadia@e2e.local`, role: 'VIEWER' });
  expect(page.url()).not.toContain(secret);
  for (const cookie of await context.cookies()) expect(cookie.value).not.toContain(secret);
  for (const width of [1024, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await saveScreenshot(page, testInfo, `settings-${width}`);
  }
  await expectNoSeriousA11yViolations(page);

  // Shown once: after a reload only its label and prefix remain.
  await page.reload();
  await expect(page.getByTestId('new-key-secret')).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  await expect(page.getByTestId('key-row').filter({ hasText: 'nadia-laptop' })).toContainText(
    secret.slice(0, 12),
  );
});

test('a member revoking the key they are signed in with goes to sign-in with the reason', async ({
  page,
  signIn,
  api,
}) => {
  const member = await createMemberWithKey(api, {
    email: `${WORD}-self@e2e.local`,
    name: `Sam ${WORD}`,
    role: 'MEMBER',
  });
  await signIn(member.key);
  await page.goto('/settings');
  // A member manages only their own keys and creates no members.
  await expect(page.getByRole('form', { name: 'Create a member' })).toHaveCount(0);
  await expect(page.getByTestId('member-keys')).toHaveCount(1);
  const row = page.getByTestId('key-row').filter({ hasText: 'e2e' });
  await row.getByRole('button', { name: 'Revoke…' }).click();
  await row.getByRole('button', { name: 'Yes, revoke' }).click();
  await expect(page).toHaveURL(/\/sign-in\?reason=revoked/);
  await expect(page.getByText('Your API key has been revoked')).toBeVisible();
});
