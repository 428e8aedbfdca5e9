// The one place where the schema's enum values (ALL_CAPS, the GraphQL convention) meet the
// spelling the database and the services use (lowercase, Prisma's enums). Apollo's enum
// resolvers translate with it in both directions, and codegen.ts hands it to GraphQL Code
// Generator's `enumValues`, so resolvers and services only ever see the internal values.
import type { RunStatusName } from '@hpa-lab/ml/config';
import type { ArtifactKind, MemberRole, RunStatus } from '../db.ts';

export const ENUM_VALUES = {
  MemberRole: { ADMIN: 'admin', MEMBER: 'member', VIEWER: 'viewer' },
  RunStatus: {
    QUEUED: 'queued',
    RUNNING: 'running',
    SUCCEEDED: 'succeeded',
    FAILED: 'failed',
    CANCELLED: 'cancelled',
  },
  FinishStatus: { SUCCEEDED: 'succeeded', FAILED: 'failed', CANCELLED: 'cancelled' },
  ArtifactKind: {
    MODEL: 'model',
    CHECKPOINT: 'checkpoint',
    PREDICTIONS: 'predictions',
    SUBMISSION: 'submission',
    LOG: 'log',
  },
} as const satisfies {
  MemberRole: Record<string, MemberRole>;
  // Exactly the statuses the pipeline names (`RUN_STATUSES`), each with its database spelling.
  RunStatus: Record<RunStatusName, RunStatus>;
  FinishStatus: Record<string, RunStatus>;
  ArtifactKind: Record<string, ArtifactKind>;
};

export type ArtifactKindName = keyof typeof ENUM_VALUES.ArtifactKind;

const artifactKindNames = new Map(
  Object.entries(ENUM_VALUES.ArtifactKind).map(([name, kind]) => [kind, name as ArtifactKindName]),
);

/**
 * The HTTP artifact routes speak the schema's spelling too (`?kind=MODEL`, `"kind": "MODEL"`),
 * so a client sees one spelling whichever way it reaches an artifact.
 */
export function artifactKindName(kind: ArtifactKind): ArtifactKindName {
  return artifactKindNames.get(kind)!;
}

/** The internal kind of a schema name; undefined for anything else (including `model`). */
export function artifactKindOf(name: string | null): ArtifactKind | undefined {
  return name !== null && Object.hasOwn(ENUM_VALUES.ArtifactKind, name)
    ? ENUM_VALUES.ArtifactKind[name as ArtifactKindName]
    : undefined;
}

const runStatusNames = new Map(
  Object.entries(ENUM_VALUES.RunStatus).map(([name, status]) => [status as string, name]),
);

/**
 * Errors about a run's state carry it in `extensions.status` (e.g. INVALID_STATE when finishing
 * a run that is already cancelled); give it in the schema's spelling, as the `status` field is.
 */
export function errorExtensionsInSchemaSpelling(
  extensions: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  const status = extensions?.status;
  if (typeof status !== 'string' || !runStatusNames.has(status)) return extensions;
  return { ...extensions, status: runStatusNames.get(status) };
}
