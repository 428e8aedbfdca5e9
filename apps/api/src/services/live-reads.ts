// The reads behind live updates: what a notification names (apps/api/src/live/hub.ts reads it
// once per instance for all its subscribers), and a resuming subscriber's replay.
import type { Artifact, Evaluation, PrismaClient, Run } from '../db.ts';

export interface LivePoint {
  key: string;
  step: number;
  value: number;
  wallTime: Date;
}

/** What live pages update in place: the Run row without its config. */
export type RunState = Pick<
  Run,
  | 'id'
  | 'projectId'
  | 'name'
  | 'tags'
  | 'status'
  | 'bestMacroF1'
  | 'rareClassF1'
  | 'durationMs'
  | 'errorMessage'
  | 'createdAt'
  | 'startedAt'
  | 'finishedAt'
>;

const RUN_STATE_SELECT = {
  id: true,
  projectId: true,
  name: true,
  tags: true,
  status: true,
  bestMacroF1: true,
  rareClassF1: true,
  durationMs: true,
  errorMessage: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

export function readRunState(db: PrismaClient, runId: string): Promise<RunState | null> {
  return db.run.findUnique({ where: { id: runId }, select: RUN_STATE_SELECT });
}

/**
 * The points of one logged batch: each key's step range (the notification's), through the
 * (runId, key, step) primary key. A range may also hold older points of that key at those steps
 * (rewritten ones); subscribers drop what they have already sent.
 */
export function readBatchPoints(
  db: PrismaClient,
  runId: string,
  range: { keys: Record<string, [number, number]> } | { from: number; to: number },
): Promise<LivePoint[]> {
  if ('keys' in range) {
    return db.$queryRaw<LivePoint[]>`
      SELECT m."key", m."step", m."value", m."wallTime"
      FROM jsonb_each(${JSON.stringify(range.keys)}::jsonb) AS r("key", "steps")
      JOIN "MetricPoint" m ON m."runId" = ${runId}::uuid AND m."key" = r."key"
        AND m."step" BETWEEN (r."steps"->>0)::int AND (r."steps"->>1)::int
      ORDER BY m."step", m."key"`;
  }
  return db.$queryRaw<LivePoint[]>`
    SELECT "key", "step", "value", "wallTime" FROM "MetricPoint"
    WHERE "runId" = ${runId}::uuid AND "step" BETWEEN ${range.from} AND ${range.to}
    ORDER BY "step", "key"`;
}

/** Where a resuming subscriber left off: a step per key, and one for the keys not named. */
export interface ReplayCursor {
  after: Record<string, number>;
  afterStep: number;
}

/**
 * One page of the points a resuming subscriber missed, in (step, key) order, starting after
 * (`fromStep`, `fromKey`) of the previous page. Each key's points above its cursor.
 */
export function readReplayPage(
  db: PrismaClient,
  runId: string,
  cursor: ReplayCursor,
  position: { step: number; key: string } | null,
  limit: number,
): Promise<LivePoint[]> {
  const afterStep = position?.step ?? -1;
  const afterKey = position?.key ?? '';
  return db.$queryRaw<LivePoint[]>`
    SELECT "key", "step", "value", "wallTime" FROM "MetricPoint"
    WHERE "runId" = ${runId}::uuid
      AND "step" > COALESCE((${JSON.stringify(cursor.after)}::jsonb ->> "key")::int, ${cursor.afterStep}::int)
      AND ("step", "key") > (${afterStep}::int, ${afterKey}::text)
    ORDER BY "step", "key"
    LIMIT ${limit}`;
}

export function readEvaluation(db: PrismaClient, id: string): Promise<Evaluation | null> {
  return db.evaluation.findUnique({ where: { id } });
}

export function readArtifact(db: PrismaClient, id: string): Promise<Artifact | null> {
  return db.artifact.findUnique({ where: { id } });
}

export function readKeyState(db: PrismaClient, id: string) {
  return db.apiKey.findUnique({ where: { id }, select: { revokedAt: true, expiresAt: true } });
}
