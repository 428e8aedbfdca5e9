// The API's refusal of a launch names each bad field as `input.config.optimizer.learningRate:
// message` (its `fields` extension). This splits them between the config form (shown beside the
// same fields the browser's own check uses) and the run's name, approach and tags; what names
// no field the form shows stays a message above it.

export interface LaunchRefusal {
  /** Config field path (dotted, e.g. `optimizer.learningRate`) -> messages. */
  config: Record<string, string[]>;
  /** `name`, `approach`, `tags` -> messages. */
  run: Record<string, string[]>;
  /** Messages that belong to no field of the form. */
  general: string[];
}

const CONFIG_PREFIX = 'input.config.';
const RUN_FIELDS = new Set(['name', 'approach', 'tags']);

function add(into: Record<string, string[]>, key: string, message: string): void {
  (into[key] ??= []).push(message);
}

export function splitRefusalFields(fields: readonly string[]): LaunchRefusal {
  const refusal: LaunchRefusal = { config: {}, run: {}, general: [] };
  for (const field of fields) {
    const colon = field.indexOf(': ');
    const path = colon >= 0 ? field.slice(0, colon) : '';
    const message = colon >= 0 ? field.slice(colon + 2) : field;
    if (path.startsWith(CONFIG_PREFIX) && !path.endsWith('(root)')) {
      add(refusal.config, path.slice(CONFIG_PREFIX.length), message);
      continue;
    }
    const runField = path.startsWith('input.') ? path.slice('input.'.length).split('.')[0] : '';
    if (runField && RUN_FIELDS.has(runField)) add(refusal.run, runField, message);
    else refusal.general.push(path ? `${path}: ${message}` : message);
  }
  return refusal;
}
