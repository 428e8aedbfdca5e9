// Small models for the inference plan's tests: one residual block with every fusion the plan
// knows, built with tfjs-layers as the real architectures are.
import * as tf from '@tensorflow/tfjs';
import { randomArray } from '../backend/compare-backends.ts';

export interface ResidualBlock {
  model: tf.LayersModel;
  /** The layers by role, to ask the analysis and the fusion rules about them. */
  stem: tf.layers.Layer;
  stemBn: tf.layers.Layer;
  stemRelu: tf.layers.Layer;
  conv: tf.layers.Layer;
  convBn: tf.layers.Layer;
  add: tf.layers.Layer;
  addRelu: tf.layers.Layer;
  head: tf.layers.Layer;
}

/**
 * input -> stem conv -> bn -> relu --------------------+
 *                         `-> conv -> bn -> add(+) <----+ -> relu -> pool -> dense(sigmoid)
 */
export function residualBlock(): ResidualBlock {
  const input = tf.input({ shape: [8, 8, 3] });
  const stem = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: false });
  const stemBn = tf.layers.batchNormalization();
  const stemRelu = tf.layers.reLU();
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: false });
  const convBn = tf.layers.batchNormalization();
  const add = tf.layers.add();
  const addRelu = tf.layers.reLU();
  const head = tf.layers.dense({ units: 28, activation: 'sigmoid' });
  const shortcut = stemRelu.apply(stemBn.apply(stem.apply(input))) as tf.SymbolicTensor;
  const branch = convBn.apply(conv.apply(shortcut)) as tf.SymbolicTensor;
  const joined = addRelu.apply(add.apply([branch, shortcut])) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({}).apply(joined) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: head.apply(pooled) as tf.SymbolicTensor });
  randomizeBatchNorms(model);
  return { model, stem, stemBn, stemRelu, conv, convBn, add, addRelu, head };
}

/** Random BN statistics and affine weights, so folding has something to get wrong. */
export function randomizeBatchNorms(model: tf.LayersModel): number {
  let count = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    count += 1;
    const values = layer.getWeights().map((w, i) => {
      const r = randomArray(w.size);
      // gamma, beta, moving mean, moving variance (> 0)
      return tf.tensor(i === 3 ? r.map((v) => v * v + 0.5) : r, w.shape);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
  return count;
}
