// A float32 tensor whose values a function writes in place. On the wasm backends (the CPU
// training path) the values go straight into the tensor's memory on the wasm heap; tf.tensor
// would first take them as a JavaScript Float32Array and copy it there. For a training batch
// that array is 4 MB (16 x 128 x 128 x 4 floats) of memory outside V8's heap, and V8 answers
// a few of those with a full mark-compact: the bench measured one every 3-4 steps, most of
// what kept the whole loop below the bare step's rate. Other backends get the array.
import * as tf from '@tensorflow/tfjs';
import { asWasmHeap } from './onednn/wasm-heap.ts';

export function filledFloatTensor<R extends tf.Rank>(
  shape: tf.ShapeMap[R],
  fill: (values: Float32Array) => void,
): tf.Tensor<R> {
  const heap = asWasmHeap(tf.backend());
  if (!heap) {
    const values = new Float32Array(tf.util.sizeFromShape(shape));
    fill(values);
    return tf.tensor(values, shape, 'float32') as tf.Tensor<R>;
  }
  const info = heap.makeOutput([...shape], 'float32');
  try {
    fill(heap.typedArrayFromHeap(info));
  } catch (error) {
    tf.backend().disposeData(info.dataId);
    throw error;
  }
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor<R>;
}
