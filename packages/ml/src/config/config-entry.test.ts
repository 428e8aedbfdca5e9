// `@hpa-lab/ml/config` must load in a browser: bundled for the browser platform, the entry pulls
// in zod and this folder only (no tfjs, no sharp, no node: module). It also carries what a form
// needs: the defaults and a JSON Schema that agree with the zod schema.
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  BACKEND_NAMES,
  backendNameSchema,
  modelDefaults,
  parseTrainConfig,
  trainConfigDefaults,
  trainConfigJsonSchema,
} from './index.ts';

const packageRoot = path.resolve(import.meta.dirname, '../..');

/** The files and imports a browser bundle of `specifier` pulls in. */
async function browserBundle(specifier: string): Promise<{ inputs: string[]; imports: string[] }> {
  const result = await build({
    // Resolved through the package's exports, as a bundler in apps/web would.
    stdin: { contents: `export * from '${specifier}';`, resolveDir: packageRoot, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const imports = Object.values(result.metafile.inputs).flatMap((input) =>
    input.imports.map((entry) => entry.path),
  );
  return { inputs, imports };
}

const SERVER_ONLY = /@tensorflow|tfjs|sharp|onednn|^node:/;

describe('the @hpa-lab/ml/config entry', () => {
  it('bundles for a browser with nothing but zod and the config folder', async () => {
    const { inputs, imports } = await browserBundle('@hpa-lab/ml/config');
    expect([...inputs, ...imports].filter((name) => SERVER_ONLY.test(name))).toEqual([]);
    const ours = inputs.filter((name) => !name.includes('node_modules/zod/'));
    expect(ours.length).toBeGreaterThan(1);
    for (const name of ours.filter((input) => input !== '<stdin>')) {
      expect(name).toMatch(/src\/config\/[a-z-]+\.ts$/);
    }
  });

  it.each(['@hpa-lab/ml/classes', '@hpa-lab/ml/rare-classes'])(
    'and so does the other browser entry %s',
    async (specifier) => {
      const { inputs, imports } = await browserBundle(specifier);
      expect([...inputs, ...imports].filter((name) => SERVER_ONLY.test(name))).toEqual([]);
      expect(inputs.some((name) => name.startsWith('src/data/'))).toBe(true);
    },
  );

  it('names the backends the schema accepts, and only those', () => {
    expect(BACKEND_NAMES).toContain('wasm-onednn');
    for (const name of BACKEND_NAMES) expect(backendNameSchema.parse(name)).toBe(name);
    expect(backendNameSchema.safeParse('cuda').success).toBe(false);
  });

  it('lists the defaults a minimal config receives', () => {
    const parsed = parseTrainConfig({ model: { name: 'resnet' }, dataset: { cachePath: '/c' } });
    const { model, dataset, ...rest } = parsed;
    expect(rest).toEqual(
      Object.fromEntries(Object.entries(trainConfigDefaults).filter(([key]) => key !== 'dataset')),
    );
    expect(dataset).toEqual({ cachePath: '/c', ...trainConfigDefaults.dataset });
    expect(model).toEqual(modelDefaults.resnet);
    expect(trainConfigDefaults).toMatchObject({ inputSize: 128, epochs: 10, backend: 'auto' });
    expect(modelDefaults['small-cnn']).toEqual({
      name: 'small-cnn',
      filters: 16,
      blocks: 4,
      dropout: 0.2,
    });
  });

  it('describes the same config as JSON Schema: required parts, defaults, choices', () => {
    const schema = trainConfigJsonSchema as {
      $schema: string;
      required: string[];
      properties: Record<string, { default?: unknown; enum?: unknown[] }>;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required.sort()).toEqual(['dataset', 'model']);
    expect(schema.properties.backend).toMatchObject({ default: 'auto', enum: [...BACKEND_NAMES] });
    for (const [key, value] of Object.entries(trainConfigDefaults)) {
      if (key === 'dataset') continue;
      expect(schema.properties[key]?.default, key).toEqual(value);
    }
    // Plain JSON: what a form library or another language reads.
    expect(JSON.parse(JSON.stringify(trainConfigJsonSchema))).toEqual(trainConfigJsonSchema);
  });
});
