// Batch-norm in training mode and the Adam update as single native kernels. In stock tfjs a
// training-mode batch-norm is moments (Mean, Sub, Square, Mean) + FusedBatchNorm, and its
// gradient a dozen more passes; Adam is ~12 elementwise kernels per weight. Here each is one
// call into the addon (two or three passes over memory, on every core).
import * as tf from '@tensorflow/tfjs';
import type { OnednnKernels } from '@hpa-lab/onednn-kernels';
import type { KernelFunc } from './fallback.ts';
import { ADAM_UPDATE, BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from './kernel-names.ts';
import { floatInput, optionalFloatInput, wasmHeap } from './wasm-heap.ts';

function rowsAndChannels(x: tf.TensorInfo): [number, number] {
  const channels = x.shape[x.shape.length - 1] ?? 0;
  const total = tf.util.sizeFromShape(x.shape);
  if (channels === 0 || total === 0) throw new Error('batch-norm of an empty tensor');
  return [total / channels, channels];
}

export function trainingKernels(addon: OnednnKernels): tf.KernelConfig[] {
  // inputs: x, scale?, offset?; attrs: epsilon, relu? (y = max(batch-norm, 0));
  // outputs: y, mean, variance.
  const batchNormTraining: KernelFunc = (args) => {
    const name = BATCH_NORM_TRAINING;
    const backend = wasmHeap(args.backend);
    const x = floatInput(args.inputs, 'x', name);
    const scale = optionalFloatInput(args.inputs, 'scale', name);
    const offset = optionalFloatInput(args.inputs, 'offset', name);
    const [rows, channels] = rowsAndChannels(x);
    const y = backend.makeOutput([...x.shape], 'float32');
    const mean = backend.makeOutput([channels], 'float32');
    const variance = backend.makeOutput([channels], 'float32');
    addon.batchNormTraining(
      rows,
      channels,
      backend.typedArrayFromHeap(x),
      scale && backend.typedArrayFromHeap(scale),
      offset && backend.typedArrayFromHeap(offset),
      (args.attrs as { epsilon: number }).epsilon,
      backend.typedArrayFromHeap(y),
      backend.typedArrayFromHeap(mean),
      backend.typedArrayFromHeap(variance),
      (args.attrs as { relu?: boolean }).relu === true,
    );
    return [y, mean, variance];
  };

  // inputs: dy, x, scale?, mean, variance, reluOutput? (with a fused ReLU: y, and dy is the
  // gradient at the ReLU's output); attrs: epsilon; outputs: dx, dscale, doffset.
  const batchNormTrainingGrad: KernelFunc = (args) => {
    const name = BATCH_NORM_TRAINING_GRAD;
    const backend = wasmHeap(args.backend);
    const dy = floatInput(args.inputs, 'dy', name);
    const x = floatInput(args.inputs, 'x', name);
    const scale = optionalFloatInput(args.inputs, 'scale', name);
    const reluOutput = optionalFloatInput(args.inputs, 'reluOutput', name);
    const [rows, channels] = rowsAndChannels(x);
    const dx = backend.makeOutput([...x.shape], 'float32');
    const dscale = backend.makeOutput([channels], 'float32');
    const doffset = backend.makeOutput([channels], 'float32');
    addon.batchNormTrainingGradient(
      rows,
      channels,
      backend.typedArrayFromHeap(dy),
      backend.typedArrayFromHeap(x),
      scale && backend.typedArrayFromHeap(scale),
      backend.typedArrayFromHeap(floatInput(args.inputs, 'mean', name)),
      backend.typedArrayFromHeap(floatInput(args.inputs, 'variance', name)),
      (args.attrs as { epsilon: number }).epsilon,
      backend.typedArrayFromHeap(dx),
      backend.typedArrayFromHeap(dscale),
      backend.typedArrayFromHeap(doffset),
      reluOutput && backend.typedArrayFromHeap(reluOutput),
    );
    return [dx, dscale, doffset];
  };

  // inputs: value, m, v, gradient, accBeta1, accBeta2 (scalars: beta^t so far);
  // attrs: learningRate, beta1, beta2, epsilon; outputs: newValue, newM, newV.
  const adamUpdate: KernelFunc = (args) => {
    const name = ADAM_UPDATE;
    const backend = wasmHeap(args.backend);
    const heap = (key: string) => backend.typedArrayFromHeap(floatInput(args.inputs, key, name));
    const value = floatInput(args.inputs, 'value', name);
    const attrs = args.attrs as {
      learningRate: number;
      beta1: number;
      beta2: number;
      epsilon: number;
    };
    const outputs = [0, 1, 2].map(() => backend.makeOutput([...value.shape], 'float32'));
    const [newValue, newM, newV] = outputs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
    addon.adamUpdate(
      tf.util.sizeFromShape(value.shape),
      heap('value'),
      heap('m'),
      heap('v'),
      heap('gradient'),
      [
        attrs.learningRate,
        attrs.beta1,
        attrs.beta2,
        attrs.epsilon,
        1 - heap('accBeta1')[0]!,
        1 - heap('accBeta2')[0]!,
      ],
      backend.typedArrayFromHeap(newValue),
      backend.typedArrayFromHeap(newM),
      backend.typedArrayFromHeap(newV),
    );
    return outputs;
  };

  return [
    { kernelName: BATCH_NORM_TRAINING, backendName: 'wasm', kernelFunc: batchNormTraining },
    {
      kernelName: BATCH_NORM_TRAINING_GRAD,
      backendName: 'wasm',
      kernelFunc: batchNormTrainingGrad,
    },
    { kernelName: ADAM_UPDATE, backendName: 'wasm', kernelFunc: adamUpdate },
  ];
}

/** The gradient of BATCH_NORM_TRAINING with respect to x, scale and offset (the mean and
 *  variance outputs only feed the moving averages, so their gradients are not used). With the
 *  ReLU fused, its backward is folded in: the saved output y masks dy in the same kernel. */
export const batchNormTrainingGradient: tf.GradConfig = {
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ['x', 'scale'],
  // y is saved too (an alias, not a copy: see aliasing-kernels.ts), for the fused ReLU.
  outputsToSave: [true, true, true],
  gradFunc: (dys, saved, attrs) => {
    const dy = Array.isArray(dys) ? dys[0]! : dys;
    const [x, scale, y, mean, variance] = saved as [
      tf.Tensor,
      tf.Tensor | undefined,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    const inputs: tf.NamedTensorMap = { dy, x, mean, variance };
    if (scale !== undefined) inputs.scale = scale;
    if ((attrs as { relu?: boolean }).relu === true) inputs.reluOutput = y;
    const [dx, dscale, doffset] = tf
      .engine()
      .runKernel(
        BATCH_NORM_TRAINING_GRAD,
        inputs,
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor[];
    return { x: () => dx!, scale: () => dscale!, offset: () => doffset! };
  },
};
