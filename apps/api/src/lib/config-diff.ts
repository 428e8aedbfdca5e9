// Which config values differ between runs: configs are flattened to dot paths (arrays are
// compared whole, since `blocksPerStage: [2,2,2,2]` is one choice, not four).

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value as Record<string, Json>)) {
      flatten(child, prefix ? `${prefix}.${key}` : key, out);
    }
    return;
  }
  out.set(prefix, value);
}

export interface ParameterDifference {
  path: string;
  values: unknown[];
}

export function diffConfigs(configs: readonly unknown[]): ParameterDifference[] {
  const flat = configs.map((config) => {
    const out = new Map<string, unknown>();
    flatten(config, '', out);
    return out;
  });
  const paths = [...new Set(flat.flatMap((map) => [...map.keys()]))].sort();
  return paths.flatMap((path) => {
    const values = flat.map((map) => (map.has(path) ? map.get(path) : null));
    const distinct = new Set(values.map((value) => JSON.stringify(value)));
    return distinct.size > 1 ? [{ path, values }] : [];
  });
}
