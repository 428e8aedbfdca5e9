// Field resolvers of object types: relations and derived fields.
import {
  canLaunch,
  canManageKeysOf,
  canMoveAlias,
  canPromoteRun,
  canWriteRun,
} from '../../auth/permissions.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { notFound } from '../../lib/errors.ts';
import { artifactDownloadPath, listArtifacts } from '../../services/artifacts.ts';
import {
  bestEvaluation,
  cooccurrenceRows,
  evaluationAt,
  listEvaluations,
} from '../../services/evaluations.ts';
import { metricKeys } from '../../services/metrics.ts';
import { bestEpoch, imagesPerSecond } from '../../services/run-summary.ts';
import type { Connection } from '../../services/connection.ts';
import {
  aliasDownloadPath,
  aliasRunOwner,
  hasModelArtifact,
  listPromotions,
  listVersions,
  promotedScores,
} from '../../services/registry.ts';
import { cached, type GraphQLContext } from '../context.ts';
import { ENUM_VALUES } from '../enum-values.ts';

async function memberById(context: GraphQLContext, id: string) {
  const member = await cached(context.cache.members, id, () =>
    context.db.member.findUnique({ where: { id } }),
  );
  if (!member) throw notFound('Member', id);
  return member;
}

async function projectById(context: GraphQLContext, id: string) {
  const project = await cached(context.cache.projects, id, () =>
    context.db.project.findUnique({ where: { id } }),
  );
  if (!project) throw notFound('Project', id);
  return project;
}

async function runById(context: GraphQLContext, id: string) {
  const run = await context.db.run.findUnique({ where: { id } });
  if (!run) throw notFound('Run', id);
  return run;
}

/** Every connection counts its list only when a client asks for totalCount. */
const connection = {
  totalCount: (page: Connection<unknown>) => page.count(),
};

export const objectResolvers: Omit<
  Resolvers,
  'Query' | 'Mutation' | 'DateTime' | 'JSON' | 'FloatSeries'
> = {
  ...ENUM_VALUES,
  RunConnection: connection,
  EvaluationConnection: connection,
  ArtifactConnection: connection,
  ModelVersionConnection: connection,
  AliasPromotionConnection: connection,
  Member: {
    apiKeys: (member, _args, { db, actor }) =>
      canManageKeysOf(actor, member.id)
        ? db.apiKey.findMany({ where: { memberId: member.id }, orderBy: { createdAt: 'asc' } })
        : [],
    viewerCanManageKeys: (member, _args, { actor }) => canManageKeysOf(actor, member.id),
  },
  Project: {
    viewerCanLaunch: (_project, _args, { actor }) => canLaunch(actor),
  },
  Run: {
    project: (run, _args, context) => projectById(context, run.projectId),
    owner: (run, _args, context) => run.member ?? memberById(context, run.memberId),
    config: (run) => run.config,
    metricKeys: (run, _args, { db }) => metricKeys(db, run.id),
    bestEpoch: (run, _args, { db }) => bestEpoch(db, run.id),
    imagesPerSecond: (run, _args, { db }) => imagesPerSecond(db, run.id),
    evaluations: (run, args, { db }) => listEvaluations(db, run.id, args),
    evaluation: (run, { step, split }, { db }) =>
      evaluationAt(db, run.id, step, split ?? undefined),
    bestEvaluation: (run, { split }, { db }) => bestEvaluation(db, run.id, split ?? undefined),
    viewerCanCancel: (run, _args, { actor }) =>
      (run.status === 'queued' || run.status === 'running') && canWriteRun(actor, run),
    viewerCanPromote: async (run, _args, { db, actor }) => {
      // Look for a model artifact only when the answer could still be yes.
      if (!canPromoteRun(actor, run, true)) return false;
      return hasModelArtifact(db, run.id);
    },
    artifacts: (run, args, { db }) => listArtifacts(db, run.id, args),
  },
  Evaluation: {
    cooccurrence: (evaluation) => cooccurrenceRows(evaluation.cooccurrence),
  },
  Artifact: {
    bytes: (artifact) => Number(artifact.bytes),
    downloadUrl: (artifact) => artifactDownloadPath(artifact.id),
  },
  ClassRunScore: {
    run: (score, _args, context) => runById(context, score.runId),
  },
  RegisteredModel: {
    project: (model, _args, context) => projectById(context, model.projectId),
    versions: (model, args, { db }) => listVersions(db, model.id, args),
    aliases: (model, _args, { db }) =>
      db.modelAlias.findMany({ where: { modelId: model.id }, orderBy: { alias: 'asc' } }),
    promotions: (model, args, { db }) => listPromotions(db, model.id, args),
  },
  AliasPromotion: {
    version: (promotion) => promotion.versionNumber,
    previousVersion: (promotion) => promotion.previousVersionNumber,
    promotedBy: (promotion, _args, context) => memberById(context, promotion.memberId),
  },
  ModelVersion: {
    model: async (version, _args, { db }) => {
      const model = await db.registeredModel.findUnique({ where: { id: version.modelId } });
      if (!model) throw notFound('Model', version.modelId);
      return model;
    },
    run: (version, _args, context) => runById(context, version.runId),
    artifact: async (version, _args, { db }) => {
      const artifact = await db.artifact.findUnique({ where: { id: version.artifactId } });
      if (!artifact) throw notFound('Artifact', version.artifactId);
      return artifact;
    },
    metricsSnapshot: (version) => version.metricsSnapshot,
    macroF1: (version) => promotedScores(version.metricsSnapshot).macroF1,
    rareClassF1: (version) => promotedScores(version.metricsSnapshot).rareClassF1,
    aliases: async (version, _args, { db }) =>
      (await db.modelAlias.findMany({ where: { versionId: version.id } })).map((a) => a.alias),
  },
  ModelAlias: {
    version: async (alias, _args, { db }) => {
      const version = await db.modelVersion.findUnique({ where: { id: alias.versionId } });
      if (!version) throw notFound('Model version', alias.versionId);
      return version;
    },
    downloadUrl: async (alias, _args, context) => {
      const model = await context.db.registeredModel.findUnique({ where: { id: alias.modelId } });
      if (!model) throw notFound('Model', alias.modelId);
      const project = await projectById(context, model.projectId);
      return aliasDownloadPath(project.slug, model.name, alias.alias);
    },
    viewerCanMove: async (alias, _args, { db, actor }) =>
      actor.role === 'admin' ||
      (actor.role === 'member' && canMoveAlias(actor, await aliasRunOwner(db, alias.versionId))),
  },
};
