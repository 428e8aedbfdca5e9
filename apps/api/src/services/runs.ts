// Run lifecycle: create, start, heartbeat, finish, read. State changes are conditional updates
// (WHERE status = ...) so a concurrent sweeper or cancel cannot be overwritten by a stale write.
import { z } from 'zod';
import { requireRunOwner, requireWriter } from '../auth/permissions.ts';
import type { PrismaClient, Run, RunStatus } from '../db.ts';
import { ApiError, notFound, parseInput } from '../lib/errors.ts';
import { findRunByClientKey, idempotencyKeySchema, requireSameKeyedRun } from './client-keys.ts';
import type { Actor } from './deps.ts';
import { isUniqueViolation } from '../lib/prisma-errors.ts';
import { validateTrainConfig } from './train-config.ts';

export const uuidSchema = z.uuid();
const optionalText = (max: number) => z.string().trim().max(max).nullish();

export const runMetadataSchema = z.object({
  projectId: uuidSchema,
  name: z.string().trim().min(1).max(200),
  approach: z.string().trim().max(2000).nullish(),
  tags: z
    .array(z.string().trim().min(1).max(64))
    .max(32)
    .nullish()
    .refine((tags) => !tags || new Set(tags).size === tags.length, 'tags must be unique'),
});

const createRunSchema = runMetadataSchema.extend({
  config: z.unknown(),
  datasetFingerprint: optionalText(200),
  splitSeed: z.number().int().min(0).nullish(),
  backend: optionalText(64),
  device: optionalText(200),
  gitCommit: optionalText(64),
  idempotencyKey: idempotencyKeySchema,
});

export type CreateRunInput = z.input<typeof createRunSchema>;

/** Throws BAD_USER_INPUT for a malformed id, so callers learn the id is wrong, not missing. */
export function parseId(id: string, field: string): string {
  if (!uuidSchema.safeParse(id).success) {
    throw new ApiError('BAD_USER_INPUT', `${field} is not a valid id: ${id}`, { field });
  }
  return id;
}

export async function findRun(db: PrismaClient, id: string, field = 'id'): Promise<Run> {
  const run = await db.run.findUnique({ where: { id: parseId(id, field) } });
  if (!run) throw notFound('Run', id);
  return run;
}

export async function findRunForWrite(
  db: PrismaClient,
  actor: Actor,
  id: string,
  field = 'runId',
): Promise<Run> {
  requireWriter(actor, 'write to runs');
  const run = await findRun(db, id, field);
  requireRunOwner(actor, run);
  return run;
}

/** States in which a run still takes metrics, evaluations and artifacts. */
export const WRITABLE_STATUSES: readonly RunStatus[] = ['queued', 'running'];

/**
 * A finished run's numbers are final (a promoted model's metrics snapshot must keep agreeing
 * with them): writes to a succeeded, failed or cancelled run are refused with INVALID_STATE.
 */
export function requireWritableRun(run: Pick<Run, 'id' | 'status'>, what: string): void {
  if (WRITABLE_STATUSES.includes(run.status)) return;
  throw new ApiError(
    'INVALID_STATE',
    `Run ${run.id} is ${run.status}: a finished run accepts no more ${what}`,
    { status: run.status },
  );
}

/**
 * Re-reads the run's status under a share lock inside a transaction, so a finishRun that commits
 * meanwhile waits for this write instead of being overtaken by it.
 */
export async function lockWritableRun(
  tx: Pick<PrismaClient, '$queryRaw'>,
  runId: string,
  what: string,
): Promise<void> {
  const rows = await tx.$queryRaw<{ status: RunStatus }[]>`
    SELECT "status"::text AS status FROM "Run" WHERE "id" = ${runId}::uuid FOR SHARE`;
  const row = rows[0];
  if (!row) throw notFound('Run', runId);
  requireWritableRun({ id: runId, status: row.status }, what);
}

export async function requireProject(db: PrismaClient, projectId: string): Promise<void> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) throw notFound('Project', projectId);
}

export async function createRun(
  db: PrismaClient,
  actor: Actor,
  input: CreateRunInput,
  /**
   * launchRun's runs get a queue job, which the reconciler then holds them to, and may carry
   * the client's idempotency key (launchRun passes it here, not in `input`).
   */
  options: { launched?: boolean; launchKey?: string | null } = {},
): Promise<Run> {
  requireWriter(actor, 'create runs');
  const data = parseInput(createRunSchema, input, 'input');
  const config = validateTrainConfig(data.config, 'input.config');
  // A trainer syncing an offline run retries with the key it chose offline: the same run back.
  const key = options.launched ? null : (data.idempotencyKey ?? null);
  if (key) {
    const earlier = await findRunByClientKey(db, actor, key);
    if (earlier) {
      requireSameKeyedRun(key, earlier, { ...data, config }, false);
      return earlier;
    }
  }
  await requireProject(db, data.projectId);
  try {
    return await db.run.create({
      data: {
        projectId: data.projectId,
        memberId: actor.memberId,
        name: data.name,
        approach: data.approach ?? '',
        tags: data.tags ?? [],
        config,
        datasetFingerprint: data.datasetFingerprint ?? config.dataset.fingerprint ?? null,
        splitSeed: data.splitSeed ?? config.dataset.splitSeed,
        backend: data.backend ?? null,
        device: data.device ?? null,
        gitCommit: data.gitCommit ?? null,
        launchedAt: options.launched ? new Date() : null,
        launchKey: options.launchKey ?? key,
      },
    });
  } catch (error) {
    // The same key sent twice at once: the concurrent insert won; answer with its run.
    if (!key || !isUniqueViolation(error)) throw error;
    const earlier = await findRunByClientKey(db, actor, key);
    if (!earlier) throw error;
    requireSameKeyedRun(key, earlier, { ...data, config }, false);
    return earlier;
  }
}

/** Applies a transition only if the run is still in one of `from`; explains the refusal. */
async function transition(
  db: PrismaClient,
  run: Run,
  from: readonly RunStatus[],
  data: Pick<
    Partial<Run>,
    | 'status'
    | 'startedAt'
    | 'finishedAt'
    | 'heartbeatAt'
    | 'backend'
    | 'device'
    | 'errorMessage'
    | 'datasetFingerprint'
    | 'splitSeed'
  >,
  action: string,
): Promise<Run> {
  const { count } = await db.run.updateMany({
    where: { id: run.id, status: { in: [...from] } },
    data,
  });
  const current = await findRun(db, run.id);
  if (count === 0) {
    throw new ApiError(
      'INVALID_STATE',
      `Cannot ${action} run ${run.id}: it is ${current.status} (expected ${from.join(' or ')})`,
      { status: current.status },
    );
  }
  return current;
}

// What packages/ml's datasetFingerprint writes: a SHA-256 hex digest. Exact lowercase, because
// compareRuns compares fingerprints as strings.
const datasetFingerprintSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters (a SHA-256 digest)');

const startRunSchema = z.object({
  backend: optionalText(64),
  device: optionalText(200),
  datasetFingerprint: datasetFingerprintSchema.nullish(),
  splitSeed: z.number().int().min(0).nullish(),
});

/**
 * A run pinned at creation trains on that validation set only: a trainer reporting another one
 * would make it silently incomparable with its peers, so refuse rather than overwrite.
 */
function refuseDatasetChange(
  run: Run,
  field: 'datasetFingerprint' | 'splitSeed',
  given: string | number | null | undefined,
): void {
  const recorded = run[field];
  if (given === null || given === undefined || recorded === null || recorded === given) return;
  throw new ApiError(
    'CONFLICT',
    `${field}: run ${run.id} was created with ${String(recorded)} but the trainer reports ${String(given)}`,
    { field, recorded, given },
  );
}

export async function startRun(
  db: PrismaClient,
  actor: Actor,
  input: {
    id: string;
    backend?: string | null;
    device?: string | null;
    datasetFingerprint?: string | null;
    splitSeed?: number | null;
  },
): Promise<Run> {
  const run = await findRunForWrite(db, actor, input.id, 'id');
  const extra = parseInput(startRunSchema, input);
  refuseDatasetChange(run, 'datasetFingerprint', extra.datasetFingerprint);
  refuseDatasetChange(run, 'splitSeed', extra.splitSeed);
  const now = new Date();
  // The conditional update re-checks only the status: a run's pinned dataset fields are
  // written at creation and never changed after, so the check above cannot go stale.
  return transition(
    db,
    run,
    ['queued'],
    {
      status: 'running',
      startedAt: now,
      heartbeatAt: now,
      ...(extra.backend ? { backend: extra.backend } : {}),
      ...(extra.device ? { device: extra.device } : {}),
      ...(extra.datasetFingerprint ? { datasetFingerprint: extra.datasetFingerprint } : {}),
      ...(typeof extra.splitSeed === 'number' ? { splitSeed: extra.splitSeed } : {}),
    },
    'start',
  );
}

/**
 * Refreshes heartbeatAt of a running run. A cancelled (or swept) run is returned unchanged
 * rather than refused, so the trainer reads its status and stops.
 */
export async function heartbeat(db: PrismaClient, actor: Actor, id: string): Promise<Run> {
  const run = await findRunForWrite(db, actor, id, 'id');
  if (run.status !== 'running') {
    if (run.status === 'queued') {
      throw new ApiError('INVALID_STATE', `Run ${id} is queued: call startRun first`);
    }
    return run;
  }
  await db.run.updateMany({
    where: { id, status: 'running' },
    data: { heartbeatAt: new Date() },
  });
  return findRun(db, id);
}

export async function finishRun(
  db: PrismaClient,
  actor: Actor,
  input: { id: string; status: 'succeeded' | 'failed' | 'cancelled'; errorMessage?: string | null },
): Promise<Run> {
  const run = await findRunForWrite(db, actor, input.id, 'id');
  const data = parseInput(
    z.object({
      status: z.enum(['succeeded', 'failed', 'cancelled']),
      errorMessage: z.string().trim().max(10_000).nullish(),
    }),
    input,
  );
  if (data.status === 'failed' && !data.errorMessage) {
    throw new ApiError('BAD_USER_INPUT', 'errorMessage is required when a run failed', {
      field: 'errorMessage',
    });
  }
  return transition(
    db,
    run,
    ['queued', 'running'],
    { status: data.status, finishedAt: new Date(), errorMessage: data.errorMessage ?? null },
    'finish',
  );
}
