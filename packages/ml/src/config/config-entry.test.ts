// `@hpa-lab/ml/config` must load in a browser: bundled for the browser platform, the entry pulls
// in zod and this folder only (no tfjs, no sharp, no node: module). It also carries what a form
// needs: the defaults and a JSON Schema that agree with the zod schema.
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  APPROACH_PRESETS,
  BACKEND_NAMES,
  SYNTHETIC_DATASETS,
  SYNTHETIC_PREFIX,
  backendNameSchema,
  modelDefaults,
  parseSyntheticSpec,
  parseTrainConfig,
  syntheticCachePath,
  syntheticSpecProblem,
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

  it.each([
    ['@hpa-lab/ml/classes', 'src/data/'],
    ['@hpa-lab/ml/rare-classes', 'src/data/'],
    ['@hpa-lab/ml/metrics', 'src/metrics/'],
  ])('and so does the other browser entry %s', async (specifier, folder) => {
    const { inputs, imports } = await browserBundle(specifier);
    expect([...inputs, ...imports].filter((name) => SERVER_ONLY.test(name))).toEqual([]);
    expect(inputs.some((name) => name.startsWith(folder))).toBe(true);
  });

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

interface SchemaNode {
  title?: string;
  description?: string;
  const?: unknown;
  properties?: Record<string, SchemaNode>;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  items?: SchemaNode;
}

/** Every property of the schema, with its dot path, through objects and union options. */
function properties(node: SchemaNode, path = ''): [string, SchemaNode][] {
  const found: [string, SchemaNode][] = [];
  for (const option of [...(node.oneOf ?? []), ...(node.anyOf ?? [])]) {
    found.push(...properties(option, path));
  }
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const childPath = path ? `${path}.${key}` : key;
    found.push([childPath, child], ...properties(child, childPath));
  }
  return found;
}

describe('what a generated form shows', () => {
  it('gives every field a title and a description (discriminators excepted)', () => {
    const fields = properties(trainConfigJsonSchema as SchemaNode).filter(
      ([, node]) => node.const === undefined,
    );
    expect(fields.length).toBeGreaterThan(40);
    const bare = fields
      .filter(([, node]) => !node.title || !node.description)
      .map(([path]) => path);
    expect(bare).toEqual([]);
  });

  it('offers the five losses as one flat list of choices, combined among them', () => {
    const loss = (trainConfigJsonSchema as { properties: Record<string, SchemaNode> }).properties
      .loss!;
    const names = loss.oneOf!.map((option) => option.properties!.name!.const);
    expect(names).toEqual(['bce', 'weighted-bce', 'focal', 'soft-f1', 'combined']);
  });

  it('has presets that are valid configs with any data set', () => {
    const ids = APPROACH_PRESETS.map((preset) => preset.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const preset of APPROACH_PRESETS) {
      const parsed = parseTrainConfig({ ...preset.config, dataset: { cachePath: '/c' } });
      expect(parsed.dataset.cachePath, preset.id).toBe('/c');
    }
    const focal = APPROACH_PRESETS.find((preset) => preset.id === 'resnet10-focal-per-class')!;
    expect(parseTrainConfig({ ...focal.config, dataset: { cachePath: '/c' } })).toMatchObject({
      model: { name: 'resnet', blocksPerStage: [1, 1, 1, 1] },
      loss: { name: 'focal' },
      thresholds: { mode: 'per-class' },
    });
  });
});

describe('synthetic specs', () => {
  it('reads a spec with defaults and writes it back in full', () => {
    const result = parseSyntheticSpec('count=40,size=32');
    expect(result).toEqual({ ok: true, spec: { count: 40, size: 32, seed: 0, rarity: 1 } });
    if (!result.ok) return;
    expect(syntheticCachePath(result.spec)).toBe('synthetic:count=40,size=32,seed=0,rarity=1');
  });

  it('offers named sets whose specs are valid', () => {
    for (const preset of SYNTHETIC_DATASETS) {
      const text = syntheticCachePath(preset.spec).slice(SYNTHETIC_PREFIX.length);
      expect(parseSyntheticSpec(text), preset.label).toEqual({ ok: true, spec: preset.spec });
    }
  });

  it('makes a malformed spec a config error on dataset.cachePath', () => {
    expect(() =>
      parseTrainConfig({
        model: { name: 'small-cnn' },
        dataset: { cachePath: 'synthetic:count=1,size=32' },
      }),
    ).toThrow(
      /dataset\.cachePath: bad synthetic spec "synthetic:count=1,size=32" \(count: Too small/,
    );
    expect(syntheticSpecProblem('count')).toBe('"count" in "synthetic:count" is not key=value');
    expect(syntheticSpecProblem('count=40,colour=red')).toMatch(/Unrecognized key: "colour"/);
  });
});
