// Query resolvers: argument plumbing only; the logic lives in services.
import { canManageMembers } from '../../auth/permissions.ts';
import type { QueryResolvers } from '../../generated/graphql.ts';
import { notFound } from '../../lib/errors.ts';
import { listArtifacts } from '../../services/artifacts.ts';
import { classLeaderboard, compareRuns } from '../../services/compare.ts';
import { bestPerClassComposite, ensembleEvaluation } from '../../services/ensemble.ts';
import { listDatasets } from '../../services/datasets.ts';
import { queueStatus } from '../../services/launch.ts';
import { listModels } from '../../services/registry.ts';
import { listRuns } from '../../services/run-list.ts';
import { parseId } from '../../services/runs.ts';

export const Query: QueryResolvers = {
  me: async (_parent, _args, { db, actor }) => {
    const member = await db.member.findUnique({ where: { id: actor.memberId } });
    if (!member) throw notFound('Member', actor.memberId);
    return member;
  },
  members: (_parent, _args, { db }) => db.member.findMany({ orderBy: { createdAt: 'asc' } }),
  viewerCanManageMembers: (_parent, _args, { actor }) => canManageMembers(actor),
  projects: (_parent, _args, { db }) => db.project.findMany({ orderBy: { slug: 'asc' } }),
  project: (_parent, { slug }, { db }) => db.project.findUnique({ where: { slug } }),
  run: (_parent, { id }, { db }) =>
    db.run.findUnique({ where: { id: parseId(id, 'id') }, include: { member: true } }),
  runs: (_parent, args, { db }) => listRuns(db, args),
  compareRuns: (_parent, args, { db }) => compareRuns(db, args),
  classLeaderboard: (_parent, args, { db }) => classLeaderboard(db, args),
  ensembleEvaluation: (_parent, args, deps) => ensembleEvaluation(deps, args),
  bestPerClassComposite: (_parent, args, deps) => bestPerClassComposite(deps, args),
  artifacts: (_parent, { runId, ...page }, { db }) => listArtifacts(db, runId, page),
  models: (_parent, { projectId }, { db }) =>
    listModels(db, projectId ? parseId(projectId, 'projectId') : null),
  registeredModel: (_parent, { id }, { db }) =>
    db.registeredModel.findUnique({ where: { id: parseId(id, 'id') } }),
  queueStatus: (_parent, _args, deps) => queueStatus(deps),
  datasets: (_parent, _args, { home }) => listDatasets(home),
};
