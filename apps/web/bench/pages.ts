// The pages the bench times. Each entry says where to go and which element means "drawn"; a
// page that needs its own data (the run page: a run with 100 epochs) seeds it in `prepare`.
import type { StackInfo } from '../e2e/harness/stack-env';

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
];

/** Pages whose shipped JavaScript is measured (gzip), besides the timed ones. */
export const JS_PAGES: { name: string; path: string }[] = [
  { name: 'sign-in', path: '/sign-in' },
  { name: 'runs', path: '/runs' },
];
