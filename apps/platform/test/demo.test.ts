// The demo seeding (src/demo.ts) against a real API on PostgreSQL whose in-process queue has no
// trainer, so launched runs stay queued: what a restart finds. Seeding again launches nothing;
// a demo run that failed (an interrupted start) is launched once more, and only once.
import { startTestApi, type TestApi } from '@hpa-lab/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TAG, defaultDemoRuns, listDemoRuns, seedDemo } from '../src/demo.ts';
import { graphql } from './generated/index.ts';

const quiet = { info: () => undefined, warn: () => undefined };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

describe('demo seeding', () => {
  it('launches the three demo runs once, tagged demo, and a restart launches nothing', async () => {
    const connection = { apiUrl: api.url, key: api.adminKey };
    const specs = defaultDemoRuns();
    const first = await seedDemo(connection, specs, quiet);
    expect(first.map((run) => [run.name, run.launched, run.status])).toEqual(
      specs.map((spec) => [spec.name, true, 'QUEUED']),
    );

    const again = await seedDemo(connection, specs, quiet);
    expect(again.map((run) => run.id)).toEqual(first.map((run) => run.id));
    expect(again.every((run) => !run.launched)).toBe(true);
    const listed = await listDemoRuns(connection, api.projectId);
    expect(listed).toHaveLength(3);

    const tags = await api.gql(
      graphql(`
        query demoTestTags($id: ID!) {
          run(id: $id) {
            tags
            approach
          }
        }
      `),
      { id: first[2]!.id },
    );
    expect(tags.data!.run!.tags).toEqual([DEMO_TAG]);
    expect(tags.data!.run!.approach).toBe(specs[2]!.approach);
  });

  it('launches a failed demo run again under its next key, once', async () => {
    const connection = { apiUrl: api.url, key: api.adminKey };
    const specs = defaultDemoRuns();
    const [interrupted] = await listDemoRuns(connection, api.projectId);
    await api.gql(
      graphql(`
        mutation demoTestStart($id: ID!) {
          startRun(id: $id) {
            id
          }
        }
      `),
      { id: interrupted!.id },
    );
    const failed = await api.gql(
      graphql(`
        mutation demoTestFail($id: ID!) {
          finishRun(id: $id, status: FAILED, errorMessage: "interrupted") {
            status
          }
        }
      `),
      { id: interrupted!.id },
    );
    expect(failed.data!.finishRun.status).toBe('FAILED');

    const resumed = await seedDemo(connection, specs, quiet);
    expect(resumed.map((run) => run.launched)).toEqual([true, false, false]);
    expect(resumed[0]!.id).not.toBe(interrupted!.id);
    const afterResume = await seedDemo(connection, specs, quiet);
    expect(afterResume.map((run) => run.id)).toEqual(resumed.map((run) => run.id));
    expect(await listDemoRuns(connection, api.projectId)).toHaveLength(4);
  });
});
