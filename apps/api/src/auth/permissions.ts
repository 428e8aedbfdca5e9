// The role rules in one place: admins do everything, members write only to their own runs,
// viewers only read.
import type { MemberRole } from '../db.ts';
import { ApiError } from '../lib/errors.ts';
import type { Actor } from '../services/deps.ts';

export function requireRole(actor: Actor, allowed: readonly MemberRole[], action: string): void {
  if (!allowed.includes(actor.role)) {
    throw new ApiError('FORBIDDEN', `Role ${actor.role} may not ${action}`);
  }
}

/** Members and admins may create runs; viewers may not write anything. */
export function requireWriter(actor: Actor, action: string): void {
  requireRole(actor, ['admin', 'member'], action);
}

/** Whether the actor may write to (and so cancel) a run: an admin, or the member who owns it. */
export function canWriteRun(actor: Actor, run: { memberId: string }): boolean {
  return actor.role === 'admin' || (actor.role === 'member' && run.memberId === actor.memberId);
}

/** Writing to a run needs an admin or the member who owns it. */
export function requireRunOwner(actor: Actor, run: { id: string; memberId: string }): void {
  requireWriter(actor, 'write to runs');
  if (!canWriteRun(actor, run)) {
    throw new ApiError('FORBIDDEN', `Run ${run.id} belongs to another member`, { runId: run.id });
  }
}
