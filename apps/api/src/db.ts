// The database types apps/api builds on, in one place: the Prisma client and models that
// packages/db generates and re-exports.
export type {
  PrismaClient,
  Project,
  Member,
  ApiKey,
  Run,
  Evaluation,
  Artifact,
  RegisteredModel,
  ModelVersion,
  ModelAlias,
  AliasPromotion,
  MemberRole,
  RunStatus,
  ArtifactKind,
} from '@hpa-lab/db';
