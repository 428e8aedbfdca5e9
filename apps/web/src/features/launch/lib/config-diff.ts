// What a cloned run's form changes from the original's config, as a list of leaf paths with the
// value before and after. Arrays are leaves (blocksPerStage [1,1,1,1] -> [2,2,2,2] is one
// change); a value missing on one side (a parameter of another model) shows as absent.

export interface ConfigChange {
  /** Dotted path, e.g. `loss.name`. */
  path: string;
  /** undefined: the field does not exist on that side. */
  before: unknown;
  after: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
  if (isPlainObject(value) && (prefix === '' || Object.keys(value).length > 0)) {
    for (const [key, child] of Object.entries(value)) {
      flatten(child, prefix ? `${prefix}.${key}` : key, into);
    }
    return;
  }
  if (prefix !== '' && value !== undefined) into.set(prefix, value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every leaf that differs, in the order the original lists them, then the new ones. */
export function configChanges(before: unknown, after: unknown): ConfigChange[] {
  const left = new Map<string, unknown>();
  const right = new Map<string, unknown>();
  flatten(before, '', left);
  flatten(after, '', right);
  const changes: ConfigChange[] = [];
  for (const [path, value] of left) {
    if (!same(value, right.get(path)))
      changes.push({ path, before: value, after: right.get(path) });
  }
  for (const [path, value] of right) {
    if (!left.has(path)) changes.push({ path, before: undefined, after: value });
  }
  return changes;
}

/** A config value as the diff shows it: JSON, `absent` for a missing field. */
export function formatConfigValue(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}
