// tfjs-backend-wasm turns multithreading off under Node because its pthread workers are
// loaded from Blob URLs, which Node's worker_threads cannot run. We write the worker script to
// a temp file that loads the threaded module from its file path instead, and hand that file
// to Emscripten when it asks for a worker URL.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

const BLOB_IMPORT =
  'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}else{var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);URL.revokeObjectURL(objectUrl)}';

let workerPath: string | undefined;

function writeWorkerScript(): string {
  if (workerPath !== undefined) return workerPath;
  const modulePath =
    require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const { wasmWorkerContents } =
    require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as {
      wasmWorkerContents: string;
    };
  if (!wasmWorkerContents.includes(BLOB_IMPORT)) {
    throw new Error('unexpected tfjs-backend-wasm worker script: cannot enable threads');
  }
  // The contents hold a literal newline inside a string ("\n" in the source): re-escape it.
  const script = wasmWorkerContents
    .replace(BLOB_IMPORT, `importScripts(${JSON.stringify(modulePath)});`)
    .replace(/\n/g, '\\n');
  const dir = mkdtempSync(join(tmpdir(), 'hpa-tfjs-wasm-'));
  const path = join(dir, 'tfjs-backend-wasm-threaded-simd.worker.cjs');
  writeFileSync(path, script);
  workerPath = path;
  return path;
}

/**
 * Runs `init` (which initializes the wasm backend) with threads enabled under Node.
 * While it runs, the worker Blob URL the backend creates is swapped for the temp file.
 */
export async function withNodeWasmThreads<T>(threads: number, init: () => Promise<T>): Promise<T> {
  const path = writeWorkerScript();
  const { setThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  setThreadsCount(threads);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  const originalCreateObjectURL = URL.createObjectURL;
  URL.createObjectURL = (blob: Blob) =>
    blob.type === 'application/javascript' ? path : originalCreateObjectURL.call(URL, blob);
  // The module sizes its thread pool as min(requested, logical cores / 2), assuming
  // hyper-threads; it reads the core count from os.cpus() once, during initialization.
  const originalCpus = os.cpus;
  const cpus = originalCpus.call(os);
  os.cpus = () =>
    Array.from({ length: Math.max(cpus.length, threads * 2) }, (_, i) => cpus[i % cpus.length]!);
  try {
    return await init();
  } finally {
    URL.createObjectURL = originalCreateObjectURL;
    os.cpus = originalCpus;
  }
}
