// A run's config (arbitrary JSON) -> a tree the page renders as nested lists: objects become
// branches with their keys in the stored order, arrays of numbers or strings stay one readable
// line ("[0.5, 0.5, ...]"), scalars become leaves with their value as text. Rendering text
// only (never HTML) keeps a config value such as "<script>" harmless.

export type ConfigNode =
  | { kind: 'branch'; key: string; path: string; children: ConfigNode[] }
  | { kind: 'leaf'; key: string; path: string; value: string; type: LeafType };

export type LeafType = 'string' | 'number' | 'boolean' | 'null' | 'list';

/** Arrays of scalars longer than this are cut, with the count of what was left out. */
const MAX_INLINE_ITEMS = 12;

export function configTree(config: unknown): ConfigNode[] {
  if (!isObject(config)) {
    return [{ kind: 'leaf', key: 'config', path: 'config', ...leafValue(config) }];
  }
  return Object.entries(config).map(([key, value]) => node(key, key, value));
}

function node(key: string, path: string, value: unknown): ConfigNode {
  if (isObject(value)) {
    return {
      kind: 'branch',
      key,
      path,
      children: Object.entries(value).map(([childKey, child]) =>
        node(childKey, `${path}.${childKey}`, child),
      ),
    };
  }
  if (Array.isArray(value) && !value.every(isScalar)) {
    return {
      kind: 'branch',
      key,
      path,
      children: value.map((child, i) => node(`[${i}]`, `${path}[${i}]`, child)),
    };
  }
  return { kind: 'leaf', key, path, ...leafValue(value) };
}

function leafValue(value: unknown): { value: string; type: LeafType } {
  if (value === null || value === undefined) return { value: 'null', type: 'null' };
  if (typeof value === 'number') return { value: String(value), type: 'number' };
  if (typeof value === 'boolean') return { value: String(value), type: 'boolean' };
  if (typeof value === 'string') return { value: JSON.stringify(value), type: 'string' };
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_INLINE_ITEMS).map((item) => scalarText(item));
    const more = value.length - shown.length;
    return {
      value: `[${shown.join(', ')}${more > 0 ? `, … ${more} more` : ''}]`,
      type: 'list',
    };
  }
  return { value: JSON.stringify(value), type: 'string' };
}

function scalarText(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Number of leaves, to decide how much of the tree to open by default. */
export function countLeaves(nodes: readonly ConfigNode[]): number {
  return nodes.reduce(
    (sum, entry) => sum + (entry.kind === 'leaf' ? 1 : countLeaves(entry.children)),
    0,
  );
}
