// Models, promotion and downloads in a real browser against the real API: promote a succeeded
// run to `champion` through the confirmation, download it from /models (bytes checked against
// the API's sha256, and the shown curl command run as a script would), the alias rule shown and
// enforced, a run without a model artifact refused, a viewer's read-only pages, and a key
// revoked mid-session.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { graphql } from '../src/graphql/generated';
import { expect, expectNoSeriousA11yViolations, saveScreenshot, test } from './fixtures';
import { createMemberWithKey, revokeKey } from './harness/seed';
import { promoteFromRunPage, registeredModel } from './model-registry';
import { seedModelRun, type ModelRun } from './models-seed';

const WORD = `md${Date.now().toString(36)}`;
const MODEL = `classifier-${WORD}`;

const PromoteDocument = graphql(`
  mutation E2ePromote($runId: ID!, $name: String!, $alias: String!) {
    promoteModel(runId: $runId, name: $name, alias: $alias) {
      version
    }
  }
`);

type Member = Awaited<ReturnType<typeof createMemberWithKey>>;

let alice: Member;
let bob: Member;
let viewer: Member;
let first: ModelRun;
let second: ModelRun;
let bobRun: ModelRun;
let bobNoModel: ModelRun;

test.describe.configure({ mode: 'serial' });

test.describe('models', () => {
  test.beforeAll(async () => {
    // The fixtures' api client is per test; the stack is shared, so seed with our own clients.
    const { readStack } = await import('./harness/stack-env');
    const { ApiClient } = await import('./harness/api-client');
    const stack = readStack();
    const admin = new ApiClient(stack.apiUrl, stack.adminKey);
    alice = await createMemberWithKey(admin, {
      email: `${WORD}-alice@e2e.local`,
      name: 'Alice',
      role: 'MEMBER',
    });
    bob = await createMemberWithKey(admin, {
      email: `${WORD}-bob@e2e.local`,
      name: 'Bob',
      role: 'MEMBER',
    });
    viewer = await createMemberWithKey(admin, {
      email: `${WORD}-viewer@e2e.local`,
      name: 'Vera Viewer',
      role: 'VIEWER',
    });
    first = await seedModelRun(admin.withKey(alice.key), stack.projectId, {
      name: `${WORD} resnet focal`,
      macroF1: 0.42,
      rareF1: 0.11,
    });
    second = await seedModelRun(admin.withKey(alice.key), stack.projectId, {
      name: `${WORD} resnet soft-F1 oversampled`,
      macroF1: 0.51,
      rareF1: 0.33,
    });
    bobRun = await seedModelRun(admin.withKey(bob.key), stack.projectId, {
      name: `${WORD} bob densenet`,
      macroF1: 0.55,
    });
    bobNoModel = await seedModelRun(admin.withKey(bob.key), stack.projectId, {
      name: `${WORD} bob no model`,
      macroF1: 0.3,
      withModel: false,
    });
  });

  test('promotes a run to champion through a confirmation showing before and after', async ({
    page,
    signIn,
  }, testInfo) => {
    await signIn(alice.key);
    let form = await promoteFromRunPage(page, first.id, MODEL, 'champion');
    await expect(form.getByTestId('promote-now')).toContainText('nothing: a new model');
    await expect(form.getByTestId('promote-after')).toContainText(first.name);
    await form.getByRole('button', { name: 'Point champion at this run' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'now points at version 1' }),
    ).toBeVisible();

    // The second promotion shows what champion points at now and what it will, with both F1s.
    form = await promoteFromRunPage(page, second.id, MODEL, 'champion');
    const now = form.getByTestId('promote-now');
    await expect(now).toContainText(`v1: ${first.name}`);
    await expect(now).toContainText('0.420');
    // Rare-class F1: the mean of the five rare classes' F1 (0.11 each).
    await expect(now).toContainText('0.110');
    const after = form.getByTestId('promote-after');
    await expect(after).toContainText(second.name);
    await expect(after).toContainText('0.510');
    await expect(after).toContainText('0.330');
    await saveScreenshot(page, testInfo, 'promote-confirmation');
    await expectNoSeriousA11yViolations(page);
    await form.getByRole('button', { name: 'Point champion at this run' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'now points at version 2' }),
    ).toBeVisible();
    await page.getByRole('link', { name: 'See it in Models' }).click();
    await expect(page.getByRole('heading', { name: MODEL, level: 2 })).toBeVisible();
  });

  test('downloads champion from /models; its sha256 matches the API and the curl command', async ({
    page,
    signIn,
    api,
    stack,
  }, testInfo) => {
    await signIn(alice.key);
    const model = await registeredModel(api, MODEL, stack.projectId);
    const champion = model.aliases.find((a) => a.alias === 'champion')!;
    expect(champion.version.version).toBe(2);
    expect(champion.version.artifact.sha256).toBe(second.sha256);

    await page.goto(`/models?model=${model.id}`);
    const card = page.getByTestId('alias-card').filter({ hasText: 'champion' });
    await expect(card).toContainText('→ version 2');
    await expect(card).toContainText('0.510 · 0.330');
    await expect(card.getByTestId('alias-sha256')).toHaveText(champion.version.artifact.sha256);
    await expect(card).toContainText('64.0 KiB');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('link', { name: /Download champion/ }).click(),
    ]);
    const bytes = await readFile((await download.path())!);
    expect(bytes.length).toBe(champion.version.artifact.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(champion.version.artifact.sha256);

    // The command shown fetches the same file from a script, the key read from $HPA_API_KEY.
    const command = (await card.locator('code').textContent())!;
    expect(command).toContain('$HPA_API_KEY');
    expect(command).toContain(`/models/hpa/${MODEL}/aliases/champion`);
    expect(command).not.toContain(alice.key);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hpa-curl-'));
    await promisify(execFile)('sh', ['-c', command], {
      cwd: dir,
      env: { ...process.env, HPA_API_KEY: alice.key },
    });
    const fileName = /-o (\S+)/.exec(command)![1]!;
    const fetched = await readFile(path.join(dir, fileName));
    expect(createHash('sha256').update(fetched).digest('hex')).toBe(second.sha256);

    // Versions with run, member and F1 at promotion; the history says who moved what.
    const versions = page.getByTestId('versions-table');
    await expect(versions.locator('tbody tr')).toHaveCount(2);
    await expect(versions.locator('tbody tr').first()).toContainText('Alice');
    await expect(versions.locator('tbody tr').nth(1)).toContainText('0.420');
    const history = page.getByTestId('promotion-history');
    await expect(history.locator('li')).toHaveCount(2);
    await expect(history.locator('li').first()).toContainText('Alice moved champion from v1 to v2');
    for (const width of [1024, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await saveScreenshot(page, testInfo, `models-${width}`);
    }
    await expectNoSeriousA11yViolations(page);
  });

  test('a member cannot move another member’s champion; bad names are refused; nothing written', async ({
    page,
    signIn,
    api,
    stack,
  }) => {
    const count = async () => {
      const model = await registeredModel(api, MODEL, stack.projectId);
      return { versions: model.versions.totalCount, promotions: model.promotions.totalCount };
    };
    const before = await count();
    await signIn(bob.key);
    const form = await promoteFromRunPage(page, bobRun.id, MODEL, 'champion');
    await expect(form.getByRole('alert')).toContainText(
      'You may not move champion: it points at version 2, from Alice’s run',
    );
    await expect(form.getByRole('button', { name: 'Point champion at this run' })).toBeDisabled();
    // The API refuses it anyway, naming the alias.
    await expect(
      api
        .withKey(bob.key)
        .request(PromoteDocument, { runId: bobRun.id, name: MODEL, alias: 'champion' }),
    ).rejects.toThrow(/Alias champion of model .* only that member or an admin may move it/);
    // An alias name the API refuses: its message shows where the member is looking.
    await form.getByLabel('Alias', { exact: true }).fill('Champion!');
    await form.getByRole('button', { name: 'Point Champion! at this run' }).click();
    await expect(form.getByRole('alert')).toContainText('alias: must be 1-50 lowercase letters');
    expect(await count()).toEqual(before);

    // A run without a model artifact offers no promotion at all.
    await page.goto(`/runs/${bobNoModel.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(bobNoModel.name);
    await expect(page.getByRole('button', { name: 'Promote…' })).toHaveCount(0);
    // And the API refuses it, writing nothing.
    await expect(
      api
        .withKey(bob.key)
        .request(PromoteDocument, { runId: bobNoModel.id, name: MODEL, alias: 'bob-pick' }),
    ).rejects.toThrow(`Run ${bobNoModel.id} has no model artifact to register`);
    expect(await count()).toEqual(before);
  });

  test('a viewer sees read-only pages: no promote, cancel or member controls', async ({
    page,
    signIn,
  }) => {
    await signIn(viewer.key);
    await page.goto(`/runs/${second.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(second.name);
    await expect(page.getByRole('button', { name: 'Promote…' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Cancel run/ })).toHaveCount(0);
    await page.goto('/models');
    await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Promote…' })).toHaveCount(0);
    await page.goto('/settings');
    await expect(page.getByRole('heading', { name: 'Members' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Create a member' })).toHaveCount(0);
    // Only their own keys are theirs to manage.
    await expect(page.getByTestId('member-keys')).toHaveCount(1);
    await expect(page.getByTestId('member-keys')).toContainText('Your keys');
  });

  test('a key revoked mid-session sends the member to sign-in with the reason', async ({
    page,
    signIn,
    api,
  }) => {
    const carol = await createMemberWithKey(api, {
      email: `${WORD}-carol@e2e.local`,
      name: 'Carol',
      role: 'MEMBER',
    });
    await signIn(carol.key);
    await page.goto('/settings');
    const form = page.getByRole('form', { name: 'Issue a key for Carol' });
    await form.getByLabel('New key’s label').fill('laptop');
    // An admin revokes her key while the page is open: her next action goes to sign-in.
    await revokeKey(api, carol.keyId);
    await form.getByRole('button', { name: 'Issue key' }).click();
    await expect(page).toHaveURL(/\/sign-in\?reason=revoked/);
    await expect(page.getByText('Your API key has been revoked')).toBeVisible();
  });
});
