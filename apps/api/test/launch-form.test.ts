// What the launch form asks the API: the data sets it knows (packages/ml's synthetic specs and
// the caches under HPA_LAB_HOME, written here in the cache's real on-disk format), whether the
// caller may launch, and how to start a worker; and the config errors it shows beside fields.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SYNTHETIC_DATASETS } from '@hpa-lab/ml/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestApi, trainConfig, type TestApi } from './test-api.ts';
import { graphql } from './generated/index.ts';

const DATASETS = graphql(`
  query launchFormDatasets {
    datasets {
      cachePath
      kind
      label
      description
      fingerprint
      sampleCount
      imageSize
      sourcePath
      builtAt
    }
  }
`);

const LAUNCH = graphql(`
  mutation launchFormLaunch($input: LaunchRunInput!) {
    launchRun(input: $input) {
      id
      config
    }
  }
`);

const FINGERPRINT = 'ab'.repeat(32);

let api: TestApi;
let home: string;
let indexPath: string;

/** A 3-sample, 8 px, 4-channel labeled cache, as packages/ml's buildCache writes it. */
async function writeCache(dir: string, name: string, extra: Record<string, unknown> = {}) {
  await mkdir(dir, { recursive: true });
  const count = 3;
  const size = 8;
  await writeFile(path.join(dir, `${name}.u8`), Buffer.alloc(count * size * size * 4));
  const index = {
    format: 'hpa-cache-v1',
    dataFile: `${name}.u8`,
    count,
    size,
    channels: ['green', 'red', 'blue', 'yellow'],
    labeled: true,
    ids: ['a', 'b', 'c'],
    targets: ['0', '1 2', '27'],
    sourceFingerprint: 'cd'.repeat(32),
    datasetFingerprint: FINGERPRINT,
    preprocessing: {
      size,
      channels: ['green', 'red', 'blue', 'yellow'],
      resize: 'sharp-lanczos3-fill',
    },
    source: { csvFile: '/data/hpa-small/train.csv', imageDir: '/data/hpa-small/train' },
    builtAt: '2026-12-01T10:00:00.000Z',
    buildSeconds: 0.1,
    ...extra,
  };
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(index));
  return file;
}

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hpa-api-launch-form-'));
  indexPath = await writeCache(path.join(home, 'cache'), 'hpa-8px-grby-000000000000');
  // Not listed: an unlabeled (test) cache, and one whose pixel file is short.
  await writeCache(path.join(home, 'cache'), 'test-set', { labeled: false });
  const short = await writeCache(path.join(home, 'cache'), 'short');
  await writeFile(short.replace(/\.json$/, '.u8'), Buffer.alloc(10));
  api = await startTestApi({ home });
});
afterAll(async () => {
  await api?.close();
  await rm(home, { recursive: true, force: true });
});

describe('datasets', () => {
  it("lists packages/ml's synthetic specs, then the complete caches under HPA_LAB_HOME", async () => {
    const response = await api.gql(DATASETS);
    expect(response.errors).toBeUndefined();
    const datasets = response.data!.datasets;
    const synthetic = datasets.filter((entry) => entry.kind === 'SYNTHETIC');
    expect(synthetic.map((entry) => entry.label)).toEqual(SYNTHETIC_DATASETS.map((d) => d.label));
    expect(synthetic[0]).toMatchObject({
      cachePath: 'synthetic:count=40,size=32,seed=5,rarity=0',
      sampleCount: 40,
      imageSize: 32,
      fingerprint: null,
      sourcePath: null,
    });
    expect(datasets.filter((entry) => entry.kind === 'CACHED')).toEqual([
      {
        cachePath: indexPath,
        kind: 'CACHED',
        label: 'hpa-small (3 images, cached at 8 px)',
        description: 'Preprocessing cache of /data/hpa-small, channels green, red, blue, yellow.',
        fingerprint: FINGERPRINT,
        sampleCount: 3,
        imageSize: 8,
        sourcePath: '/data/hpa-small',
        builtAt: '2026-12-01T10:00:00.000Z',
      },
    ]);
  });

  it('lists the synthetic specs alone when the API has no HPA_LAB_HOME cache', async () => {
    const bare = await startTestApi();
    try {
      const response = await bare.gql(DATASETS);
      expect(response.data!.datasets.map((entry) => entry.kind)).toEqual(
        SYNTHETIC_DATASETS.map(() => 'SYNTHETIC'),
      );
    } finally {
      await bare.close();
    }
  });
});

describe('what the caller may do', () => {
  it('tells admins and members they may launch, and viewers not', async () => {
    const document = graphql(`
      query launchFormViewerCanLaunch {
        projects {
          viewerCanLaunch
        }
      }
    `);
    const viewer = await api.member('VIEWER');
    const member = await api.member('MEMBER');
    expect((await api.gql(document)).data!.projects).toEqual([{ viewerCanLaunch: true }]);
    expect((await api.gql(document, {}, member.key)).data!.projects).toEqual([
      { viewerCanLaunch: true },
    ]);
    expect((await api.gql(document, {}, viewer.key)).data!.projects).toEqual([
      { viewerCanLaunch: false },
    ]);
    const refused = await api.gql(
      LAUNCH,
      { input: { projectId: api.projectId, name: 'viewer', config: trainConfig() } },
      viewer.key,
    );
    expect(errorCode(refused)).toBe('FORBIDDEN');
  });

  it('names the command that gives the in-process queue a trainer', async () => {
    const response = await api.gql(
      graphql(`
        query launchFormQueue {
          queueStatus {
            kind
            workers
            workerCommand
          }
        }
      `),
    );
    expect(response.data!.queueStatus).toEqual({
      kind: 'in-process',
      workers: 0,
      workerCommand: 'npm start',
    });
  });
});

describe('config errors a form shows beside its fields', () => {
  const launch = (config: Record<string, unknown>) =>
    api.gql(LAUNCH, { input: { projectId: api.projectId, name: 'form', config } });

  it('refuses a malformed synthetic spec on dataset.cachePath, creating nothing', async () => {
    const before = await api.database.prisma.run.count();
    const response = await launch(
      trainConfig({ dataset: { cachePath: 'synthetic:count=1,size=32' } }),
    );
    expect(errorCode(response)).toBe('CONFIG_INVALID');
    expect(response.errors![0]!.extensions!.fields).toEqual([
      expect.stringMatching(
        /^input\.config\.dataset\.cachePath: bad synthetic spec "synthetic:count=1,size=32" \(count: Too small/,
      ),
    ]);
    expect(await api.database.prisma.run.count()).toBe(before);
  });

  it('refuses a fingerprint pinned on a known cache that has another one, creating nothing', async () => {
    const before = await api.database.prisma.run.count();
    const wrong = '0'.repeat(64);
    const response = await launch(
      trainConfig({ dataset: { cachePath: indexPath, fingerprint: wrong } }),
    );
    expect(errorCode(response)).toBe('CONFIG_INVALID');
    expect(response.errors![0]!.extensions!.fields).toEqual([
      `input.config.dataset.fingerprint: the config pins ${wrong} but ${indexPath} has ${FINGERPRINT}; runs are comparable only on the same data`,
    ]);
    expect(await api.database.prisma.run.count()).toBe(before);

    const right = await launch(
      trainConfig({ dataset: { cachePath: indexPath, fingerprint: FINGERPRINT } }),
    );
    expect(right.errors).toBeUndefined();
    expect(await api.database.prisma.run.count()).toBe(before + 1);
  });

  it('leaves paths outside the cache folder to the trainer (no probing of the file system)', async () => {
    const response = await launch(
      trainConfig({ dataset: { cachePath: '/etc/passwd', fingerprint: '0'.repeat(64) } }),
    );
    expect(response.errors).toBeUndefined();
  });
});
