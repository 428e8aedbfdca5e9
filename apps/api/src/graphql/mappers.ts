// What each GraphQL object type is backed by (codegen `mappers`): resolvers receive these.
import type { Artifact, Evaluation, Member, ModelVersion, Run as RunRow } from '../db.ts';
import type { ClassLeaderboardEntry, RunComparison } from '../services/compare.ts';
import type { Connection, Edge } from '../services/connection.ts';
import type { PromotionWithVersions } from '../services/registry.ts';

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
export type { CreatedKey as CreatedApiKey } from '../services/members.ts';
export type { LivePoint as MetricPoint, RunState } from '../services/live-reads.ts';
export type { RunEvent } from '../live/run-events.ts';
export type { RunListFeedEvent as RunListChange } from '../live/hub.ts';

/** A run row, with its owner when the query already joined it. */
export type Run = RunRow & { member?: Member };

export type AliasPromotion = PromotionWithVersions;

// Connections: edges, nodes and pageInfo as built; totalCount counted on demand.
export type RunConnection = Connection<Run>;
export type RunEdge = Edge<Run>;
export type EvaluationConnection = Connection<Evaluation>;
export type EvaluationEdge = Edge<Evaluation>;
export type ArtifactConnection = Connection<Artifact>;
export type ArtifactEdge = Edge<Artifact>;
export type ModelVersionConnection = Connection<ModelVersion>;
export type ModelVersionEdge = Edge<ModelVersion>;
export type AliasPromotionConnection = Connection<AliasPromotion>;
export type AliasPromotionEdge = Edge<AliasPromotion>;

export type ClassRunScore = ClassLeaderboardEntry['top'][number];
export type RunClassScores = RunComparison['classScores'][number];
