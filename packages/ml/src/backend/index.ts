export * from './select-backend.ts';
export { registerWasmTrainingKernels } from './wasm-training-kernels.ts';
export { installBroadcastingBatchNormGradient } from './batch-norm-gradient.ts';
export {
  conv2dFilterGradient,
  conv2dInputGradient,
  depthwiseFilterGradient,
  depthwiseInputGradient,
} from './conv-gradient-kernels.ts';
