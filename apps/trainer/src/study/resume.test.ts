import { parseTrainConfig } from '@hpa-lab/ml/config';
import { describe, expect, it } from 'vitest';
import { canonicalJson, runState, StudyConflictError, type ExistingRun } from './resume.ts';
import { singleSplitRuns } from './study-plan.ts';
import { unitSettings } from './unit-settings.test-fixture.ts';

const settings = unitSettings;
const planned = singleSplitRuns(settings)[1]!;
const stored = parseTrainConfig(planned.config);

function run(name: string, status: string, config: unknown = stored): ExistingRun {
  return {
    id: `${name}-${status}`,
    name,
    status,
    errorMessage: status === 'FAILED' ? 'boom' : null,
    config,
  };
}

describe('runState', () => {
  it('launches a run the platform does not have', () => {
    expect(runState(planned, [])).toEqual({
      kind: 'launch',
      name: 'unit/focal',
      relaunch: false,
      previousError: null,
    });
  });

  it('waits for a queued or running attempt and takes a succeeded one', () => {
    expect(runState(planned, [run('unit/focal', 'RUNNING')]).kind).toBe('in-flight');
    expect(runState(planned, [run('unit/focal', 'QUEUED')]).kind).toBe('in-flight');
    expect(runState(planned, [run('unit/focal', 'SUCCEEDED')])).toMatchObject({
      kind: 'succeeded',
      relaunched: false,
    });
  });

  it('relaunches a failed or cancelled first attempt once, under a marked name', () => {
    expect(runState(planned, [run('unit/focal', 'FAILED')])).toEqual({
      kind: 'launch',
      name: 'unit/focal (relaunch)',
      relaunch: true,
      previousError: 'boom',
    });
    expect(runState(planned, [run('unit/focal', 'CANCELLED')]).kind).toBe('launch');
    expect(
      runState(planned, [run('unit/focal', 'FAILED'), run('unit/focal (relaunch)', 'SUCCEEDED')]),
    ).toMatchObject({ kind: 'succeeded', relaunched: true });
    expect(
      runState(planned, [run('unit/focal', 'FAILED'), run('unit/focal (relaunch)', 'RUNNING')])
        .kind,
    ).toBe('in-flight');
  });

  it('gives up after the relaunch failed too, saying why', () => {
    expect(
      runState(planned, [run('unit/focal', 'FAILED'), run('unit/focal (relaunch)', 'FAILED')]),
    ).toEqual({ kind: 'missing', reason: 'failed twice (last: failed, boom)' });
  });

  it("marks a run the API refused missing with the API's words", () => {
    expect(
      runState(planned, [], 'launchRun failed (BAD_USER_INPUT): loss.gamma: too small'),
    ).toEqual({
      kind: 'missing',
      reason:
        'the API refused its config: launchRun failed (BAD_USER_INPUT): loss.gamma: too small',
    });
  });

  it('refuses to resume over a run of the same name with another config', () => {
    const other = { ...stored, epochs: 3 };
    expect(() => runState(planned, [run('unit/focal', 'SUCCEEDED', other)])).toThrow(
      StudyConflictError,
    );
    expect(() => runState(planned, [run('unit/focal', 'SUCCEEDED', other)])).toThrow(
      /run "unit\/focal" exists with another config/,
    );
  });

  it('compares configs whatever the order of their keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });
});
