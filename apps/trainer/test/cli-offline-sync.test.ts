// Offline mode: `hpa-train run` with no API reachable keeps the run in a folder, and
// `hpa-train sync` uploads it to the real API idempotently. Counted in the database: syncing
// twice, or completing a sync that was cut short, leaves one run with each point, evaluation and
// artifact once.
import { spawnSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateSyntheticDataset } from '@hpa-lab/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainerApi } from '../src/api-client/index.ts';
import { offlineFolder } from '../src/offline/offline-folder.ts';
import { startTestApi, temporaryHome, tinyConfig, type TestApi } from './harness.ts';
import { hpaTrain, oneLineError } from './hpa-train-cli.ts';

let api: TestApi;
let home: Awaited<ReturnType<typeof temporaryHome>>;
let offlineDir: string;
const NO_API = 'http://127.0.0.1:9';

const env = (url = api.url) => ({
  HPA_API_URL: url,
  HPA_API_KEY: api.adminKey,
  HPA_LAB_HOME: path.join(home.dir, 'lab'),
  HPA_HEARTBEAT_SECONDS: '0.5',
});

async function counts(name: string) {
  const db = api.database.prisma;
  const runs = await db.run.findMany({ where: { name } });
  const ids = runs.map((run) => run.id);
  return {
    runs: runs.length,
    status: runs.map((run) => run.status),
    points: await db.metricPoint.count({ where: { runId: { in: ids } } }),
    evaluations: await db.evaluation.count({ where: { runId: { in: ids } } }),
    artifacts: await db.artifact.count({ where: { runId: { in: ids } } }),
  };
}

/** The distinct (key, step) points an offline folder holds. */
function distinctPoints(dir: string): number {
  return new Set(offlineFolder.readMetrics(dir).map((p) => `${p.key}|${p.step}`)).size;
}

/** A copy of an offline run under a new client id: another run to sync, without training. */
async function copyOfflineRun(name: string, status?: object): Promise<string> {
  const dir = path.join(home.dir, name);
  await cp(offlineDir, dir, { recursive: true });
  const run = offlineFolder.readRun(dir);
  offlineFolder.writeRun(dir, { ...run, name, clientId: crypto.randomUUID() });
  if (status) offlineFolder.writeStatus(dir, { ...offlineFolder.readStatus(dir), ...status });
  return dir;
}

beforeAll(async () => {
  home = await temporaryHome();
  api = await startTestApi({ maxArtifactBytes: 64 * 1024 * 1024 });
  const config = path.join(home.dir, 'run.json');
  await writeFile(config, JSON.stringify(tinyConfig({ epochs: 2 })));
  const trained = await hpaTrain(
    ['run', '--config', config, '--name', 'offline-run', '--tags', 'offline'],
    env(NO_API),
  );
  expect(trained.stderr).toBe('');
  expect(trained.code).toBe(0);
  const said = trained.stdout.split('\n').filter((line) => line.startsWith('offline: no API'));
  expect(said).toHaveLength(1);
  offlineDir = / kept in (\S+) /.exec(said[0]!)?.[1] ?? 'not printed';
});
afterAll(async () => {
  await api?.close();
  await home?.remove();
});

describe('hpa-train run without an API', () => {
  it('keeps the whole run in a local folder', async () => {
    const status = offlineFolder.readStatus(offlineDir);
    expect(status).toMatchObject({ status: 'SUCCEEDED', backend: 'cpu', splitSeed: 3 });
    expect(distinctPoints(offlineDir)).toBeGreaterThan(0);
    expect(offlineFolder.readEvaluations(offlineDir)).toHaveLength(2);
    expect(offlineFolder.readArtifacts(offlineDir).map((a) => a.name)).toEqual(
      expect.arrayContaining(['model.tar', 'run-info.json']),
    );
    expect(await counts('offline-run')).toMatchObject({ runs: 0 });
  });
});

describe('hpa-train sync', () => {
  it('uploads the run once, however often it is synced', async () => {
    const first = await hpaTrain(['sync', offlineDir], env());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const expected = {
      runs: 1,
      status: ['succeeded'],
      points: distinctPoints(offlineDir),
      evaluations: 2,
      artifacts: offlineFolder.readArtifacts(offlineDir).length,
    };
    expect(await counts('offline-run')).toEqual(expected);
    const run = await api.database.prisma.run.findFirstOrThrow({ where: { name: 'offline-run' } });
    const recorded = offlineFolder.readStatus(offlineDir);
    expect(run).toMatchObject({
      tags: ['offline'],
      backend: 'cpu',
      device: recorded.device,
      datasetFingerprint: recorded.datasetFingerprint,
      launchKey: offlineFolder.readRun(offlineDir).clientId,
    });
    expect(first.stdout).toContain(`-> run ${run.id} (succeeded)`);

    const second = await hpaTrain(['sync', offlineDir], env());
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already synced, nothing sent');
    // Without a folder: every unsynced run of HPA_LAB_HOME, which is none now.
    const all = await hpaTrain(['sync'], env());
    expect(all.stdout).toContain('nothing to sync');
    expect(await counts('offline-run')).toEqual(expected);
  });

  it("gives the synced run's trained model to hpa-train predict", async () => {
    const run = await api.database.prisma.run.findFirstOrThrow({ where: { name: 'offline-run' } });
    const testSet = await generateSyntheticDataset({
      outDir: path.join(home.dir, 'test-set'),
      count: 3,
      size: 32,
      seed: 'after-sync',
    });
    const out = path.join(home.dir, 'after-sync.csv');
    const predicted = await hpaTrain(
      ['predict', '--model', run.id, '--data', testSet.imageDir, '--out', out],
      env(),
    );
    expect(predicted.stderr).toBe('');
    expect(predicted.code).toBe(0);
    expect(predicted.stdout).toContain("thresholds from the model's thresholds.json");
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => line.split(',')[0])).toEqual([
      'Id',
      ...testSet.rows.map((row) => row.id).sort(),
    ]);
  });

  it('completes a sync that was cut short, doubling nothing', async () => {
    const dir = await copyOfflineRun('cut-short');
    const run = offlineFolder.readRun(dir);
    // What a first sync had written before it died: the run, its start, some of its points.
    const client = createTrainerApi({ url: api.url, key: api.adminKey });
    const created = await client.createRun({
      projectId: api.projectId,
      name: run.name,
      approach: run.approach,
      tags: run.tags,
      config: run.config,
      idempotencyKey: run.clientId,
    });
    await client.startRun(created.id);
    await client.logMetrics(created.id, offlineFolder.readMetrics(dir).slice(0, 5));
    await client.logEvaluation({ ...offlineFolder.readEvaluations(dir)[0]!, runId: created.id });

    const synced = await hpaTrain(['sync', dir], env());
    expect(synced.code).toBe(0);
    expect(await counts('cut-short')).toEqual({
      runs: 1,
      status: ['succeeded'],
      points: distinctPoints(dir),
      evaluations: 2,
      artifacts: offlineFolder.readArtifacts(dir).length,
    });
  });

  it('ends a run whose offline trainer died as failed, and refuses one still training', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const died = await copyOfflineRun('trainer-died', { status: 'RUNNING', pid: dead });
    expect((await hpaTrain(['sync', died], env())).code).toBe(0);
    const failed = await api.database.prisma.run.findFirstOrThrow({
      where: { name: 'trainer-died' },
    });
    expect(failed.status).toBe('failed');
    expect(failed.errorMessage).toContain('interrupted: the offline trainer');

    const training = await copyOfflineRun('still-training', {
      status: 'RUNNING',
      pid: process.pid,
    });
    const refused = oneLineError(await hpaTrain(['sync', training], env()));
    expect(refused).toContain(`still running (trainer pid ${process.pid})`);
    expect(await counts('still-training')).toMatchObject({ runs: 0 });
  });

  it('names a folder that is not an offline run', async () => {
    const error = oneLineError(await hpaTrain(['sync', home.dir], env()));
    // home.dir holds a run.json, but a training config's.
    expect(error).toContain(`${home.dir}: not an offline run folder (no run.json written by`);
    expect(await readFile(path.join(offlineDir, 'run.json'), 'utf8')).toContain('offline-run');
  });
});
