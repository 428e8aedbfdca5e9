// The pages the bench times. Each entry says where to go and which element means "drawn"; a
// page that needs its own data (the run page: a run with 100 epochs) seeds it in `prepare`.
import { ApiClient } from '../e2e/harness/api-client';
import type { StackInfo } from '../e2e/harness/stack-env';
import { EPOCHS, seedRun } from '../e2e/run-page-seed';

/**
 * The run page is drawn when all four curve charts have a line, the per-class bars are there
 * and the heatmap has its cells (`:has` so one selector waits for all of them).
 */
const RUN_PAGE_DRAWN = ['loss', 'macro-f1', 'learning-rate', 'throughput']
  .map((panel) => `:has([data-panel="${panel}"] path.recharts-curve)`)
  .concat([':has([data-testid="f1-bars"] li)', ':has([data-testid="heatmap"] rect)'])
  .reduce((selector, part) => `${selector}${part}`, 'main');

export interface BenchPage {
  /** Key in the results JSON. */
  name: string;
  /** What "drawn" means for this page, in words (kept in the results). */
  drawn: string;
  /** A CSS selector whose first match appearing in the DOM is the moment the page is drawn. */
  drawnSelector: string;
  /** The path to load; may seed what it shows first. */
  prepare(stack: StackInfo): Promise<string>;
}

export const BENCH_PAGES: BenchPage[] = [
  {
    name: 'runs',
    drawn: 'first row of the runs table (newest first, 50 per page)',
    drawnSelector: '[data-testid=runs-table] tbody tr',
    prepare: async () => '/runs',
  },
  {
    name: 'runs-sorted-filtered',
    drawn: 'first row of the runs table sorted by rare-class F1, succeeded runs only',
    drawnSelector: '[data-testid=runs-table] tbody tr',
    prepare: async () => '/runs?sort=rareF1&status=SUCCEEDED',
  },
  {
    name: 'run',
    drawn: `run page: four curve charts (${EPOCHS} epochs, 2,000 steps of loss and learning rate, 500 buckets), 28 per-class bars and the 28x28 heatmap`,
    drawnSelector: RUN_PAGE_DRAWN,
    prepare: async (stack) => {
      const run = await seedRun(new ApiClient(stack.apiUrl, stack.adminKey), stack.projectId, {
        name: 'bench run page',
      });
      return `/runs/${run.id}`;
    },
  },
];

/** Pages whose shipped JavaScript is measured (gzip); timed pages not listed here are too. */
export const JS_PAGES: { name: string; path: string }[] = [
  { name: 'sign-in', path: '/sign-in' },
  { name: 'runs', path: '/runs' },
];
