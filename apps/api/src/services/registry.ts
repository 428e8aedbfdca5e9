// The model registry. promoteModel runs in ONE transaction that locks the registered model's row:
// version numbers never collide, the alias moves atomically, and the promotion history records
// who moved it where, even when two members promote at the same moment.
import { NUM_CLASSES } from '@hpa-lab/ml/classes';
import { VALIDATION_SPLIT } from '@hpa-lab/ml/config';
import { rareClassF1 } from '@hpa-lab/ml/rare-classes';
import { z } from 'zod';
import { canMoveAlias, requireWriter } from '../auth/permissions.ts';
import type {
  AliasPromotion,
  Artifact,
  ModelVersion,
  PrismaClient,
  RegisteredModel,
} from '../db.ts';
import { ApiError, notFound, parseInput } from '../lib/errors.ts';
import {
  decodeCursor,
  encodeCursor,
  pageSize,
  toConnection,
  type Connection,
  type PageArgs,
} from './connection.ts';
import type { Actor } from './deps.ts';
import { bestEvaluation } from './evaluations.ts';
import { findRunForWrite } from './runs.ts';

const promoteSchema = z.object({
  runId: z.string(),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be 1-100 letters, digits, . _ or -'),
  alias: z.string().regex(/^[a-z][a-z0-9_-]{0,49}$/, 'must be 1-50 lowercase letters, digits, _ -'),
  artifactName: z.string().max(200).nullish(),
});

export async function promoteModel(
  db: PrismaClient,
  actor: Actor,
  input: z.input<typeof promoteSchema>,
): Promise<ModelVersion> {
  requireWriter(actor, 'promote models');
  const data = parseInput(promoteSchema, input);
  const run = await findRunForWrite(db, actor, data.runId);
  if (run.status !== 'succeeded') {
    throw new ApiError(
      'INVALID_STATE',
      `Run ${run.id} is ${run.status}: only succeeded runs can be promoted`,
    );
  }
  const artifact = await db.artifact.findFirst({
    where: {
      runId: run.id,
      kind: 'model',
      ...(data.artifactName ? { name: data.artifactName } : {}),
    },
    orderBy: { createdAt: 'desc' },
  });
  if (!artifact) {
    throw new ApiError(
      'BAD_USER_INPUT',
      data.artifactName
        ? `Run ${run.id} has no model artifact named ${data.artifactName}`
        : `Run ${run.id} has no model artifact to register`,
      { field: data.artifactName ? 'artifactName' : 'runId' },
    );
  }
  const best = await bestEvaluation(db, run.id);
  const metricsSnapshot = best
    ? {
        split: VALIDATION_SPLIT,
        step: best.step,
        macroF1: best.macroF1,
        rareClassF1: rareClassF1(best.f1),
        f1: best.f1,
        threshold: best.threshold,
      }
    : { split: VALIDATION_SPLIT, macroF1: null, rareClassF1: null };

  return db.$transaction(async (tx) => {
    // Insert-if-absent then lock: a plain upsert can race into a unique violation.
    await tx.$executeRaw`
      INSERT INTO "RegisteredModel" ("id", "projectId", "name", "description", "createdAt")
      VALUES (gen_random_uuid(), ${run.projectId}::uuid, ${data.name}, '', now())
      ON CONFLICT ("projectId", "name") DO NOTHING`;
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id"::text AS id FROM "RegisteredModel"
      WHERE "projectId" = ${run.projectId}::uuid AND "name" = ${data.name} FOR UPDATE`;
    if (!locked) throw new Error('registered model vanished inside its transaction');
    const modelId = locked.id;
    // Checked before anything is written, under the model's row lock: the alias cannot move
    // between this check and the upsert below, and a refusal rolls the model's insert back.
    const previous = await tx.modelAlias.findUnique({
      where: { modelId_alias: { modelId, alias: data.alias } },
      include: { version: { select: { version: true, run: { select: { memberId: true } } } } },
    });
    if (!canMoveAlias(actor, previous?.version.run.memberId ?? null)) {
      throw new ApiError(
        'FORBIDDEN',
        `Alias ${data.alias} of model ${data.name} points at version ${previous?.version.version}, ` +
          `from another member's run: only that member or an admin may move it`,
        { field: 'alias', alias: data.alias, model: data.name },
      );
    }
    const version =
      (await tx.modelVersion.findFirst({ where: { modelId, artifactId: artifact.id } })) ??
      (await tx.modelVersion.create({
        data: {
          modelId,
          runId: run.id,
          artifactId: artifact.id,
          metricsSnapshot,
          version:
            ((await tx.modelVersion.aggregate({ where: { modelId }, _max: { version: true } }))._max
              .version ?? 0) + 1,
        },
      }));
    await tx.modelAlias.upsert({
      where: { modelId_alias: { modelId, alias: data.alias } },
      create: { modelId, alias: data.alias, versionId: version.id },
      update: { versionId: version.id },
    });
    await tx.aliasPromotion.create({
      data: {
        modelId,
        alias: data.alias,
        versionId: version.id,
        previousVersionId: previous?.versionId ?? null,
        memberId: actor.memberId,
      },
    });
    return version;
  });
}

/** The F1 numbers a version was promoted with, read from its metrics snapshot. */
const snapshotNumbers = z.object({
  macroF1: z.number().nullish(),
  rareClassF1: z.number().nullish(),
  f1: z.array(z.number()).nullish(),
});

/**
 * Macro F1 and rare-class F1 of the evaluation a version was promoted with. Snapshots written
 * before rareClassF1 was stored still hold the per-class F1 it is computed from.
 */
export function promotedScores(metricsSnapshot: unknown): {
  macroF1: number | null;
  rareClassF1: number | null;
} {
  const parsed = snapshotNumbers.safeParse(metricsSnapshot);
  if (!parsed.success) return { macroF1: null, rareClassF1: null };
  const { macroF1, rareClassF1: rare, f1 } = parsed.data;
  return {
    macroF1: macroF1 ?? null,
    rareClassF1: rare ?? (f1?.length === NUM_CLASSES ? rareClassF1(f1) : null),
  };
}

/** Owner of the run behind the version an alias points at, for ModelAlias.viewerCanMove. */
export async function aliasRunOwner(db: PrismaClient, versionId: string): Promise<string | null> {
  const version = await db.modelVersion.findUnique({
    where: { id: versionId },
    select: { run: { select: { memberId: true } } },
  });
  return version?.run.memberId ?? null;
}

export function listModels(
  db: PrismaClient,
  projectId?: string | null,
): Promise<RegisteredModel[]> {
  return db.registeredModel.findMany({
    where: projectId ? { projectId } : {},
    orderBy: [{ name: 'asc' }],
  });
}

/** A registered model's versions, newest first, one page at a time. */
export async function listVersions(
  db: PrismaClient,
  modelId: string,
  args: PageArgs,
): Promise<Connection<ModelVersion>> {
  const size = pageSize(args.first);
  const after = args.after
    ? decodeCursor(args.after, z.object({ version: z.number().int() }), 'versions')
    : undefined;
  const rows = await db.modelVersion.findMany({
    where: { modelId, ...(after ? { version: { lt: after.version } } : {}) },
    orderBy: { version: 'desc' },
    take: size + 1,
  });
  return toConnection(
    rows,
    size,
    args.after,
    (row) => encodeCursor({ version: row.version }),
    () => db.modelVersion.count({ where: { modelId } }),
  );
}

/** A promotion with the version numbers resolved (rows store version ids). */
export type PromotionWithVersions = AliasPromotion & {
  versionNumber: number;
  previousVersionNumber: number | null;
};

const promotionCursor = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });

/** A registered model's alias moves, newest first, one page at a time. */
export async function listPromotions(
  db: PrismaClient,
  modelId: string,
  args: PageArgs,
): Promise<Connection<PromotionWithVersions>> {
  const size = pageSize(args.first);
  const after = args.after ? decodeCursor(args.after, promotionCursor, 'promotions') : undefined;
  const at = after ? new Date(after.createdAt) : undefined;
  const rows = await db.aliasPromotion.findMany({
    where:
      after && at
        ? { modelId, OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: after.id } }] }
        : { modelId },
    // id breaks ties between promotions of the same millisecond, so cursors are unambiguous.
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: size + 1,
    include: { version: true },
  });
  const previousIds = rows.flatMap((row) => (row.previousVersionId ? [row.previousVersionId] : []));
  const previous = await db.modelVersion.findMany({ where: { id: { in: previousIds } } });
  const numberOf = new Map(previous.map((version) => [version.id, version.version]));
  const promotions = rows.map(({ version, ...row }) => ({
    ...row,
    versionNumber: version.version,
    previousVersionNumber: row.previousVersionId
      ? (numberOf.get(row.previousVersionId) ?? null)
      : null,
  }));
  return toConnection(
    promotions,
    size,
    args.after,
    (row) => encodeCursor({ createdAt: row.createdAt.toISOString(), id: row.id }),
    () => db.aliasPromotion.count({ where: { modelId } }),
  );
}

/** The artifact an alias points at, for `GET /models/<project>/<model>/aliases/<alias>`. */
export async function resolveAliasArtifact(
  db: PrismaClient,
  input: { projectSlug: string; modelName: string; alias: string },
): Promise<Artifact> {
  const alias = await db.modelAlias.findFirst({
    where: {
      alias: input.alias,
      model: { name: input.modelName, project: { slug: input.projectSlug } },
    },
    include: { version: { include: { artifact: true } } },
  });
  if (!alias) {
    throw notFound('Alias', `${input.projectSlug}/${input.modelName}@${input.alias}`);
  }
  return alias.version.artifact;
}

export const aliasDownloadPath = (projectSlug: string, modelName: string, alias: string) =>
  `/models/${encodeURIComponent(projectSlug)}/${encodeURIComponent(modelName)}/aliases/${encodeURIComponent(alias)}`;

/** Whether a run has a MODEL artifact that promoteModel could register. */
export async function hasModelArtifact(db: PrismaClient, runId: string): Promise<boolean> {
  const artifact = await db.artifact.findFirst({
    where: { runId, kind: 'model' },
    select: { id: true },
  });
  return artifact !== null;
}
