// Plain-JS entry of the render workers: a worker thread does not inherit the parent's TypeScript
// loader on Node 20, so it registers tsx itself before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');
