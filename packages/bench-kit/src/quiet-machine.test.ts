import { describe, expect, it } from 'vitest';
import { foreignCpuShare, loadGate, parseOwnTicks, parseProcStat } from './quiet-machine.ts';

describe('load gate', () => {
  it('goes at once on a quiet machine', () => {
    expect(loadGate(0.4, 1, 0, 300)).toEqual({ go: true, reliable: true });
    expect(loadGate(0.99, 1, 250, 300)).toEqual({ go: true, reliable: true });
  });

  it('waits while the load is at or above the limit and time is left', () => {
    expect(loadGate(1, 1, 0, 300)).toEqual({ go: false, reliable: false });
    expect(loadGate(6.5, 1, 299, 300)).toEqual({ go: false, reliable: false });
  });

  it('runs anyway, unreliable, once the wait is used up', () => {
    expect(loadGate(6.5, 1, 300, 300)).toEqual({ go: true, reliable: false });
    expect(loadGate(2, 1, 0, 0)).toEqual({ go: true, reliable: false });
  });
});

describe('foreign CPU share of a round', () => {
  it('reads the aggregate line of /proc/stat', () => {
    const stat = 'cpu  100 5 50 800 20 3 2 10 0 0\ncpu0 50 2 25 400 10 1 1 5 0 0\nintr 1 2\n';
    expect(parseProcStat(stat)).toEqual({ busy: 170, total: 990 });
    expect(() => parseProcStat('intr 1\n')).toThrow(/no aggregate cpu line/);
  });

  it("reads this process's and its children's ticks, past a command name with spaces", () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    // utime stime cutime cstime ...
    const self = '4242 (node (bench) x) R 1 2 3 4 5 6 7 8 9 10 111 22 3000 400 20 0 1';
    expect(parseOwnTicks(self)).toBe(111 + 22 + 3000 + 400);
  });

  it('is what other processes used of all CPUs, within 0..1', () => {
    const before = { busy: 1000, total: 10_000 };
    // 2 cores x 10 s = 2000 ticks; busy +1500 of which ours +1000: others used 500 of 2000.
    expect(foreignCpuShare(before, { busy: 2500, total: 12_000 }, 0, 1000)).toBe(0.25);
    expect(foreignCpuShare(before, { busy: 2000, total: 12_000 }, 0, 1000)).toBe(0);
    expect(foreignCpuShare(before, { busy: 2000, total: 12_000 }, 0, 1200)).toBe(0);
    expect(foreignCpuShare(before, before, 0, 0)).toBe(0);
  });
});
