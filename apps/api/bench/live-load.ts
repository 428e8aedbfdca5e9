// The load side of bench/live.ts, in a process of its own so the API's CPU is measured alone:
// a trainer logging `rate` points a second (batches of 10) to one run for `seconds`, and
// `subscribers` graphql-sse clients on that run. For each batch, the time from logMetrics
// returning to each subscriber receiving the batch's last point. Prints one JSON line.
// Run by bench/live.ts: tsx bench/live-load.ts <url> <key> <runId> <subscribers> <seconds> <rate> <firstStep>
import { createClient } from 'graphql-sse';

const [url, key, runId, subscribersArg, secondsArg, rateArg, firstStepArg] = process.argv.slice(2);
if (!url || !key || !runId)
  throw new Error('usage: live-load.ts url key runId n seconds rate step');
const subscribers = Number(subscribersArg);
const seconds = Number(secondsArg);
const rate = Number(rateArg);
let step = Number(firstStepArg);
const BATCH = 10;

const SUBSCRIPTION = `subscription ($runId: ID!) { runEvents(runId: $runId) { points { step } } }`;
const LOG = `mutation ($runId: ID!, $points: [MetricPointInput!]!) { logMetrics(runId: $runId, points: $points) { written } }`;

/** When logMetrics returned, by the batch's last step. */
const returnedAt = new Map<number, number>();
/** When each subscriber received a batch's last step, by that step. */
const receivedAt = new Map<number, number[]>();
const clients: (() => void)[] = [];

let ready = 0;
await new Promise<void>((resolve, reject) => {
  if (subscribers === 0) resolve();
  for (let i = 0; i < subscribers; i += 1) {
    const client = createClient({
      url: `${url}/graphql/stream`,
      headers: { authorization: `Bearer ${key}` },
      retryAttempts: 0,
    });
    let first = true;
    const stop = client.subscribe<{ runEvents: { points: { step: number }[] } }>(
      { query: SUBSCRIPTION, variables: { runId } },
      {
        next: (result) => {
          const now = performance.now();
          if (first) {
            first = false;
            ready += 1;
            if (ready === subscribers) resolve();
          }
          for (const point of result.data?.runEvents.points ?? []) {
            if ((point.step + 1) % BATCH === 0) {
              const list = receivedAt.get(point.step) ?? [];
              list.push(now);
              receivedAt.set(point.step, list);
            }
          }
        },
        error: reject,
        complete: () => {},
      },
    );
    clients.push(() => {
      stop();
      client.dispose();
    });
  }
});

// The measured window starts now: the parent reads its CPU and query counters around it.
process.stdout.write('{"event":"start"}\n');
const intervalMs = (1000 * BATCH) / rate;
const endsAt = performance.now() + seconds * 1000;
let next = performance.now();
while (performance.now() < endsAt) {
  const points = Array.from({ length: BATCH }, () => ({
    key: 'train/loss',
    step: step++,
    value: Math.random(),
  }));
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: LOG, variables: { runId, points } }),
  });
  await response.arrayBuffer();
  returnedAt.set(step - 1, performance.now());
  next += intervalMs;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
}
process.stdout.write('{"event":"end"}\n');
// Let the last batches arrive before counting what did not.
await new Promise((resolve) => setTimeout(resolve, 2000));

const latencies: number[] = [];
let missing = 0;
for (const [last, returned] of returnedAt) {
  const received = receivedAt.get(last) ?? [];
  missing += subscribers - received.length;
  for (const at of received) latencies.push(at - returned);
}
for (const stop of clients) stop();
process.stdout.write(
  `${JSON.stringify({ event: 'result', batches: returnedAt.size, latencies, missing, lastStep: step })}\n`,
);
process.exit(0);
