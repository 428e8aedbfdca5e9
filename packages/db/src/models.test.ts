import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from './generated/prisma/client.ts';
import { upsertMetricPoints } from './metric-points.ts';
import { deployMigrationsFrom } from './migrations/runner.ts';
import { pgliteConnection } from './migrations/sql-connection.ts';
import { dbPaths } from './paths.ts';
import { createTestDatabase } from './testing/index.ts';

interface Backend {
  prisma: PrismaClient;
  close(): Promise<void>;
}

// The same assertions on both databases hpa-lab runs on.
const backends: [string, () => Promise<Backend>][] = [
  [
    'PostgreSQL',
    async () => {
      const db = await createTestDatabase();
      return { prisma: db.prisma, close: () => db.drop() };
    },
  ],
  [
    'PGlite',
    async () => {
      const pglite = new PGlite();
      await deployMigrationsFrom(pgliteConnection(pglite), dbPaths.migrations);
      const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
      return {
        prisma,
        close: async () => {
          await prisma.$disconnect();
          await pglite.close();
        },
      };
    },
  ],
];

const perClass = (f: (i: number) => number) => Array.from({ length: 28 }, (_, i) => f(i));

describe.each(backends)('every model round-trips on %s', (_name, open) => {
  let backend: Backend;
  let prisma: PrismaClient;
  beforeAll(async () => {
    backend = await open();
    prisma = backend.prisma;
  });
  afterAll(() => backend.close());

  it('creates and reads back each model with its relations', async () => {
    const project = await prisma.project.create({ data: { slug: 'hpa', name: 'HPA' } });
    const member = await prisma.member.create({
      data: { email: 'ana@example.org', name: 'Ana', role: 'admin' },
    });
    const apiKey = await prisma.apiKey.create({
      data: { memberId: member.id, name: 'laptop', prefix: 'hpa_ab12', hash: 'f'.repeat(64) },
    });
    const config = { model: 'resnet10', loss: 'focal', inputSize: 256, lr: 1e-3 };
    const run = await prisma.run.create({
      data: {
        projectId: project.id,
        memberId: member.id,
        name: 'focal-256',
        approach: 'focal loss, per-class thresholds',
        tags: ['focal', '256px'],
        config,
        datasetFingerprint: 'sha256:abc',
        splitSeed: 42,
        backend: 'wasm',
        device: 'cpu',
        gitCommit: 'deadbeef',
      },
    });
    const metricPoint = await prisma.metricPoint.create({
      data: { runId: run.id, key: 'loss', step: 1, value: 0.69, wallTime: new Date(1_000) },
    });
    const cooccurrence = perClass((i) => i).flatMap((i) => perClass((j) => (i === j ? 5 : 0)));
    const evaluation = await prisma.evaluation.create({
      data: {
        runId: run.id,
        step: 100,
        split: 'val',
        macroF1: 0.42,
        f1: perClass((i) => i / 28),
        precision: perClass(() => 0.5),
        recall: perClass(() => 0.25),
        support: perClass((i) => 28 - i),
        threshold: perClass(() => 0.3),
        tp: perClass(() => 1),
        fp: perClass(() => 2),
        fn: perClass(() => 3),
        tn: perClass(() => 4),
        cooccurrence,
      },
    });
    const artifact = await prisma.artifact.create({
      data: {
        runId: run.id,
        kind: 'model',
        name: 'model.json',
        bytes: 5_000_000_000n,
        sha256: 'a'.repeat(64),
        storageKey: `runs/${run.id}/model.json`,
      },
    });
    const registered = await prisma.registeredModel.create({
      data: { projectId: project.id, name: 'hpa-classifier' },
    });
    const version = await prisma.modelVersion.create({
      data: {
        modelId: registered.id,
        version: 1,
        runId: run.id,
        artifactId: artifact.id,
        metricsSnapshot: { macroF1: 0.42 },
      },
    });
    const alias = await prisma.modelAlias.create({
      data: { modelId: registered.id, alias: 'champion', versionId: version.id },
    });
    const promotion = await prisma.aliasPromotion.create({
      data: {
        modelId: registered.id,
        alias: 'champion',
        versionId: version.id,
        memberId: member.id,
      },
    });

    const read = await prisma.project.findUniqueOrThrow({
      where: { id: project.id },
      include: {
        runs: { include: { metricPoints: true, evaluations: true, artifacts: true, member: true } },
        models: { include: { versions: true, aliases: true, promotions: true } },
      },
    });
    const readRun = read.runs[0]!;
    expect(readRun).toMatchObject({ ...run, config, tags: ['focal', '256px'], status: 'queued' });
    expect(readRun.member).toEqual(member);
    expect(readRun.metricPoints).toEqual([metricPoint]);
    expect(readRun.evaluations).toEqual([evaluation]);
    expect(readRun.evaluations[0]!.cooccurrence).toHaveLength(28 * 28);
    expect(readRun.artifacts).toEqual([artifact]);
    expect(readRun.artifacts[0]!.bytes).toBe(5_000_000_000n);
    expect(read.models[0]).toMatchObject({
      ...registered,
      versions: [version],
      aliases: [alias],
      promotions: [promotion],
    });
    expect(await prisma.apiKey.findUnique({ where: { hash: 'f'.repeat(64) } })).toEqual(apiKey);

    // The registry keeps what it points at: a run with a registered version cannot go...
    await expect(prisma.run.delete({ where: { id: run.id } })).rejects.toThrow(
      /ModelVersion_runId_fkey/,
    );
    // ...until its registered model goes first; then the project cascades through the rest.
    await prisma.$transaction([
      prisma.registeredModel.deleteMany({ where: { projectId: project.id } }),
      prisma.project.delete({ where: { id: project.id } }),
    ]);
    expect(await prisma.run.count()).toBe(0);
    expect(await prisma.modelVersion.count()).toBe(0);
    expect(await prisma.aliasPromotion.count()).toBe(0);
    expect(await prisma.metricPoint.count()).toBe(0);
    expect(await prisma.member.count()).toBe(1);
  });

  it('keeps one metric point per (runId, key, step), holding the last value written', async () => {
    const project = await prisma.project.create({ data: { slug: 'metrics', name: 'M' } });
    const member = await prisma.member.create({ data: { email: 'bo@example.org', name: 'Bo' } });
    const run = await prisma.run.create({
      data: { projectId: project.id, memberId: member.id, name: 'r', config: {} },
    });
    const id = { runId: run.id, key: 'val/macro_f1', step: 10 };

    for (const value of [0.31, 0.35]) {
      await prisma.metricPoint.upsert({
        where: { runId_key_step: id },
        create: { ...id, value, wallTime: new Date() },
        update: { value },
      });
    }
    expect(await prisma.metricPoint.findMany({ where: { runId: run.id } })).toMatchObject([
      { ...id, value: 0.35 },
    ]);

    // A retried batch (INSERT ... ON CONFLICT DO UPDATE) overwrites instead of doubling.
    const batch = [
      { ...id, value: 0.4, wallTime: new Date(2_000) },
      { ...id, step: 11, value: 0.41, wallTime: new Date(3_000) },
    ];
    expect(await upsertMetricPoints(prisma, batch)).toBe(2);
    expect(await upsertMetricPoints(prisma, [...batch, { ...batch[1]!, value: 0.5 }])).toBe(2);
    const points = await prisma.metricPoint.findMany({
      where: { runId: run.id },
      orderBy: { step: 'asc' },
    });
    expect(points.map((p) => [p.step, p.value, p.wallTime.getTime()])).toEqual([
      [10, 0.4, 2_000],
      [11, 0.5, 3_000],
    ]);
  });
});
