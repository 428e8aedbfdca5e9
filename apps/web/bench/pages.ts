// The pages the bench times. Each entry says where to go and which element means "drawn"; a
// page that needs its own data (the run page: a run with 100 epochs) seeds it in `prepare`.
import { ApiClient } from '../e2e/harness/api-client';
import type { StackInfo } from '../e2e/harness/stack-env';
import { METRIC_KEYS } from '@hpa-lab/ml/config';
import { EPOCHS, STEPS_PER_EPOCH, seedRun } from '../e2e/run-page-seed';
import { compareHref } from '@/lib/compare-href';

/**
 * The run page is drawn when all four curve charts have a line, the per-class bars are there
 * and the heatmap has its cells (`:has` so one selector waits for all of them).
 */
const RUN_PAGE_DRAWN = ['loss', 'macro-f1', 'learning-rate', 'throughput']
  .map((panel) => `:has([data-panel="${panel}"] path.recharts-curve)`)
  .concat([':has([data-testid="f1-bars"] li)', ':has([data-testid="heatmap"] rect)'])
  .reduce((selector, part) => `${selector}${part}`, 'main');

/** Runs on the compare page's bench: the most it compares. */
const COMPARED_RUNS = 20;
/** Every curve the seed logs: two per step, four per epoch (6 charts). */
const COMPARED_KEYS = Object.values(METRIC_KEYS);

/**
 * The compare page is drawn when each of its six charts has its lines and the per-class
 * heatmap has its cells. The lines are the page's own paths on recharts' axes
 * (features/compare/lib/curve-paths), drawn once recharts has laid out the chart.
 */
const COMPARE_PAGE_DRAWN = COMPARED_KEYS.map(
  (key) => `:has([data-curve-key="${key}"] path.compare-curve-line)`,
)
  .concat([':has([data-testid="class-heatmap"] rect)'])
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
  {
    name: 'compare',
    drawn: `compare page: ${COMPARED_RUNS} runs x ${COMPARED_KEYS.length} curves (${EPOCHS * STEPS_PER_EPOCH} steps of loss and learning rate, ${EPOCHS} epochs of the rest), every chart's lines and the runs x classes heatmap`,
    drawnSelector: COMPARE_PAGE_DRAWN,
    prepare: async (stack) => {
      const api = new ApiClient(stack.apiUrl, stack.adminKey);
      const ids: string[] = [];
      for (let i = 0; i < COMPARED_RUNS; i += 1) {
        const run = await seedRun(api, stack.projectId, { name: `bench compare ${i + 1}` });
        ids.push(run.id);
      }
      const keys = COMPARED_KEYS.map(encodeURIComponent).join(',');
      return `${compareHref(ids)}&keys=${keys}`;
    },
  },
  {
    name: 'models',
    drawn:
      'models page: the list of 50 registered models (seeded with 20 versions each) and the first model’s aliases, 20 versions and promotion history',
    drawnSelector: 'main:has([data-testid=model-row]):has([data-testid=versions-table] tbody tr)',
    prepare: async () => '/models',
  },
  {
    name: 'launch',
    drawn:
      'launch form generated from the config schema, every fieldset drawn and hydrated (React ' +
      'handles its inputs: the form marks itself data-ready once its effects ran), beside the queue panel',
    drawnSelector:
      'main:has([data-testid=queue-panel]):has([data-testid=launch-form][data-ready=true] #root_dataset_cachePath)',
    prepare: async () => '/launch',
  },
];

/** Pages whose shipped JavaScript is measured (gzip); timed pages not listed here are too. */
export const JS_PAGES: { name: string; path: string }[] = [
  { name: 'sign-in', path: '/sign-in' },
  { name: 'runs', path: '/runs' },
];
