// Idempotency keys a client chooses for a run it creates (launchRun, or createRun from a trainer
// that syncs an offline run): unique per member, stored in Run.launchKey. A retry with the same
// key and the same input gets the first attempt's run back; the same key with another input, or
// used by the other mutation, is refused rather than silently answered with an unrelated run.
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { PrismaClient, Run } from '../db.ts';
import { ApiError } from '../lib/errors.ts';
import type { Actor } from './deps.ts';

export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,128}$/, 'must be 8-128 letters, digits, - or _ (e.g. a UUID)')
  .nullish();

export function findRunByClientKey(db: PrismaClient, actor: Actor, key: string) {
  return db.run.findUnique({
    where: { memberId_launchKey: { memberId: actor.memberId, launchKey: key } },
  });
}

/** What a retry must repeat for its key to stand for the same run. */
export interface KeyedRunInput {
  projectId: string;
  name: string;
  approach?: string | null;
  tags?: string[] | null;
  config: unknown;
}

export function keyConflict(key: string, earlier: Run, reason: string): ApiError {
  const message = `already used for run ${earlier.id} ${reason}; choose a new key`;
  return new ApiError('CONFLICT', `idempotencyKey ${key} ${message}`, {
    field: 'input.idempotencyKey',
    fields: [`input.idempotencyKey: ${message}`],
    runId: earlier.id,
  });
}

/**
 * Refuses a key reused for another input or by the other mutation (`launched`: whether the
 * caller is launchRun, whose runs have a queue job; createRun's runs have none).
 */
export function requireSameKeyedRun(
  key: string,
  earlier: Run,
  input: KeyedRunInput,
  launched: boolean,
): void {
  if ((earlier.launchedAt !== null) !== launched) {
    throw keyConflict(key, earlier, launched ? 'by createRun' : 'by launchRun');
  }
  const same =
    input.projectId === earlier.projectId &&
    input.name === earlier.name &&
    (input.approach ?? '') === earlier.approach &&
    isDeepStrictEqual(input.tags ?? [], earlier.tags) &&
    isDeepStrictEqual(input.config, earlier.config);
  if (!same) throw keyConflict(key, earlier, 'with another input');
}
