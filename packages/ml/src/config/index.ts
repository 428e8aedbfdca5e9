// `@hpa-lab/ml/config`: the training config without TensorFlow.js. Only zod may be imported
// below this folder, so a browser bundle (the dashboard's forms) and a process that only
// validates configs (the API) can load it; config-entry.test.ts checks that.
export * from './train-config.ts';
export * from './train-config-defaults.ts';
export * from './train-config-json-schema.ts';
export * from './pipeline-names.ts';
export * from './synthetic-spec.ts';
export * from './approach-presets.ts';
