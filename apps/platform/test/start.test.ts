// The root `npm start` (scripts/start.mjs) as a child process, as a user runs it: with --no-demo
// and only the API and the trainer (the dashboard's first start is a `next build`), it prints the
// ready block once the API is up and stops on Ctrl-C; each mistake a user makes (a port in use,
// an unreachable DATABASE_URL, an unwritable HPA_LAB_HOME) is one line naming the problem and the
// fix, with no stack trace, and a non-zero exit before any app starts. Stopping leaves nothing
// running: a SIGINT sent to the `npm start` process alone (not its group, as `kill -INT` does)
// stops the apps, which run in process groups of their own, and so does npm killed outright.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@hpa-lab/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allGone, descendants, listening, start, waitFor, type Started } from './start-process.ts';

let home: string;
beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hpa-platform-start-'));
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe('npm start --no-demo', () => {
  it('prints the ready block once the API is up, and stops on Ctrl-C', async () => {
    const dataHome = path.join(home, 'lab');
    const [apiPort, webPort] = [await freePort(), await freePort()];
    const started = start(['--no-demo', '--only', 'platform,trainer'], {
      HPA_LAB_HOME: dataHome,
      PORT: String(apiPort),
      HPA_WEB_PORT: String(webPort),
    });
    const apps = await waitFor(started, 'Team mode:')
      .then(() => descendants(started.pid))
      .finally(() => started.signal('SIGINT'));
    expect(await started.exited).toBe(0);
    expect(apps.length).toBeGreaterThanOrEqual(4); // npm, sh, tsx, node for each of two apps
    await allGone(apps);
    expect(await listening(apiPort)).toBe(false);
    const out = started.output();
    const block = out.slice(out.indexOf('hpa-lab is ready.'));
    expect(block).toMatch(
      new RegExp(`Sign in: +http://127\\.0\\.0\\.1:${webPort}/sign-in\\?token=[\\w-]+`),
    );
    expect(block).toMatch(/API key: +\S+/); // the first start made the admin
    expect(block).toContain(`API:          http://127.0.0.1:${apiPort}/graphql`);
    expect(block).toContain(`Data:         ${dataHome}`);
    expect(block).toContain('Ctrl-C');
    expect(block).toMatch(/Team mode: +set DATABASE_URL \(PostgreSQL\) and REDIS_URL/);
    expect(block).toContain('npm run worker -w @hpa-lab/trainer');
    expect(block).not.toContain('Demo:');
    expect(out.match(/hpa-lab is ready\./g)).toHaveLength(1);
    // The key and the link are in the block only, not also among the API's log fields.
    expect(out.split('\n').filter((line) => line.includes('sign-in?token='))).toHaveLength(1);
  });
});

describe('stopping `npm start` stops every app', () => {
  async function upViaNpm(): Promise<{ started: Started; apps: number[]; apiPort: number }> {
    const apiPort = await freePort();
    const started = start(
      ['--no-demo', '--only', 'platform,trainer'],
      {
        HPA_LAB_HOME: path.join(home, 'via-npm'),
        PORT: String(apiPort),
        HPA_WEB_PORT: String(await freePort()),
      },
      'npm',
    );
    try {
      await waitFor(started, 'Team mode:');
    } catch (error) {
      started.signal('SIGKILL');
      throw error;
    }
    return { started, apps: descendants(started.pid), apiPort };
  }

  it('on a SIGINT sent to the npm process alone', async () => {
    const { started, apps, apiPort } = await upViaNpm();
    started.signal('SIGINT');
    await started.exited;
    expect(apps.length).toBeGreaterThanOrEqual(5); // the launcher, then npm, sh, tsx, node per app
    await allGone(apps);
    expect(await listening(apiPort)).toBe(false);
    expect(started.errors()).not.toMatch(/^\s+at /m);
  });

  it('when npm is killed outright (SIGKILL: no signal reaches the launcher)', async () => {
    const { started, apps, apiPort } = await upViaNpm();
    started.signal('SIGKILL');
    await started.exited;
    await allGone(apps);
    expect(await listening(apiPort)).toBe(false);
  });
});

describe('bad input: one line, the fix, no stack trace, a non-zero exit', () => {
  async function refused(args: string[], settings: Record<string, string>): Promise<string> {
    const started = start(args, { HPA_LAB_HOME: path.join(home, 'bad'), ...settings });
    const code = await started.exited;
    expect(code).not.toBe(0);
    const lines = started.errors().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(started.errors()).not.toMatch(/^\s+at /m);
    expect(started.output()).not.toContain('starting @hpa-lab/'); // nothing was started
    return lines[0]!;
  }

  async function occupied(): Promise<{ port: number; server: Server }> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    return { port: address.port, server };
  }

  it("names the API's port in use and how to pick another", async () => {
    const { port, server } = await occupied();
    try {
      const line = await refused(['--only', 'platform'], { PORT: String(port) });
      expect(line).toBe(
        `hpa-lab: port ${port} on 127.0.0.1 (the API) is already in use, maybe by another ` +
          `hpa-lab; stop that, or start on another: PORT=${port + 1} npm start`,
      );
    } finally {
      server.close();
    }
  });

  it("names the dashboard's port in use and how to pick another", async () => {
    const { port, server } = await occupied();
    try {
      const line = await refused(['--only', 'web'], { HPA_WEB_PORT: String(port) });
      expect(line).toContain(`port ${port} on 127.0.0.1 (the dashboard) is already in use`);
      expect(line).toContain(`HPA_WEB_PORT=${port + 1} npm start`);
    } finally {
      server.close();
    }
  });

  it('names an unreachable DATABASE_URL without its password', async () => {
    const port = await freePort();
    const line = await refused(['--only', 'platform'], {
      PORT: String(await freePort()),
      DATABASE_URL: `postgresql://lab:s3cret@127.0.0.1:${port}/lab`,
    });
    expect(line).toMatch(
      new RegExp(
        `^hpa-lab: DATABASE_URL postgresql://127\\.0\\.0\\.1:${port}/lab cannot be reached \\(ECONNREFUSED\\); start PostgreSQL there`,
      ),
    );
    expect(line).toContain('unset it to use the embedded database');
    expect(line).not.toContain('s3cret');
  });

  it('names a DATABASE_URL whose server refuses it (a database that does not exist)', async () => {
    const line = await refused(['--only', 'platform'], {
      PORT: String(await freePort()),
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/hpa_lab_no_such_database',
    });
    expect(line).toMatch(
      /^hpa-lab: DATABASE_URL postgresql:\/\/127\.0\.0\.1:5432\/hpa_lab_no_such_database refuses the connection \(no such database\); start PostgreSQL there/,
    );
  });

  it('names an unwritable HPA_LAB_HOME', async () => {
    const file = path.join(home, 'a-file');
    await writeFile(file, '');
    const line = await refused(['--only', 'platform'], {
      PORT: String(await freePort()),
      HPA_LAB_HOME: path.join(file, 'lab'),
    });
    expect(line).toBe(
      `hpa-lab: HPA_LAB_HOME ${path.join(file, 'lab')} cannot be written (ENOTDIR); point ` +
        'HPA_LAB_HOME at a folder you can write, e.g. HPA_LAB_HOME=$HOME/.hpa-lab npm start',
    );
  });
});
