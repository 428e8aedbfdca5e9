// Plain-JS entry of every pool worker: a worker thread does not inherit the parent's TypeScript
// loader on Node 20, so it registers tsx itself before loading the TypeScript entry it was given.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
