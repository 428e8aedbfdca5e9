// The two public methods of tfjs-backend-wasm's BackendWasm our native kernels use: allocate
// an output on the wasm heap, and view a tensor's bytes there (no copy). The addon reads and
// writes those views in place.
import type * as tf from '@tensorflow/tfjs';

export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

export function wasmHeap(backend: unknown): WasmHeapBackend {
  const heap = asWasmHeap(backend);
  if (!heap) throw new Error('oneDNN kernels run only on the wasm backend');
  return heap;
}

/** The backend as a wasm heap, or null when it keeps tensors elsewhere (cpu, tfjs-node). */
export function asWasmHeap(backend: unknown): WasmHeapBackend | null {
  const candidate = backend as Partial<WasmHeapBackend>;
  return typeof candidate.makeOutput === 'function' &&
    typeof candidate.typedArrayFromHeap === 'function'
    ? (candidate as WasmHeapBackend)
    : null;
}

/** A float32 input of a kernel call; names the input when it is missing or of another type. */
export function floatInput(
  inputs: tf.NamedTensorInfoMap,
  name: string,
  kernel: string,
): tf.TensorInfo {
  const info = inputs[name];
  if (info === undefined) throw new Error(`${kernel}: input '${name}' is missing`);
  if (info.dtype !== 'float32') {
    throw new Error(`${kernel}: input '${name}' is ${info.dtype}; only float32 is supported`);
  }
  return info;
}

export function optionalFloatInput(
  inputs: tf.NamedTensorInfoMap,
  name: string,
  kernel: string,
): tf.TensorInfo | null {
  return inputs[name] === undefined ? null : floatInput(inputs, name, kernel);
}
