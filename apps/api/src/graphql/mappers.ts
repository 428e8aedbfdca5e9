// What each GraphQL object type is backed by (codegen `mappers`): resolvers receive these.
import type { AliasPromotion as AliasPromotionRow, Member, Run as RunRow } from '../db.ts';
import type { ClassLeaderboardEntry, RunComparison } from '../services/compare.ts';

export type {
  Project,
  Member,
  ApiKey,
  Evaluation,
  Artifact,
  ModelVersion,
  ModelAlias,
  RegisteredModel,
} from '../db.ts';
export type { RunComparison, ClassLeaderboardEntry } from '../services/compare.ts';
export type { RunPage as RunConnection } from '../services/run-list.ts';
export type { CreatedKey as CreatedApiKey } from '../services/members.ts';

/** A run row, with its owner when the query already joined it. */
export type Run = RunRow & { member?: Member };

/** A promotion with the version numbers resolved (rows store version ids). */
export type AliasPromotion = AliasPromotionRow & {
  versionNumber: number;
  previousVersionNumber: number | null;
};

export type ClassRunScore = ClassLeaderboardEntry['top'][number];
export type RunClassScores = RunComparison['classScores'][number];
