// The model registry. promoteModel runs in ONE transaction that locks the registered model's row:
// version numbers never collide, the alias moves atomically, and the promotion history records
// who moved it where, even when two members promote at the same moment.
import { z } from 'zod';
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
import { VALIDATION_SPLIT, bestEvaluation } from './evaluations.ts';
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
        f1: best.f1,
        threshold: best.threshold,
      }
    : { split: VALIDATION_SPLIT, macroF1: null };

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
    await requireModelOwner(tx, actor, modelId, data.name);
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
    const previous = await tx.modelAlias.findUnique({
      where: { modelId_alias: { modelId, alias: data.alias } },
    });
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

/**
 * Who may add a version to a registered model and move its aliases: an admin, or the member
 * who owns every run the model's versions come from (so a new model belongs to whoever
 * registers it first). One member cannot take another's `champion` away; an admin can.
 */
async function requireModelOwner(
  tx: Pick<PrismaClient, '$queryRaw'>,
  actor: Actor,
  modelId: string,
  name: string,
): Promise<void> {
  if (actor.role === 'admin') return;
  const [others] = await tx.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "ModelVersion" v JOIN "Run" r ON r."id" = v."runId"
    WHERE v."modelId" = ${modelId}::uuid AND r."memberId" <> ${actor.memberId}::uuid`;
  if ((others?.count ?? 0) > 0) {
    throw new ApiError(
      'FORBIDDEN',
      `Model ${name} has versions from other members' runs: only its owner or an admin may move its aliases`,
      { field: 'name' },
    );
  }
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
