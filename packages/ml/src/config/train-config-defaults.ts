// What a config gets when it leaves a field out, read from the schema itself so it cannot drift:
// a form shows these as placeholders, a script can start from them.
import {
  modelConfigSchema,
  trainConfigSchema,
  type ModelConfig,
  type ModelName,
  type TrainConfig,
} from './train-config.ts';

/** Every top-level default; `model` and `dataset.cachePath` have none (a run must name them). */
export type TrainConfigDefaults = Omit<TrainConfig, 'model' | 'dataset'> & {
  dataset: Omit<TrainConfig['dataset'], 'cachePath' | 'fingerprint'>;
};

function readDefaults(): TrainConfigDefaults {
  // The smallest config the schema accepts; its required parts are dropped again below.
  const {
    model: _model,
    dataset,
    ...rest
  } = trainConfigSchema.parse({
    model: { name: 'small-cnn' },
    dataset: { cachePath: '(none)' },
  });
  const { cachePath: _cachePath, fingerprint: _fingerprint, ...datasetDefaults } = dataset;
  return { ...rest, dataset: datasetDefaults };
}

export const trainConfigDefaults: TrainConfigDefaults = readDefaults();

/** Each architecture's defaults, e.g. `modelDefaults.resnet.width` is 32. */
export const modelDefaults = Object.fromEntries(
  modelConfigSchema.options.map((option) => {
    const name = option.shape.name.value;
    return [name, modelConfigSchema.parse({ name })];
  }),
) as { [Name in ModelName]: Extract<ModelConfig, { name: Name }> };
