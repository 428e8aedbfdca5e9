// The contracts are for the dashboard too: bundled for a browser, they pull in zod and the
// tfjs-free `@hpa-lab/ml/config` only (no TensorFlow.js, no sharp, no node: module).
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('@hpa-lab/contracts in a browser bundle', () => {
  it('pulls in no server-only module', async () => {
    const result = await build({
      stdin: {
        contents: "export * from '@hpa-lab/contracts';",
        resolveDir: path.resolve(import.meta.dirname, '..'),
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((name) => /@tensorflow|tfjs|sharp|onednn|^node:/.test(name))).toEqual([]);
    expect(inputs.some((name) => name.endsWith('src/train-queue.ts'))).toBe(true);
    expect(inputs.some((name) => name.includes('ml/src/config/'))).toBe(true);
  });
});
