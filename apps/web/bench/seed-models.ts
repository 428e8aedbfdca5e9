// Fast seeding of the registry for the /models bench: MODELS registered models x VERSIONS
// versions straight into the test database (like seed-runs.ts), each version on its own
// succeeded run with a model artifact row, `champion` and `staging` aliases and one promotion
// per version. No file behind the artifact rows: the page only lists them.
import type { TestApi } from '@hpa-lab/api/testing';

export async function seedBenchModels(api: TestApi, models: number, versions: number) {
  const db = api.database.prisma;
  const start = Date.now() - models * versions * 60_000;
  for (let m = 0; m < models; m += 1) {
    const name = `bench-model-${String(m).padStart(2, '0')}`;
    const model = await db.registeredModel.create({ data: { projectId: api.projectId, name } });
    const runIds: string[] = [];
    const runs = Array.from({ length: versions }, (_, v) => {
      const id = crypto.randomUUID();
      runIds.push(id);
      const macro = 0.3 + ((m * versions + v) % 37) / 100;
      return {
        id,
        projectId: api.projectId,
        memberId: api.adminId,
        name: `${name} run ${v + 1}`,
        approach: `resnet + focal${v % 2 ? ' + rare oversampling' : ''}`,
        status: 'succeeded' as const,
        config: { model: { name: 'resnet' }, loss: { name: 'focal' } },
        bestMacroF1: macro,
        rareClassF1: macro / 2,
        createdAt: new Date(start + (m * versions + v) * 60_000),
      };
    });
    await db.run.createMany({ data: runs });
    const artifacts = runIds.map((runId) => ({
      id: crypto.randomUUID(),
      runId,
      kind: 'model' as const,
      name: 'model.bin',
      bytes: BigInt(40_000_000),
      sha256: runId.replaceAll('-', '').padEnd(64, '0'),
      storageKey: `bench/${runId}/model.bin`,
    }));
    await db.artifact.createMany({ data: artifacts });
    const versionRows = runs.map((run, v) => ({
      id: crypto.randomUUID(),
      modelId: model.id,
      version: v + 1,
      runId: run.id,
      artifactId: artifacts[v]!.id,
      metricsSnapshot: { split: 'val', macroF1: run.bestMacroF1, rareClassF1: run.rareClassF1 },
      createdAt: run.createdAt,
    }));
    await db.modelVersion.createMany({ data: versionRows });
    const last = versionRows.at(-1)!;
    const previous = versionRows.at(-2) ?? last;
    await db.modelAlias.createMany({
      data: [
        { modelId: model.id, alias: 'champion', versionId: previous.id },
        { modelId: model.id, alias: 'staging', versionId: last.id },
      ],
    });
    await db.aliasPromotion.createMany({
      data: versionRows.map((row, v) => ({
        modelId: model.id,
        alias: 'staging',
        versionId: row.id,
        previousVersionId: v > 0 ? versionRows[v - 1]!.id : null,
        memberId: api.adminId,
        createdAt: row.createdAt,
      })),
    });
  }
}
