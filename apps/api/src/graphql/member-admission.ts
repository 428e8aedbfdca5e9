// A bound per member, so one member (or one leaked key) cannot slow everyone else down: after a
// request is priced (./limits.ts) it is admitted against its member's
//   - cost budget: a token bucket of `costPerWindow` units refilled evenly over `windowMs`; a
//     request that costs more than what is left is refused, saying when it would fit;
//   - heavy slots: at most `heavyPerMember` requests costing `heavyCost` or more in flight at
//     once; one more is refused at once rather than queued (a queue would hold its connection
//     and its socket, and the client cannot tell a slow server from a full one).
// Mutations are not bounded here (a member's trainer keeps logging while they read), only
// queries. Both refusals are HTTP 429 with Retry-After and the code RATE_LIMITED ("slow down"). Heavy
// requests that are admitted run on their own small database pool (see app.ts), so the pool of
// the trainers' writes and /healthz keeps its connections whatever heavy reads do.
// State is per API process; with several instances behind a balancer each member gets the
// bound once per instance, which still caps what one member can take from each.
import { HeaderMap } from '@apollo/server';
import { ApiError } from '../lib/errors.ts';

export interface AdmissionLimits {
  /** A request priced at this or more is heavy. */
  heavyCost: number;
  /** Heavy requests one member may have in flight. */
  heavyPerMember: number;
  /** Cost units a member may spend per window (refilled evenly). */
  costPerWindow: number;
  windowMs: number;
}

/**
 * Heavy from 5,000: every dashboard page costs less (the run page's queries about 2,200); a
 * comparison of 20 runs x 6 curves (6,500) or one class leaderboard and more are heavy. The
 * budget covers brisk dashboard use (a run page about 4,400, so some 60 pages a minute) and
 * lets a member send the costliest accepted query (25,000) twelve times in a row, then about
 * one every 5 s; the heavy slots, not the budget, keep such queries from running side by side.
 */
export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = {
  heavyCost: 5000,
  heavyPerMember: 2,
  costPerWindow: 300_000,
  windowMs: 60_000,
};

export interface Admitted {
  heavy: boolean;
  /** Frees the heavy slot (idempotent). */
  release(): void;
}

export interface MemberAdmission {
  /** Admits a request of `cost` for `memberId`, or throws RATE_LIMITED (HTTP 429). */
  admit(memberId: string, cost: number): Admitted;
}

interface MemberState {
  tokens: number;
  refilledAt: number;
  heavyInFlight: number;
}

function slowDown(message: string, retryAfterSeconds: number): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new ApiError('RATE_LIMITED', `Slow down: ${message}; retry in ${seconds} s`, {
    retryAfterSeconds: seconds,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) },
  });
}

export function createMemberAdmission(
  limits: AdmissionLimits = DEFAULT_ADMISSION_LIMITS,
  now: () => number = () => performance.now(),
): MemberAdmission {
  const members = new Map<string, MemberState>();
  const refillPerMs = limits.costPerWindow / limits.windowMs;

  const stateOf = (memberId: string): MemberState => {
    const time = now();
    let state = members.get(memberId);
    if (!state) {
      state = { tokens: limits.costPerWindow, refilledAt: time, heavyInFlight: 0 };
      members.set(memberId, state);
    }
    state.tokens = Math.min(
      limits.costPerWindow,
      state.tokens + (time - state.refilledAt) * refillPerMs,
    );
    state.refilledAt = time;
    return state;
  };

  // Members whose bucket is full again and who hold no slot are forgotten, so the map stays
  // the size of the recently active members.
  const forgetIdle = () => {
    if (members.size < 1000) return;
    for (const [memberId, state] of members) {
      const full = state.tokens + (now() - state.refilledAt) * refillPerMs >= limits.costPerWindow;
      if (full && state.heavyInFlight === 0) members.delete(memberId);
    }
  };

  return {
    admit(memberId, cost) {
      forgetIdle();
      const state = stateOf(memberId);
      const heavy = cost >= limits.heavyCost;
      if (heavy && state.heavyInFlight >= limits.heavyPerMember) {
        // The slot frees when one of them answers; a second is a fair first guess.
        throw slowDown(
          `this member already has ${state.heavyInFlight} heavy requests (cost >= ${limits.heavyCost}) running, the most allowed at once`,
          1,
        );
      }
      // A request dearer than the whole budget passes when the bucket is full (then empties it).
      const needed = Math.min(cost, limits.costPerWindow);
      if (needed > state.tokens) {
        const wait = (needed - state.tokens) / refillPerMs / 1000;
        throw slowDown(
          `this request costs ${cost} and this member has ${Math.floor(state.tokens)} of ${limits.costPerWindow} cost units left per ${limits.windowMs / 1000} s`,
          wait,
        );
      }
      state.tokens -= cost;
      if (!heavy) return { heavy, release() {} };
      state.heavyInFlight += 1;
      let released = false;
      return {
        heavy,
        release() {
          if (released) return;
          released = true;
          state.heavyInFlight -= 1;
        },
      };
    },
  };
}
