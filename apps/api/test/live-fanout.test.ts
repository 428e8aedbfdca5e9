// Live updates inside one API: what they cost the database (counted with Prisma's query log
// and a NotificationSource that counts LISTENs), the refusals of bad subscriptions, and a
// client that reads too slowly.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { postgresNotifications, type NotificationSource } from '@hpa-lab/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeLive, type LiveError, type LiveSubscription } from './live-client.ts';
import {
  LIVE_CREATE_RUN,
  LIVE_LOG_METRICS,
  LIVE_START_RUN,
  RUN_EVENTS,
  points,
} from './live-documents.ts';
import { startTestApi, trainConfig, type TestApi } from './test-api.ts';

/** Wraps a source to count the LISTEN connections opened and closed. */
function countingNotifications(source: NotificationSource) {
  const counts = { opened: 0, closed: 0 };
  const counted: NotificationSource = {
    async listen(channel, onPayload, onLost) {
      counts.opened += 1;
      const listening = await source.listen(channel, onPayload, onLost);
      return {
        async close() {
          counts.closed += 1;
          await listening.close();
        },
      };
    },
  };
  return { counted, counts };
}

/** Resolves when `condition` holds, checked after each turn of the event loop's timers. */
async function eventually(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries += 1) {
    if (tries > 3000) throw new Error('condition never held');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

type RunDeliveries = LiveSubscription<{ runEvents: { points: { step: number }[] } }>['results'];

/** Every step delivered so far, in order. */
function stepsOf(results: RunDeliveries): number[] {
  return results.flatMap((r) => r.data?.runEvents.points ?? []).map((p) => p.step);
}

describe('live updates: cost, bad input, slow clients', () => {
  let api: TestApi;
  const queries: string[] = [];
  let listens: { opened: number; closed: number };

  beforeAll(async () => {
    api = await startTestApi({
      onQuery: (query) => queries.push(query),
      notifications: (url) => {
        const { counted, counts } = countingNotifications(postgresNotifications(url));
        listens = counts;
        return counted;
      },
      maxLiveBacklog: 2_000,
    });
  });
  afterAll(() => api?.close());

  async function startedRun(name: string): Promise<string> {
    const created = await api.gql(LIVE_CREATE_RUN, {
      input: { projectId: api.projectId, name, config: trainConfig() },
    });
    const runId = created.data!.createRun.id;
    await api.gql(LIVE_START_RUN, { id: runId });
    return runId;
  }

  /** Statements sent while `work` runs, without the throttled lastUsedAt write of keys. */
  async function statementsDuring(work: () => Promise<void>): Promise<string[]> {
    const from = queries.length;
    await work();
    return queries.slice(from).filter((query) => !/UPDATE "public"."ApiKey"/.test(query));
  }

  it('costs no query and no LISTEN without subscribers; one read per batch with any number', async () => {
    const watched = await startedRun('live cost watched');
    const other = await startedRun('live cost other');
    const logBatches = async (runId: string, from: number) => {
      for (let batch = 0; batch < 4; batch += 1) {
        await api.gql(LIVE_LOG_METRICS, { runId, points: points('loss', from + batch * 5, 5) });
      }
    };

    // Idle: nothing at all.
    const idle = await statementsDuring(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(idle).toEqual([]);
    expect(listens.opened).toBe(0);

    // A trainer logging with nobody subscribed: what logMetrics itself costs, no LISTEN.
    const plain = await statementsDuring(() => logBatches(watched, 0));
    expect(listens.opened).toBe(0);
    expect(plain.length % 4).toBe(0);
    const perBatch = plain.length / 4;
    expect(perBatch).toBeGreaterThan(0);

    // A subscriber on another run: the instance listens, but reads nothing for this run.
    const elsewhere = subscribeLive(api.url, api.adminKey, RUN_EVENTS, { runId: other });
    await elsewhere.until((results) => results.length >= 1);
    expect(listens.opened).toBe(1);
    const unwatched = await statementsDuring(async () => {
      await logBatches(watched, 20);
      // A batch of the other run, received, proves the notifications before it arrived.
      await api.gql(LIVE_LOG_METRICS, { runId: other, points: points('loss', 0, 1) });
      await elsewhere.until((results) => stepsOf(results).length === 1);
    });
    expect(unwatched.length).toBe(5 * perBatch + 1);

    // One subscriber, then five, on the watched run: one read per batch either way.
    const subscribers = [subscribeLive(api.url, api.adminKey, RUN_EVENTS, { runId: watched })];
    await subscribers[0]!.until((results) => results.length >= 1);
    const withOne = await statementsDuring(async () => {
      await logBatches(watched, 40);
      await subscribers[0]!.until((results) => stepsOf(results).at(-1) === 59);
    });
    expect(withOne.length).toBe(4 * (perBatch + 1));

    for (let i = 0; i < 4; i += 1) {
      subscribers.push(subscribeLive(api.url, api.adminKey, RUN_EVENTS, { runId: watched }));
    }
    await Promise.all(subscribers.map((s) => s.until((results) => results.length >= 1)));
    const withFive = await statementsDuring(async () => {
      await logBatches(watched, 60);
      await Promise.all(
        subscribers.map((s) => s.until((results) => stepsOf(results).at(-1) === 79)),
      );
    });
    expect(withFive.length).toBe(4 * (perBatch + 1));
    expect(listens.opened).toBe(1);

    // Everyone gone: the LISTEN connection is closed and logging costs what it did.
    for (const subscriber of [...subscribers, elsewhere]) subscriber.dispose();
    await eventually(() => listens.closed === 1);
    const after = await statementsDuring(() => logBatches(watched, 80));
    expect(after.length).toBe(4 * perBatch);
  });

  it('refuses bad subscriptions clearly and leaves other subscribers alone', async () => {
    const runId = await startedRun('live bad input');
    const bystander = subscribeLive(api.url, api.adminKey, RUN_EVENTS, { runId });
    await bystander.until((results) => results.length >= 1);

    const refusal = async (
      query: string,
      variables: Record<string, unknown>,
      key: string | null = api.adminKey,
    ) => {
      const live = subscribeLive(api.url, key, query, variables);
      const ended = await live.ended;
      return { ended, error: live.results[0]?.errors?.[0] as LiveError | undefined };
    };
    const missing = await refusal(RUN_EVENTS.toString(), {
      runId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.error).toMatchObject({
      message: 'Run 00000000-0000-4000-8000-000000000000 does not exist',
      extensions: { code: 'NOT_FOUND' },
    });
    const malformedId = await refusal(RUN_EVENTS.toString(), { runId: 'nope' });
    expect(malformedId.error?.extensions?.code).toBe('BAD_USER_INPUT');
    const syntax = await refusal('subscription { runEvents(runId: ', {});
    expect(syntax.error?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknownField = await refusal('subscription { runEvents(runId: "x") { nope } }', {});
    expect(unknownField.error?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const query = await refusal('query { me { id } }', {});
    expect(query.error).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(query.error?.message).toMatch(/Only subscriptions/);
    const missingProject = await refusal(
      'subscription { projectRunChanges(projectId: "00000000-0000-4000-8000-000000000000") { created } }',
      {},
    );
    expect(missingProject.error?.extensions?.code).toBe('NOT_FOUND');

    // Without a key: refused before any stream starts (HTTP 401, as /graphql answers).
    const anonymous = await fetch(`${api.url}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: RUN_EVENTS.toString(), variables: { runId } }),
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
    });

    await api.gql(LIVE_LOG_METRICS, { runId, points: points('loss', 0, 3) });
    await bystander.until((results) => stepsOf(results).length === 3);
    bystander.dispose();
  });

  it('drops a client that reads too slowly, saying why, while a fast one gets everything', async () => {
    const runId = await startedRun('live slow');
    const fast = subscribeLive(api.url, api.adminKey, RUN_EVENTS, { runId });
    await fast.until((results) => results.length >= 1);
    // A client that stops reading after the response starts: its socket fills, then the
    // server's queue for it.
    const slow = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = httpRequest(`${api.url}/graphql/stream`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          authorization: `Bearer ${api.adminKey}`,
        },
      });
      request.on('response', (response) => {
        response.pause();
        resolve(response);
      });
      request.on('error', reject);
      request.end(JSON.stringify({ query: RUN_EVENTS.toString(), variables: { runId } }));
    });
    // Long keys make each delivery large, so the sockets' buffers fill after a few batches.
    const key = `train/${'x'.repeat(180)}`;
    const batches = 60;
    for (let batch = 0; batch < batches; batch += 1) {
      await api.gql(LIVE_LOG_METRICS, { runId, points: points(key, batch * 1000, 1000) });
    }
    await fast.until((results) => stepsOf(results).length === batches * 1000);

    let text = '';
    slow.setEncoding('utf8');
    slow.on('data', (chunk: string) => (text += chunk));
    slow.resume();
    await new Promise((resolve) => slow.once('end', resolve));
    expect(text).toContain('"code":"SLOW_CONSUMER"');
    expect(text).toMatch(/read too slowly/);
    expect(text).toContain('event: complete');
    fast.dispose();
  });
});
