// Mutation resolvers: argument plumbing only; validation, permissions and writes live in services.
import type { MutationResolvers } from '../../generated/graphql.ts';
import { logEvaluation } from '../../services/evaluations.ts';
import { cancelRun, launchRun } from '../../services/launch.ts';
import { createApiKey, createMember, createProject, revokeApiKey } from '../../services/members.ts';
import { redeemSignInToken } from '../../services/sign-in-tokens.ts';
import { logMetrics } from '../../services/metrics.ts';
import { promoteModel } from '../../services/registry.ts';
import { createRun, finishRun, heartbeat, startRun } from '../../services/runs.ts';

export const Mutation: MutationResolvers = {
  createProject: (_parent, args, { db, actor }) => createProject(db, actor, args),
  createMember: (_parent, { input }, { db, actor }) => createMember(db, actor, input),
  createApiKey: (_parent, args, { db, actor }) => createApiKey(db, actor, args),
  redeemSignInToken: (_parent, { token }, { db }) => redeemSignInToken(db, token),
  revokeApiKey: (_parent, { id }, { db, actor }) => revokeApiKey(db, actor, id),
  createRun: (_parent, { input }, { db, actor }) => createRun(db, actor, input),
  startRun: (_parent, args, { db, actor }) => startRun(db, actor, args),
  heartbeat: (_parent, { id }, { db, actor }) => heartbeat(db, actor, id),
  finishRun: (_parent, args, { db, actor }) => finishRun(db, actor, args),
  logMetrics: (_parent, { runId, points }, { db, actor }) => logMetrics(db, actor, runId, points),
  logEvaluation: (_parent, { input }, { db, actor }) => logEvaluation(db, actor, input),
  launchRun: (_parent, { input }, deps) => launchRun(deps, deps.actor, input),
  cancelRun: (_parent, args, deps) => cancelRun(deps, deps.actor, args),
  promoteModel: (_parent, args, { db, actor }) => promoteModel(db, actor, args),
};
