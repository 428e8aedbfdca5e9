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

/** Whether the actor may launch (or create) runs: what requireWriter allows. */
export function canLaunch(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'member';
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

/**
 * Whether the actor may promote a run's model: it SUCCEEDED, has a MODEL artifact, and the actor
 * may write to it. Which alias it may then move is canMoveAlias's question.
 */
export function canPromoteRun(
  actor: Actor,
  run: { memberId: string; status: string },
  hasModelArtifact: boolean,
): boolean {
  return run.status === 'succeeded' && hasModelArtifact && canWriteRun(actor, run);
}

/**
 * Who may move a model alias (the registry's one rule, also in the schema and the API README):
 * an admin always; a member when the alias points nowhere yet or at a version made from one of
 * their own runs; a viewer never. So anyone who may write may add versions and new aliases to a
 * shared model, but one member cannot take another's `champion` away; an admin can.
 * `currentRunOwnerId` is the owner of the run behind the version the alias points at now (null
 * when the alias does not exist yet).
 */
export function canMoveAlias(actor: Actor, currentRunOwnerId: string | null): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'member') return false;
  return currentRunOwnerId === null || currentRunOwnerId === actor.memberId;
}

/** Admins manage every member's keys; everyone else only their own. */
export function canManageKeysOf(actor: Actor, memberId: string): boolean {
  return actor.role === 'admin' || actor.memberId === memberId;
}

/** Only admins create members (and give them a role). */
export function canManageMembers(actor: Actor): boolean {
  return actor.role === 'admin';
}
