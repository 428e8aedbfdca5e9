// `npm start` of the trainer without REDIS_URL: one line saying the API trains in-process,
// then it stays up (the root `npm start` stops every app when one exits) until told to stop.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const trainerRoot = path.resolve(import.meta.dirname, '..');

describe('start script in embedded mode', () => {
  it('says why it idles, stays up, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/start.ts'], {
      cwd: trainerRoot,
      env: { PATH: process.env.PATH, HPA_LAB_HOME: '/tmp/hpa-start-test' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      // Startup time depends on the machine's load: wait for the line, not a fixed delay.
      for (let waited = 0; !stdout.includes('\n') && waited < 30_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(child.exitCode).toBeNull();
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!).msg).toMatch(
        /^embedded mode \(no REDIS_URL\): the API runs the trainer in-process/,
      );
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
