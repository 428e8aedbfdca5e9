// The harness's children run in their own process group and stop with all of it: a leader that
// exits on SIGTERM while a process it started ignores the signal (as `next start` and its
// next-server can) must not leave that process running.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { firstLine, startChild } from './processes';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startChild / stop', () => {
  it('kills the whole group, a grandchild that ignores SIGTERM included', async () => {
    // The leader starts a grandchild that ignores SIGTERM, prints its pid, then exits on TERM.
    const grandchild = `process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);`;
    const leader = `
      const { spawn } = require('node:child_process');
      process.on('SIGTERM', () => process.exit(0));
      const child = spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'ignore' });
      console.log(child.pid);
      setInterval(() => {}, 1000);`;
    const child = startChild(process.execPath, ['-e', leader], {
      cwd: process.cwd(),
      env: process.env,
      name: 'leader',
    });
    const grandchildPid = Number(await firstLine(child, 10_000));
    expect(alive(grandchildPid)).toBe(true);
    await child.stop();
    expect(child.process.exitCode).toBe(0);
    expect(alive(grandchildPid)).toBe(false);
    // Not a zombie either: ps no longer lists it.
    expect(() => execFileSync('ps', ['-p', String(grandchildPid)])).toThrow();
  }, 30_000);
});
