// Launching from the browser against the real API, whose process trains launched runs (the
// harness's in-process trainer): a tiny synthetic run launched from the generated form (an
// invalid learning rate first shows its message and sends nothing; a name the API refuses shows
// its message beside the name), trained to the end, promoted to champion and downloaded from
// /models with the API's sha256; a clone with another loss whose differences show before it is
// launched, then cancelled mid-run from the queue panel (the first run's data, now a built
// cache, listed with its fingerprint, which picking it pins; a pinned fingerprint the cache does
// not have is a config only the API refuses, its message beside the field); team mode with no worker
// listening (the warning with the exact worker command, a launch that waits until that command
// runs); the API going away mid-launch, seen through a proxy the spec cuts (refused before
// the launch reached it: nothing written, the retry launches once; the answer lost after the API
// launched: the run whole, the retry with the same launch key lands on it); a viewer's read-only
// pages; a key revoked mid-launch. Screenshots at 1024 and 1440 px, light and dark.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { graphql } from '../src/graphql/generated';
import { expect, expectNoSeriousA11yViolations, saveScreenshot, test } from './fixtures';
import { ApiClient } from './harness/api-client';
import { startChild } from './harness/processes';
import { createMemberWithKey, revokeKey } from './harness/seed';
import { promoteFromRunPage, registeredModel } from './model-registry';
import { readStack } from './harness/stack-env';
import { type RunningStack, startStack } from './harness/stack';

const WORD = `ln${Date.now().toString(36)}`;
const MODEL = `launched-${WORD}`;
const TINY_DATASET = 'Synthetic, tiny (40 images, 32 px)';
const SMOKE_PRESET = 'Smoke test: tiny CNN, 32 px, 2 epochs';
const RUN_ID_URL = /\/runs\/[0-9a-f-]{36}$/;
/** Where the worker command is run (`npm run worker -w @hpa-lab/trainer` names a workspace). */
const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

const RunsByTextDocument = graphql(`
  query E2eLaunchRuns($text: String!) {
    runs(filter: { text: $text }) {
      totalCount
      nodes {
        id
        name
        status
      }
    }
  }
`);

const RunDocument = graphql(`
  query E2eLaunchRun($id: ID!) {
    run(id: $id) {
      id
      status
      errorMessage
      approach
      config
    }
  }
`);

const QueueDocument = graphql(`
  query E2eLaunchQueue {
    queueStatus {
      kind
      workers
      waiting
      workerCommand
    }
  }
`);

const DatasetsDocument = graphql(`
  query E2eLaunchDatasets {
    datasets {
      cachePath
      kind
      fingerprint
    }
  }
`);

const LaunchDocument = graphql(`
  mutation E2eLaunchAsViewer($input: LaunchRunInput!) {
    launchRun(input: $input) {
      id
    }
  }
`);

type Member = Awaited<ReturnType<typeof createMemberWithKey>>;

let alice: Member;
let viewer: Member;
let firstRunId = '';
let cloneRunId = '';

async function runsNamed(api: ApiClient, text: string) {
  return (await api.request(RunsByTextDocument, { text })).runs;
}

async function statusOf(api: ApiClient, id: string) {
  const { run } = await api.request(RunDocument, { id });
  return run?.status;
}

/** The message shown beside a generated field (rjsf ids: root_<path with _>). */
function fieldError(page: Page, fieldId: string) {
  return page.locator(`[data-field="${fieldId}"]`).getByTestId('field-error');
}

/** The idempotency key a launchRun request (as the dashboard sent it to the API) carries. */
function launchKeyOf(body: string): string {
  const { variables } = JSON.parse(body) as {
    variables: { input: { idempotencyKey: string } };
  };
  return variables.input.idempotencyKey;
}

async function signInAt(page: Page, webUrl: string, key: string) {
  await page.goto(`${webUrl}/sign-in`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

test.describe.configure({ mode: 'serial' });

test.describe('launch', () => {
  test.beforeAll(async () => {
    const stack = readStack();
    const admin = new ApiClient(stack.apiUrl, stack.adminKey);
    alice = await createMemberWithKey(admin, {
      email: `${WORD}-alice@e2e.local`,
      name: 'Alice',
      role: 'MEMBER',
    });
    viewer = await createMemberWithKey(admin, {
      email: `${WORD}-viewer@e2e.local`,
      name: 'Vera Viewer',
      role: 'VIEWER',
    });
  });

  test('launches a tiny synthetic run from the form; wrong values are shown and nothing is sent', async ({
    page,
    signIn,
    api,
  }, testInfo) => {
    test.setTimeout(180_000);
    await signIn(alice.key);
    await page.goto('/launch');
    await expect(page.getByRole('heading', { name: 'Launch a run', level: 1 })).toBeVisible();
    // The harness's API trains in its process: one worker listens, no warning.
    await expect(page.getByTestId('queue-counts')).toContainText('1 worker listening');
    await expect(page.getByTestId('no-worker-warning')).toHaveCount(0);
    // Generated from the schema: grouped, described, defaults filled in.
    await expect(page.getByRole('group', { name: 'Optimizer' })).toContainText(
      'Adam, its learning rate and schedule.',
    );
    await expect(page.getByLabel('Learning rate')).toHaveValue('0.001');
    await expect(page.getByRole('group', { name: 'Training' })).toBeVisible();
    // Light and dark (the page follows the system's colour scheme), at both widths; axe-core in
    // both schemes; the page itself never scrolls sideways.
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [1024, 1440]) {
        await page.setViewportSize({ width, height: 900 });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          width,
        );
        await saveScreenshot(page, testInfo, `launch-${width}${scheme === 'dark' ? '-dark' : ''}`);
      }
      await expectNoSeriousA11yViolations(page);
    }
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByLabel('Start from a preset').selectOption({ label: SMOKE_PRESET });
    await page.getByRole('button', { name: 'Apply preset' }).click();
    await expect(page.getByLabel('Input size (px)')).toHaveValue('32');
    await expect(page.getByLabel('Approach')).toHaveValue(SMOKE_PRESET);
    await page
      .getByRole('combobox', { name: 'Data set', exact: true })
      .selectOption({ label: TINY_DATASET });
    await expect(page.getByTestId('dataset-details')).toContainText('40 images, 32 px');
    await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('1');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`${WORD} smoke`);

    // A learning rate the schema refuses: its message beside the field, nothing sent.
    await page.getByLabel('Learning rate').fill('5');
    await page.getByRole('button', { name: 'Launch run' }).click();
    await expect(fieldError(page, 'root_optimizer_learningRate')).toContainText('<=1');
    await expect(page.getByRole('alert').filter({ hasText: 'need' })).toContainText(
      'optimizer.learningRate',
    );
    await saveScreenshot(page, testInfo, 'launch-invalid');
    await expectNoSeriousA11yViolations(page);
    expect(page.url()).toMatch(/\/launch$/);
    expect((await runsNamed(api, WORD)).totalCount).toBe(0);

    // A name the API refuses (longer than its 200 characters): the API's message beside it.
    await page.getByLabel('Learning rate').fill('0.003');
    await expect(fieldError(page, 'root_optimizer_learningRate')).toHaveCount(0);
    await page
      .getByRole('textbox', { name: 'Name', exact: true })
      .fill(`${WORD} ${'x'.repeat(200)}`);
    await page.getByRole('button', { name: 'Launch run' }).click();
    await expect(page.locator('#run-name__error')).toContainText('200');
    await expect(page.getByTestId('launch-problem')).toContainText('The API refused the request');
    expect((await runsNamed(api, WORD)).totalCount).toBe(0);

    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`${WORD} smoke`);
    await page.getByRole('button', { name: 'Launch run' }).click();
    await page.waitForURL(RUN_ID_URL);
    firstRunId = page.url().split('/').pop()!;
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`${WORD} smoke`);
    const launched = await runsNamed(api, WORD);
    expect(launched.nodes.map((run) => run.id)).toEqual([firstRunId]);
    const { run } = await api.request(RunDocument, { id: firstRunId });
    expect(run?.approach).toBe(SMOKE_PRESET);
    expect(run?.config).toMatchObject({
      epochs: 1,
      inputSize: 32,
      optimizer: { learningRate: 0.003 },
      dataset: { cachePath: 'synthetic:count=40,size=32,seed=5,rarity=0' },
    });

    await expect
      .poll(() => statusOf(api, firstRunId), { timeout: 150_000, intervals: [500] })
      .toBe('SUCCEEDED');
  });

  test('promotes the launched run to champion and downloads it from /models', async ({
    page,
    signIn,
    api,
  }) => {
    await signIn(alice.key);
    const form = await promoteFromRunPage(page, firstRunId, MODEL, 'champion');
    await form.getByRole('button', { name: 'Point champion at this run' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'now points at version 1' }),
    ).toBeVisible();

    // Every project: after other specs, the form's first project need not be the stack's.
    const model = await registeredModel(api, MODEL);
    const champion = model.aliases.find((alias) => alias.alias === 'champion')!;
    expect(champion.version.run.id).toBe(firstRunId);
    await page.goto(`/models?model=${model.id}`);
    const card = page.getByTestId('alias-card').filter({ hasText: 'champion' });
    await expect(card.getByTestId('alias-sha256')).toHaveText(champion.version.artifact.sha256);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('link', { name: /Download champion/ }).click(),
    ]);
    const bytes = await readFile((await download.path())!);
    expect(bytes.length).toBe(champion.version.artifact.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(champion.version.artifact.sha256);
  });

  test('clones the run with another loss, shows the differences, launches and cancels it', async ({
    page,
    signIn,
    api,
  }, testInfo) => {
    test.setTimeout(120_000);
    await signIn(alice.key);
    await page.goto(`/runs/${firstRunId}`);
    await page.getByRole('link', { name: 'Clone this run' }).click();
    await page.waitForURL(/\/launch\?clone=/);
    await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(
      `${WORD} smoke (clone)`,
    );
    const diff = page.getByTestId('config-diff');
    await expect(diff).toContainText('None yet');

    // The first run built a cache of its data: listed with its fingerprint, which picking pins.
    const { datasets } = await api.request(DatasetsDocument, {});
    const cache = datasets.find((dataset) => dataset.kind === 'CACHED')!;
    expect(cache.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const dataSet = page.getByRole('combobox', { name: 'Data set', exact: true });
    await dataSet.selectOption(cache.cachePath);
    await expect(page.getByTestId('dataset-details')).toContainText(cache.fingerprint!);
    await expect(page.getByLabel('Pinned fingerprint')).toHaveValue(cache.fingerprint!);
    // A config only the API can refuse (the browser cannot read the cache): a pinned fingerprint
    // the cache does not have. The API's message shows beside that field; nothing is launched.
    const launchedBefore = (await runsNamed(api, WORD)).totalCount;
    await page.getByLabel('Pinned fingerprint').fill('0'.repeat(64));
    await page.getByRole('button', { name: 'Launch run' }).click();
    await expect(fieldError(page, 'root_dataset_fingerprint')).toContainText(
      'runs are comparable only on the same data',
    );
    await expect(page.getByTestId('launch-problem')).toContainText('The API refused the config');
    expect(page.url()).toMatch(/\/launch\?clone=/);
    expect((await runsNamed(api, WORD)).totalCount).toBe(launchedBefore);
    // The list's own pin back, so that moving to another data set drops it (a typed one stays).
    await page.getByLabel('Pinned fingerprint').fill(cache.fingerprint!);
    await expect(fieldError(page, 'root_dataset_fingerprint')).toHaveCount(0);
    await dataSet.selectOption({ label: TINY_DATASET });
    await expect(page.getByLabel('Pinned fingerprint')).toHaveValue('');
    await expect(diff).toContainText('None yet');

    await page
      .getByRole('combobox', { name: 'Loss', exact: true })
      .selectOption({ label: 'Focal' });
    await expect(page.getByLabel('Gamma')).toHaveValue('2');
    // Long enough to be cancelled while it trains.
    await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('500');
    await page.getByLabel('Patience (epochs)').fill('1000');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`${WORD} clone focal`);
    const lossRow = diff.getByRole('row', { name: /loss\.name/ });
    await expect(lossRow).toContainText('"bce"');
    await expect(lossRow).toContainText('"focal"');
    await expect(diff.getByRole('row', { name: /^epochs/ })).toContainText('500');
    await saveScreenshot(page, testInfo, 'launch-clone-diff');
    await expectNoSeriousA11yViolations(page);

    await page.getByRole('button', { name: 'Launch run' }).click();
    await page.waitForURL(RUN_ID_URL);
    cloneRunId = page.url().split('/').pop()!;
    const { run } = await api.request(RunDocument, { id: cloneRunId });
    expect(run?.config).toMatchObject({ loss: { name: 'focal', gamma: 2 }, epochs: 500 });
    await expect
      .poll(() => statusOf(api, cloneRunId), { timeout: 60_000, intervals: [300] })
      .toBe('RUNNING');

    // Cancelled from the queue panel, mid-run.
    await page.goto('/launch');
    const row = page.getByTestId('queue-panel').getByRole('row', { name: /clone focal/ });
    await expect(row).toContainText('Running');
    await row.getByRole('button', { name: 'Cancel run…' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the run' }).click();
    await expect
      .poll(() => statusOf(api, cloneRunId), { timeout: 30_000, intervals: [300] })
      .toBe('CANCELLED');
    await expect(
      page.getByTestId('queue-panel').getByRole('row', { name: /clone focal/ }),
    ).toHaveCount(0);
  });

  test('a viewer sees no launch, clone or cancel control, and the API refuses anyway', async ({
    page,
    signIn,
    api,
    stack,
  }) => {
    await signIn(viewer.key);
    await page.goto('/launch');
    await expect(page.getByText('Your role may not launch runs')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Launch run' })).toHaveCount(0);
    await expect(page.getByTestId('queue-panel')).toBeVisible();
    await page.goto(`/runs/${firstRunId}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`${WORD} smoke`);
    await expect(page.getByRole('link', { name: 'Clone this run' })).toHaveCount(0);
    await page.goto('/runs');
    await expect(page.getByTestId('queue-panel')).toBeVisible();
    await expect(
      page.getByTestId('queue-panel').getByRole('link', { name: 'Launch a run' }),
    ).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Cancel run/ })).toHaveCount(0);
    const before = (await runsNamed(api, WORD)).totalCount;
    await expect(
      api.withKey(viewer.key).request(LaunchDocument, {
        input: {
          projectId: stack.projectId,
          name: `${WORD} viewer`,
          config: { model: { name: 'small-cnn' }, dataset: { cachePath: 'synthetic:count=40' } },
        },
      }),
    ).rejects.toThrow(/viewer|launch/i);
    expect((await runsNamed(api, WORD)).totalCount).toBe(before);
  });

  test('a key revoked mid-launch goes to sign-in with the reason, and launches nothing', async ({
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
    await page.goto('/launch');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`${WORD} revoked`);
    await page
      .getByRole('combobox', { name: 'Data set', exact: true })
      .selectOption({ label: TINY_DATASET });
    await revokeKey(api, carol.keyId);
    await page.getByRole('button', { name: 'Launch run' }).click();
    await expect(page).toHaveURL(/\/sign-in\?reason=revoked/);
    await expect(page.getByText('Your API key has been revoked')).toBeVisible();
    expect((await runsNamed(api, `${WORD} revoked`)).totalCount).toBe(0);
  });
});

test.describe('team mode with no worker listening', () => {
  let own: RunningStack;
  test.beforeAll(async () => {
    own = await startStack({ queue: 'bullmq', proxy: true });
  });
  test.afterAll(async () => {
    await own?.stop();
  });

  test('warns that a run will wait, with the exact worker command; the launch waits until that command runs', async ({
    page,
  }, testInfo) => {
    test.setTimeout(300_000);
    const api = new ApiClient(own.info.apiUrl, own.info.adminKey);
    const { queueStatus } = await api.request(QueueDocument, {});
    expect(queueStatus).toMatchObject({ kind: 'bullmq', workers: 0 });
    await signInAt(page, own.info.webUrl, own.info.adminKey);
    await page.goto(`${own.info.webUrl}/launch`);
    const warning = page.getByTestId('no-worker-warning');
    await expect(warning).toContainText('No worker is listening');
    await expect(warning.locator('code')).toHaveText(queueStatus.workerCommand);
    expect(queueStatus.workerCommand).toContain('npm run worker -w @hpa-lab/trainer');
    await saveScreenshot(page, testInfo, 'launch-no-worker');
    await expectNoSeriousA11yViolations(page);

    await page.getByLabel('Start from a preset').selectOption({ label: SMOKE_PRESET });
    await page.getByRole('button', { name: 'Apply preset' }).click();
    await page
      .getByRole('combobox', { name: 'Data set', exact: true })
      .selectOption({ label: TINY_DATASET });
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`${WORD} waits`);
    await page.getByRole('button', { name: 'Launch run' }).click();
    await page.waitForURL(RUN_ID_URL);
    const waitingId = page.url().split('/').pop()!;
    expect(await statusOf(api, waitingId)).toBe('QUEUED');
    await page.goto(`${own.info.webUrl}/runs`);
    const panel = page.getByTestId('queue-panel');
    await expect(panel.getByTestId('queue-counts')).toContainText('1 waiting');
    await expect(panel.getByTestId('no-worker-warning')).toBeVisible();
    await expect(panel.getByRole('row', { name: /waits/ })).toContainText('Queued');

    // The shown command, run as a member would (their key for the placeholder), gives the queue
    // a worker: the waiting run starts, and the warning is gone.
    const home = await mkdtemp(path.join(os.tmpdir(), 'hpa-e2e-worker-'));
    const worker = startChild(
      'sh',
      ['-c', queueStatus.workerCommand.replace('hpa_...', own.info.adminKey)],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          HPA_API_URL: own.info.apiUrl,
          HPA_LAB_HOME: home,
          HPA_TRAINER_BACKEND: 'cpu',
          LOG_LEVEL: 'warn',
        },
        name: 'worker',
      },
    );
    try {
      await expect
        .poll(async () => (await api.request(QueueDocument, {})).queueStatus.workers, {
          timeout: 60_000,
          intervals: [500],
        })
        .toBe(1);
      await expect
        .poll(() => statusOf(api, waitingId), { timeout: 150_000, intervals: [500] })
        .toBe('SUCCEEDED');
      await page.reload();
      await expect(panel.getByTestId('queue-counts')).toContainText('1 worker listening');
      await expect(panel.getByTestId('no-worker-warning')).toHaveCount(0);
    } finally {
      await worker.stop();
      await rm(home, { recursive: true, force: true });
    }
  });

  test('the API going away mid-launch: the page says so, no run is half-created, a retry launches exactly once', async ({
    page,
  }, testInfo) => {
    const api = new ApiClient(own.info.apiUrl, own.info.adminKey);
    const proxy = own.proxy!;
    // What is in the database: the runs of a name, and the queue's jobs (a queued run without
    // its job, or a job twice, would be a half-done launch).
    const waiting = async () => (await api.request(QueueDocument, {})).queueStatus.waiting;
    const waitingBefore = await waiting();
    await signInAt(page, own.info.webUrl, own.info.adminKey);
    const fillForm = async (name: string) => {
      await page.goto(`${own.info.webUrl}/launch`);
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
      await page
        .getByRole('combobox', { name: 'Data set', exact: true })
        .selectOption({ label: TINY_DATASET });
    };
    const problem = page.getByTestId('launch-problem');

    // The API stops answering before the launch reaches it: refused, nothing written.
    await fillForm(`${WORD} api down`);
    await proxy.down();
    try {
      await page.getByRole('button', { name: 'Launch run' }).click();
      await expect(problem).toContainText('The API is not answering');
      await expect(problem).toContainText('connection refused');
      await expect(problem).toContainText('Launching again is safe');
      await saveScreenshot(page, testInfo, 'launch-api-gone');
      expect(page.url()).toMatch(/\/launch$/);
      expect((await runsNamed(api, `${WORD} api down`)).totalCount).toBe(0);
      expect(await waiting()).toBe(waitingBefore);
    } finally {
      await proxy.up();
    }
    // Back: the same submission again launches it, once.
    await page.getByRole('button', { name: 'Launch again' }).click();
    await page.waitForURL(RUN_ID_URL);
    const downRuns = await runsNamed(api, `${WORD} api down`);
    expect(downRuns.nodes.map((run) => run.id)).toEqual([page.url().split('/').pop()]);
    expect(downRuns.nodes[0]!.status).toBe('QUEUED');
    expect(await waiting()).toBe(waitingBefore + 1);

    // The API launches the run but its answer never comes back: the member is told nothing
    // arrived; the run exists whole (queued, its job waiting); the retry, carrying the same
    // launch key, lands on that run instead of launching a second one.
    await fillForm(`${WORD} answer lost`);
    const lost = proxy.loseAnswer(/mutation LaunchRun\b/);
    await page.getByRole('button', { name: 'Launch run' }).click();
    const { answer } = await lost;
    await expect(problem).toContainText('The API is not answering');
    await expect(problem).toContainText('Launching again is safe');
    expect(page.url()).toMatch(/\/launch$/);
    const createdId = (JSON.parse(answer) as { data: { launchRun: { id: string } } }).data.launchRun
      .id;
    const lostRuns = await runsNamed(api, `${WORD} answer lost`);
    expect(lostRuns.nodes).toEqual([
      { id: createdId, name: `${WORD} answer lost`, status: 'QUEUED' },
    ]);
    expect(await waiting()).toBe(waitingBefore + 2);

    await page.getByRole('button', { name: 'Launch again' }).click();
    await page.waitForURL(`${own.info.webUrl}/runs/${createdId}`);
    const launches = proxy
      .bodies(/mutation LaunchRun\b/)
      .slice(-2)
      .map(launchKeyOf);
    expect(launches).toHaveLength(2);
    expect(launches[1]).toBe(launches[0]);
    expect((await runsNamed(api, `${WORD} answer lost`)).totalCount).toBe(1);
    expect(await waiting()).toBe(waitingBefore + 2);
  });
});
