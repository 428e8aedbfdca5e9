// Where each planned run stands, from the runs already on the platform: the study can be
// stopped and started again (or crash) at any point and launches nothing twice. A planned run
// has at most two attempts: its name, and once that failed, its name + " (relaunch)".
import { parseTrainConfig } from '@hpa-lab/ml/config';
import { RELAUNCH_SUFFIX, type PlannedRun } from './study-plan.ts';

/** What the study reads of a run on the platform. */
export interface ExistingRun {
  id: string;
  name: string;
  status: string;
  errorMessage: string | null;
  config: unknown;
}

export type RunState<R extends ExistingRun = ExistingRun> =
  | { kind: 'succeeded'; run: R; relaunched: boolean }
  | { kind: 'in-flight'; run: R }
  | { kind: 'launch'; name: string; relaunch: boolean; previousError: string | null }
  | { kind: 'missing'; reason: string };

const FAILED = new Set(['FAILED', 'CANCELLED']);

/** JSON with sorted keys: two configs are the same experiment when these are equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A run of that name with another config: resuming would mix two studies' numbers. */
export class StudyConflictError extends Error {
  constructor(name: string) {
    super(
      `run "${name}" exists with another config than this study would launch; ` +
        'start another study name (--study) or delete that run',
    );
    this.name = 'StudyConflictError';
  }
}

/**
 * The state of one planned run. `refusal` is the API's refusal of its launch earlier in this
 * invocation (a config it does not accept): the run is then missing, not retried.
 */
export function runState<R extends ExistingRun>(
  planned: PlannedRun,
  existing: readonly R[],
  refusal?: string,
): RunState<R> {
  if (refusal) return { kind: 'missing', reason: `the API refused its config: ${refusal}` };
  const first = existing.filter((run) => run.name === planned.name);
  const second = existing.filter((run) => run.name === planned.name + RELAUNCH_SUFFIX);
  const attempts = [...first, ...second];
  if (attempts.length > 0) {
    // A config the schema refuses was never launched, so any run of that name is another's.
    let wanted: string | null;
    try {
      wanted = canonicalJson(parseTrainConfig(planned.config));
    } catch {
      wanted = null;
    }
    for (const run of attempts) {
      if (wanted === null || canonicalJson(run.config) !== wanted) {
        throw new StudyConflictError(run.name);
      }
    }
  }
  const succeeded = attempts.find((run) => run.status === 'SUCCEEDED');
  if (succeeded) {
    return { kind: 'succeeded', run: succeeded, relaunched: succeeded.name !== planned.name };
  }
  const inFlight = attempts.find((run) => !FAILED.has(run.status));
  if (inFlight) return { kind: 'in-flight', run: inFlight };
  if (first.length === 0) {
    return { kind: 'launch', name: planned.name, relaunch: false, previousError: null };
  }
  if (second.length === 0) {
    return {
      kind: 'launch',
      name: planned.name + RELAUNCH_SUFFIX,
      relaunch: true,
      previousError: first[0]!.errorMessage,
    };
  }
  const last = second[0]!;
  return {
    kind: 'missing',
    reason: `failed twice (last: ${last.status.toLowerCase()}${last.errorMessage ? `, ${last.errorMessage}` : ''})`,
  };
}
