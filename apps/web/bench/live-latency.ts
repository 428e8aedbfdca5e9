// Issue 20's page-side measure: the time from logMetrics returning to the point being drawn on
// an open run page. A running run (2 epochs logged) is open in a signed-in page with its loss
// chart's table of values expanded. Each sample logs the next 10 steps of train/loss (one
// trainer batch) and takes the moment the batch's last step is in the page: the chart's line
// and that table render from the same state in the same React commit, and a table row can be
// told apart where a point on an SVG path cannot. Both clocks are this machine's wall clock
// (Date.now in Node and in the page). A sample can be negative when the event overtakes the
// trainer's own HTTP response.
import type { Browser } from '@playwright/test';
import { median, spread } from '@hpa-lab/bench-kit';
import { graphql } from '@/graphql/generated';
import { ApiClient } from '../e2e/harness/api-client';
import type { StackInfo } from '../e2e/harness/stack-env';
import { STEPS_PER_EPOCH, seedRun, stepLoss } from '../e2e/run-page-seed';
import { signedInContext } from './drawn-context';

const LiveBenchLogMetrics = graphql(`
  mutation LiveBenchLogMetrics($runId: ID!, $points: [MetricPointInput!]!) {
    logMetrics(runId: $runId, points: $points) {
      written
    }
  }
`);

const EPOCHS = 2;
const BATCH = 10;
const SAMPLES = 20;
/** Between samples, as a trainer logging 20 points a second would. */
const PAUSE_MS = 500;

export interface LiveLatency {
  drawn: string;
  samples: number;
  medianMs: number;
  rangeMs: [number, number];
  p95Ms: number;
  samplesMs: number[];
}

export async function liveLatency(browser: Browser, stack: StackInfo): Promise<LiveLatency> {
  const api = new ApiClient(stack.apiUrl, stack.adminKey);
  const run = await seedRun(api, stack.projectId, {
    name: 'bench live run',
    running: true,
    epochs: EPOCHS,
  });
  const context = await signedInContext(browser, stack.webUrl, stack.adminKey, {
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`${stack.webUrl}/runs/${run.id}`);
  await page.locator('[data-panel="loss"] summary').click();
  let next = EPOCHS * STEPS_PER_EPOCH;
  await page.waitForSelector(`[data-curve-table="loss"] tbody tr:nth-child(${next})`);
  // Records when each step's row first appears (Date.now), from before its batch is logged.
  // A string, not a function: tsx's helpers (__name) do not exist in the page.
  await page.evaluate(`(() => {
    const seen = {};
    window.__rowSeen = seen;
    new MutationObserver(() => {
      const cells = document.querySelectorAll('[data-curve-table="loss"] tbody tr td:first-child');
      const last = cells[cells.length - 1]?.textContent?.replace(/,/g, '');
      if (last && seen[last] === undefined) seen[last] = Date.now();
    }).observe(document, { childList: true, subtree: true });
  })()`);
  const latencies: number[] = [];
  try {
    for (let sample = 0; sample < SAMPLES; sample += 1) {
      const points = Array.from({ length: BATCH }, (_, i) => ({
        key: 'train/loss',
        step: next + i,
        value: stepLoss(next + i),
      }));
      const lastStep = String(next + BATCH - 1);
      await api.request(LiveBenchLogMetrics, { runId: run.id, points });
      const returnedAt = Date.now();
      const handle = await page.waitForFunction(
        (step) => (window as unknown as { __rowSeen: Record<string, number> }).__rowSeen[step],
        lastStep,
        { timeout: 30_000 },
      );
      latencies.push(Number(await handle.jsonValue()) - returnedAt);
      next += BATCH;
      await page.waitForTimeout(PAUSE_MS);
    }
  } finally {
    await context.close();
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const { min, max } = spread(latencies);
  return {
    drawn: `logMetrics (${BATCH} steps of train/loss) returning -> the batch's last step in the open run page's loss table (same render as the chart)`,
    samples: SAMPLES,
    medianMs: median(latencies),
    rangeMs: [min, max],
    p95Ms: sorted[Math.ceil(sorted.length * 0.95) - 1]!,
    samplesMs: latencies,
  };
}
