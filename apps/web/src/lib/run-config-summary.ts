// The few config values the runs table and the compare page show, read defensively from a
// run's stored config (JSON validated by packages/ml's trainConfigSchema when it was stored,
// but old runs may predate a field).

export interface RunConfigSummary {
  /** e.g. `resnet`, `small-cnn`, `mobilenet-v2`. */
  model: string | null;
  inputSize: number | null;
  /** e.g. `focal`, or `combined (bce + soft-f1)`. */
  loss: string | null;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function lossName(loss: unknown): string | null {
  const value = record(loss);
  if (!value || typeof value.name !== 'string') return null;
  if (value.name === 'combined') {
    const first = lossName(value.first);
    const second = lossName(value.second);
    return first && second ? `combined (${first} + ${second})` : 'combined';
  }
  return value.name;
}

export function summarizeRunConfig(config: unknown): RunConfigSummary {
  const root = record(config);
  const model = record(root?.model);
  const inputSize = root?.inputSize;
  return {
    model: typeof model?.name === 'string' ? model.name : null,
    inputSize: typeof inputSize === 'number' && Number.isFinite(inputSize) ? inputSize : null,
    loss: lossName(root?.loss),
  };
}
