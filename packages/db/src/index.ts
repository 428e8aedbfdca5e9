// @hpa-lab/db: the Prisma client factory, the offline migration tools and their errors.
// Tests use '@hpa-lab/db/testing' for a fresh database per test file.
export type { Database, OpenDatabaseOptions } from './open-database.ts';
export { openDatabase } from './open-database.ts';
export { defaultHpaLabHome, embeddedDataDir } from './embedded/embedded-database.ts';
export { DataDirInUseError } from './embedded/data-dir-lock.ts';
export { DatabaseUrlError, parsePostgresUrl } from './connection/database-url.ts';
export { MigrationFailedError, MigrationHistoryError } from './migrations/errors.ts';
export type { DeployResult } from './migrations/runner.ts';
export { dbPaths } from './paths.ts';
export type { MetricPointInput } from './metric-points.ts';
export { upsertMetricPoints } from './metric-points.ts';
export type { LiveEvent, Listening, NotificationSource } from './live-events.ts';
export {
  LIVE_EVENTS_CHANNEL,
  parseLiveEvent,
  pgliteNotifications,
  postgresNotifications,
} from './live-events.ts';

export {
  Prisma,
  PrismaClient,
  ArtifactKind,
  MemberRole,
  RunStatus,
} from './generated/prisma/client.ts';
export type {
  AliasPromotion,
  ApiKey,
  Artifact,
  Evaluation,
  Member,
  MetricPoint,
  ModelAlias,
  ModelVersion,
  Project,
  RegisteredModel,
  Run,
} from './generated/prisma/client.ts';
