// The INFERENCE_NET kernel: a whole network (the inference plan's convolutions, pools and mean)
// in one native call, its activations kept in oneDNN's blocked layout between steps instead of
// NHWC tensors on the wasm heap (packages/onednn-kernels/native/inference_net.cc). The plan
// passes the network as a plain object (attrs.net); the native network is built at its first
// call and kept with that object, so it goes when the plan drops the object.
import type * as tf from '@tensorflow/tfjs';
import type { InferenceNet, InferenceNetSpec, OnednnKernels } from '@hpa-lab/onednn-kernels';
import type { KernelFunc } from './fallback.ts';
import { INFERENCE_NET } from './kernel-names.ts';
import { floatInput, wasmHeap } from './wasm-heap.ts';

export function inferenceNetKernel(addon: OnednnKernels): tf.KernelConfig {
  const nets = new WeakMap<InferenceNetSpec, { net: InferenceNet; output: number[] }>();
  const kernelFunc: KernelFunc = (args) => {
    const spec = (args.attrs as { net?: InferenceNetSpec }).net;
    if (spec === undefined) throw new Error(`${INFERENCE_NET}: attrs.net is missing`);
    let entry = nets.get(spec);
    if (entry === undefined) {
      const net = addon.inferenceNetCreate(spec);
      entry = { net, output: addon.inferenceNetShapes(net).output };
      nets.set(spec, entry);
    }
    const x = floatInput(args.inputs, 'x', INFERENCE_NET);
    const [batch, ...image] = x.shape;
    if (x.shape.length !== 4 || image.join() !== spec.inputShape.join()) {
      throw new Error(
        `${INFERENCE_NET}: input is [${x.shape}], the network takes [batch, ${spec.inputShape}]`,
      );
    }
    const backend = wasmHeap(args.backend);
    const out = backend.makeOutput([batch!, ...entry.output], 'float32');
    addon.inferenceNetRun(
      entry.net,
      batch!,
      backend.typedArrayFromHeap(x),
      backend.typedArrayFromHeap(out),
    );
    return out;
  };
  return { kernelName: INFERENCE_NET, backendName: 'wasm', kernelFunc };
}
