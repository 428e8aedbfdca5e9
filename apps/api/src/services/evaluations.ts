// Structured evaluations: one row per (run, split, step) with 28-long per-class arrays and the
// 28x28 co-occurrence, instead of 28 x 9 scalar keys. Writing one also refreshes the run's
// denormalised bestMacroF1 and rareClassF1 (used to sort run lists) in the same transaction.
import { NUM_CLASSES } from '@hpa-lab/ml/classes';
import { VALIDATION_SPLIT } from '@hpa-lab/ml/config';
import { macroF1Mismatch } from '@hpa-lab/ml/metrics';
import { rareClassF1 } from '@hpa-lab/ml/rare-classes';
import { z } from 'zod';
import type { Evaluation, PrismaClient } from '../db.ts';
import { ApiError, parseInput } from '../lib/errors.ts';
import {
  decodeCursor,
  encodeCursor,
  pageSize,
  toConnection,
  type Connection,
  type PageArgs,
} from './connection.ts';
import type { Actor } from './deps.ts';
import { findRunForWrite, lockWritableRun, requireWritableRun } from './runs.ts';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const unit = finite.pipe(z.number().min(0).max(1));
const count = z.number().int().min(0);
const perClass = <T extends z.ZodType>(item: T) =>
  z.array(item).length(NUM_CLASSES, `must have exactly ${NUM_CLASSES} entries (one per class)`);

const evaluationSchema = z.object({
  runId: z.string(),
  step: z.number().int().min(0, 'must be 0 or more'),
  split: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'must be 1-32 lowercase letters, digits, _ or -'),
  macroF1: unit,
  perClass: z.object({
    f1: perClass(unit),
    precision: perClass(unit),
    recall: perClass(unit),
    support: perClass(count),
    threshold: perClass(unit),
    tp: perClass(count),
    fp: perClass(count),
    fn: perClass(count),
    tn: perClass(count),
  }),
  cooccurrence: z
    .array(perClass(count))
    .length(NUM_CLASSES, `must have ${NUM_CLASSES} rows of ${NUM_CLASSES} counts`),
});

export type LogEvaluationInput = z.input<typeof evaluationSchema>;

export async function logEvaluation(
  db: PrismaClient,
  actor: Actor,
  input: LogEvaluationInput,
): Promise<Evaluation> {
  const data = parseInput(evaluationSchema, input, 'input');
  // A macro F1 its own bars contradict would rank the run by a number no page can explain.
  const mismatch = macroF1Mismatch(data.macroF1, data.perClass.f1);
  if (mismatch) {
    throw new ApiError('BAD_USER_INPUT', `Invalid input: input.macroF1: ${mismatch}`, {
      fields: [`input.macroF1: ${mismatch}`],
    });
  }
  const run = await findRunForWrite(db, actor, data.runId, 'input.runId');
  requireWritableRun(run, 'evaluations');
  const values = {
    macroF1: data.macroF1,
    ...data.perClass,
    cooccurrence: data.cooccurrence.flat(),
  };
  return db.$transaction(async (tx) => {
    await lockWritableRun(tx, run.id, 'evaluations');
    const evaluation = await tx.evaluation.upsert({
      where: { runId_split_step: { runId: run.id, split: data.split, step: data.step } },
      create: { runId: run.id, split: data.split, step: data.step, ...values },
      update: values,
    });
    if (data.split === VALIDATION_SPLIT) {
      // Recomputed from all rows (not max(old, new)) so overwriting an evaluation stays correct;
      // the rare-class F1 is the best evaluation's (the one a member would pick the model from).
      const best = await tx.evaluation.findFirst({
        where: { runId: run.id, split: VALIDATION_SPLIT },
        orderBy: [{ macroF1: 'desc' }, { step: 'desc' }],
        select: { macroF1: true, f1: true },
      });
      await tx.run.update({
        where: { id: run.id },
        data: {
          bestMacroF1: best?.macroF1 ?? null,
          rareClassF1: best ? rareClassF1(best.f1) : null,
        },
      });
    }
    return evaluation;
  });
}

/** (step, split) is unique within a run, so it orders the pages without ties. */
const evaluationCursor = z.object({ step: z.number().int(), split: z.string() });

/** A run's evaluations, newest step first, one page at a time. */
export async function listEvaluations(
  db: PrismaClient,
  runId: string,
  args: PageArgs & { split?: string | null },
): Promise<Connection<Evaluation>> {
  const size = pageSize(args.first);
  const where = { runId, ...(args.split ? { split: args.split } : {}) };
  const after = args.after ? decodeCursor(args.after, evaluationCursor, 'evaluations') : undefined;
  const rows = await db.evaluation.findMany({
    where: after
      ? {
          ...where,
          OR: [{ step: { lt: after.step } }, { step: after.step, split: { gt: after.split } }],
        }
      : where,
    orderBy: [{ step: 'desc' }, { split: 'asc' }],
    take: size + 1,
  });
  return toConnection(
    rows,
    size,
    args.after,
    (row) => encodeCursor({ step: row.step, split: row.split }),
    () => db.evaluation.count({ where }),
  );
}

/** The evaluation of a run at one (split, step), or null. */
export function evaluationAt(
  db: PrismaClient,
  runId: string,
  step: number,
  split: string = VALIDATION_SPLIT,
): Promise<Evaluation | null> {
  return db.evaluation.findUnique({ where: { runId_split_step: { runId, split, step } } });
}

export function bestEvaluation(
  db: PrismaClient,
  runId: string,
  split: string = VALIDATION_SPLIT,
): Promise<Evaluation | null> {
  return db.evaluation.findFirst({
    where: { runId, split },
    orderBy: [{ macroF1: 'desc' }, { step: 'desc' }],
  });
}

/** Best evaluation of each run on a split, for comparisons and leaderboards. */
export async function bestEvaluations(
  db: PrismaClient,
  runIds: readonly string[],
  split: string = VALIDATION_SPLIT,
): Promise<Map<string, Evaluation>> {
  const rows = await db.evaluation.findMany({
    where: { runId: { in: [...runIds] }, split },
    orderBy: [{ runId: 'asc' }, { macroF1: 'desc' }, { step: 'desc' }],
    distinct: ['runId'],
  });
  return new Map(rows.map((row) => [row.runId, row]));
}

/** Splits the stored row-major co-occurrence back into rows. */
export function cooccurrenceRows(flat: readonly number[]): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < flat.length; i += NUM_CLASSES) rows.push(flat.slice(i, i + NUM_CLASSES));
  return rows;
}
