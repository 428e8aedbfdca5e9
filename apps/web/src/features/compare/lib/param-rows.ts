// The compared runs' configs -> the hyperparameter table: a row per dot path (arrays are one
// value, as the API compares them: `blocksPerStage: [2,2,2,2]` is one choice), a cell per run
// with the value as text, and whether the values differ. "Differs" is the API's answer
// (compareRuns' parameterDifferences), so the page and the API never disagree about it.

export interface ParamRow {
  path: string;
  /** Per run, in comparison order: the value as JSON text, or null where the run lacks it. */
  values: (string | null)[];
  differs: boolean;
}

/** A config flattened to dot paths; objects are walked, everything else is a value. */
export function flattenConfig(config: unknown, prefix = '', out = new Map<string, unknown>()) {
  if (config !== null && typeof config === 'object' && !Array.isArray(config)) {
    for (const [key, child] of Object.entries(config as Record<string, unknown>)) {
      flattenConfig(child, prefix ? `${prefix}.${key}` : key, out);
    }
    return out;
  }
  if (prefix !== '') out.set(prefix, config);
  return out;
}

/** Strings as they are; everything else as JSON (numbers, booleans, arrays, null). */
function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function paramRows(configs: readonly unknown[], differing: readonly string[]): ParamRow[] {
  const flat = configs.map((config) => flattenConfig(config));
  const differs = new Set(differing);
  const paths = [...new Set([...flat.flatMap((map) => [...map.keys()]), ...differing])].sort();
  return paths.map((path) => ({
    path,
    values: flat.map((map) => (map.has(path) ? text(map.get(path)) : null)),
    differs: differs.has(path),
  }));
}
