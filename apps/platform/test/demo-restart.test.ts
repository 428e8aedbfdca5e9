// The demo through the root `npm start` (scripts/start.mjs), as a user meets it, without the
// dashboard (its first start is a `next build`): the demo waits for HPA_DEMO_WAIT_FOR to answer
// before it launches anything (npm start points it at the dashboard, whose build needs the
// cores); a Ctrl-C (a real SIGINT) while the first demo run trains stops everything, and the next
// start resumes the demo: each of the three demo runs is there once to train (the interrupted
// one launched again, the queued ones kept), nothing doubled.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort, graphqlAt } from '@hpa-lab/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TAG, defaultDemoRuns } from '../src/demo.ts';
import { graphql } from './generated/index.ts';
import { allGone, descendants, start, waitFor, type Started } from './start-process.ts';

let home: string;
beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hpa-platform-demo-restart-'));
});
afterAll(() => rm(home, { recursive: true, force: true }));

const demoRunsQuery = graphql(`
  query demoRestartRuns($tag: String!) {
    runs(filter: { tag: $tag }, first: 50, sort: CREATED_ASC) {
      nodes {
        id
        name
        status
      }
    }
  }
`);

async function demoRuns(apiUrl: string, key: string) {
  const result = await graphqlAt(apiUrl, key, demoRunsQuery, { tag: DEMO_TAG });
  expect(result.errors).toBeUndefined();
  return result.data!.runs.nodes;
}

/** Ctrl-C: SIGINT to the launcher alone, then every process it started is gone. */
async function interrupt(started: Started): Promise<number | null> {
  const apps = descendants(started.pid);
  started.signal('SIGINT');
  const code = await started.exited;
  await allGone(apps);
  return code;
}

describe('npm start with the demo', () => {
  it('waits for the dashboard, and resumes after a Ctrl-C mid-demo without doubling a run', async () => {
    const dataHome = path.join(home, 'lab');
    const apiPort = await freePort();
    const dashboardPort = await freePort();
    const settings = { HPA_LAB_HOME: dataHome, PORT: String(apiPort) };
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const names = defaultDemoRuns().map((spec) => spec.name);

    const first = start(['--only', 'platform,trainer'], {
      ...settings,
      HPA_DEMO_WAIT_FOR: `http://127.0.0.1:${dashboardPort}/`,
    });
    let dashboard: Server | undefined;
    let key: string;
    try {
      await waitFor(first, 'Team mode:');
      key = /API key: +(\S+)/.exec(first.output())![1]!;
      // Nothing answers at the dashboard's address yet: the demo has launched nothing.
      expect(await demoRuns(apiUrl, key)).toEqual([]);
      expect(first.output()).not.toContain('demo: launched');

      dashboard = createServer((_request, response) => response.end('dashboard'));
      await new Promise<void>((resolve) => dashboard!.listen(dashboardPort, '127.0.0.1', resolve));
      await waitFor(first, 'demo: launched');
      await waitFor(first, 'generating synthetic data'); // the first demo run trains
    } finally {
      dashboard?.close();
    }
    expect(await interrupt(first)).toBe(0);
    expect(first.errors()).not.toMatch(/^\s+at /m);

    const second = start(['--only', 'platform,trainer'], settings);
    try {
      await waitFor(second, 'Team mode:');
      await waitFor(second, 'demo: launched'); // the interrupted run, under its next key
      const runs = await demoRuns(apiUrl, key);
      for (const name of names) {
        const live = runs.filter((run) => run.name === name && run.status !== 'FAILED');
        expect(live, name).toHaveLength(1);
      }
      const failed = runs.filter((run) => run.status === 'FAILED');
      expect(failed.map((run) => run.name)).toEqual([names[0]]);
      expect(runs).toHaveLength(names.length + 1);
    } finally {
      expect(await interrupt(second)).toBe(0);
    }
    expect(second.errors()).not.toMatch(/^\s+at /m);
  });
});
