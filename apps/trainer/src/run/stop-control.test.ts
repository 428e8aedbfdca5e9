import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createStopControl, type Stoppable } from './stop-control.ts';

const logger = pino({ level: 'silent' });

function recordingChild(): Stoppable & { graces: number[] } {
  const graces: number[] = [];
  return { graces, cancel: (graceMs) => graces.push(graceMs) };
}

describe('createStopControl', () => {
  it('has no request until someone asks, then cancels the attached child once', () => {
    const stop = createStopControl({ logger, cancelGraceMs: 500 });
    const child = recordingChild();
    stop.attach(child);
    expect(stop.request).toBeUndefined();
    expect(child.graces).toEqual([]);
    stop.requestStop(true, 'run is cancelled: enough');
    expect(stop.request).toEqual({ byServer: true, reason: 'run is cancelled: enough' });
    expect(child.graces).toEqual([500]);
  });

  it('keeps the first request: a later one neither replaces it nor cancels again', () => {
    const stop = createStopControl({ logger, cancelGraceMs: 10 });
    const child = recordingChild();
    stop.attach(child);
    stop.requestStop(false, 'worker received SIGTERM');
    stop.requestStop(true, 'run is cancelled');
    expect(stop.request).toEqual({ byServer: false, reason: 'worker received SIGTERM' });
    expect(child.graces).toEqual([10]);
  });

  it("turns the caller's abort into a stop by the caller, with the abort reason", () => {
    const controller = new AbortController();
    const stop = createStopControl({ logger, cancelGraceMs: 10, signal: controller.signal });
    controller.abort(new Error('worker received SIGINT'));
    expect(stop.request).toEqual({ byServer: false, reason: 'worker received SIGINT' });
    const plain = new AbortController();
    const other = createStopControl({ logger, cancelGraceMs: 10, signal: plain.signal });
    plain.abort('SIGINT');
    expect(other.request).toEqual({ byServer: false, reason: 'SIGINT' });
  });

  it('cancels a child attached after the stop (a signal aborted before training began)', () => {
    const controller = new AbortController();
    controller.abort('shutting down');
    const stop = createStopControl({ logger, cancelGraceMs: 20, signal: controller.signal });
    expect(stop.request).toEqual({ byServer: false, reason: 'shutting down' });
    const child = recordingChild();
    stop.attach(child);
    expect(child.graces).toEqual([20]);
  });

  it('ignores the signal once disposed', () => {
    const controller = new AbortController();
    const stop = createStopControl({ logger, cancelGraceMs: 10, signal: controller.signal });
    stop.dispose();
    controller.abort('too late');
    expect(stop.request).toBeUndefined();
  });
});
