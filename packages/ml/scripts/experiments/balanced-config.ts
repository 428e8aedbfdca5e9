// The balanced 128 px run's config: the `balanced-128-cpu` approach preset (the launch form
// offers it too) on a cache, shared by balanced-f1.ts and bf16-parity.ts so that the bfloat16
// check trains exactly the run the README reports.
import { APPROACH_PRESETS } from '../../src/config/approach-presets.ts';
import {
  parseTrainConfig,
  type BackendChoice,
  type Precision,
} from '../../src/config/train-config.ts';

export function balancedConfig(
  cachePath: string,
  epochs: number,
  stepsPerEpoch: number,
  {
    precision = 'float32',
    backend = 'auto',
  }: { precision?: Precision; backend?: BackendChoice } = {},
) {
  const preset = APPROACH_PRESETS.find((p) => p.id === 'balanced-128-cpu');
  if (!preset) throw new Error('the balanced-128-cpu approach preset is gone');
  return parseTrainConfig({
    ...preset.config,
    epochs,
    stepsPerEpoch,
    backend,
    precision,
    dataset: { cachePath, splitSeed: 1, validationFraction: 0.2 },
  });
}
