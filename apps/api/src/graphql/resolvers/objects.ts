// Field resolvers of object types: relations and derived fields.
import type { Resolvers } from '../../generated/graphql.ts';
import { notFound } from '../../lib/errors.ts';
import { artifactDownloadPath, listArtifacts } from '../../services/artifacts.ts';
import { bestEvaluation, cooccurrenceRows, listEvaluations } from '../../services/evaluations.ts';
import { metricKeys } from '../../services/metrics.ts';
import { aliasDownloadPath } from '../../services/registry.ts';
import { cached, type GraphQLContext } from '../context.ts';

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

export const objectResolvers: Omit<
  Resolvers,
  'Query' | 'Mutation' | 'DateTime' | 'JSON' | 'FloatSeries'
> = {
  Member: {
    apiKeys: (member, _args, { db, actor }) =>
      actor.role === 'admin' || actor.memberId === member.id
        ? db.apiKey.findMany({ where: { memberId: member.id }, orderBy: { createdAt: 'asc' } })
        : [],
  },
  Run: {
    project: (run, _args, context) => projectById(context, run.projectId),
    owner: (run, _args, context) => run.member ?? memberById(context, run.memberId),
    config: (run) => run.config,
    metricKeys: (run, _args, { db }) => metricKeys(db, run.id),
    evaluations: (run, { split }, { db }) => listEvaluations(db, run.id, split),
    bestEvaluation: (run, { split }, { db }) => bestEvaluation(db, run.id, split ?? undefined),
    artifacts: (run, _args, { db }) => listArtifacts(db, run.id),
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
    versions: (model, _args, { db }) =>
      db.modelVersion.findMany({ where: { modelId: model.id }, orderBy: { version: 'desc' } }),
    aliases: (model, _args, { db }) =>
      db.modelAlias.findMany({ where: { modelId: model.id }, orderBy: { alias: 'asc' } }),
    promotions: async (model, _args, { db }) => {
      const rows = await db.aliasPromotion.findMany({
        where: { modelId: model.id },
        orderBy: { createdAt: 'desc' },
        include: { version: true },
      });
      const previousIds = rows.flatMap((row) =>
        row.previousVersionId ? [row.previousVersionId] : [],
      );
      const previous = await db.modelVersion.findMany({ where: { id: { in: previousIds } } });
      const numberOf = new Map(previous.map((version) => [version.id, version.version]));
      return rows.map((row) => ({
        ...row,
        versionNumber: row.version.version,
        previousVersionNumber: row.previousVersionId
          ? (numberOf.get(row.previousVersionId) ?? null)
          : null,
      }));
    },
  },
  AliasPromotion: {
    version: (promotion) => promotion.versionNumber,
    previousVersion: (promotion) => promotion.previousVersionNumber,
    promotedBy: (promotion, _args, context) => memberById(context, promotion.memberId),
  },
  ModelVersion: {
    run: (version, _args, context) => runById(context, version.runId),
    artifact: async (version, _args, { db }) => {
      const artifact = await db.artifact.findUnique({ where: { id: version.artifactId } });
      if (!artifact) throw notFound('Artifact', version.artifactId);
      return artifact;
    },
    metricsSnapshot: (version) => version.metricsSnapshot,
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
  },
};
