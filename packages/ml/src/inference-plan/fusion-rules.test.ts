import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { fuseAddActivation, fuseConv } from './fusion-rules.ts';
import { analyzeLayerGraph } from './layer-graph.ts';
import { residualBlock } from './test-fixtures.ts';

beforeAll(async () => {
  await selectBackend({ force: 'cpu' });
});

describe('fuseConv', () => {
  it('folds the batch-norm after a conv and takes over the ReLU after that', () => {
    const block = residualBlock();
    const graph = analyzeLayerGraph(block.model);
    const fusion = fuseConv(block.stem, graph, new Set())!;
    expect(fusion.absorbed).toEqual([block.stemBn, block.stemRelu]);
    expect(fusion.foldedBatchNorm).toBe(true);
    expect(fusion.spec.activation).toBe('relu');
    expect(fusion.residualAdd).toBeUndefined();
    expect(fusion.output).toBe(graph.idOf(block.stemRelu.output));
    tf.dispose([fusion.spec.kernel, fusion.spec.bias!]);
    block.model.dispose();
  });

  it('hands a conv + batch-norm that feeds an Add to that Add, unless it is taken', () => {
    const block = residualBlock();
    const graph = analyzeLayerGraph(block.model);
    const fusion = fuseConv(block.conv, graph, new Set())!;
    expect(fusion.residualAdd).toBe(block.add);
    expect(fusion.absorbed).toEqual([block.convBn]);
    expect(fusion.spec.activation).toBe('linear');
    expect(fusion.output).toBe(graph.idOf(block.convBn.output));
    const taken = fuseConv(block.conv, graph, new Set([block.add]))!;
    expect(taken.residualAdd).toBeUndefined();
    expect(taken.absorbed).toEqual([block.convBn]);
    tf.dispose([fusion.spec.kernel, fusion.spec.bias!, taken.spec.kernel, taken.spec.bias!]);
    block.model.dispose();
  });

  it('folds nothing into a conv that applies its own activation', () => {
    const input = tf.input({ shape: [6, 6, 2] });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'relu' });
    const bn = tf.layers.batchNormalization();
    const model = tf.model({
      inputs: input,
      outputs: bn.apply(conv.apply(input)) as tf.SymbolicTensor,
    });
    const fusion = fuseConv(conv, analyzeLayerGraph(model), new Set())!;
    expect(fusion).toMatchObject({ absorbed: [], foldedBatchNorm: false });
    expect(fusion.spec.activation).toBe('relu');
    // No folded copy: the spec reads the layer's own kernel.
    expect(fusion.spec.kernel).toBe(conv.getWeights()[0]);
    model.dispose();
  });

  it('returns null for a conv the plan cannot run', () => {
    const input = tf.input({ shape: [6, 6, 2] });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'sigmoid' });
    const model = tf.model({ inputs: input, outputs: conv.apply(input) as tf.SymbolicTensor });
    expect(fuseConv(conv, analyzeLayerGraph(model), new Set())).toBeNull();
    model.dispose();
  });
});

describe('fuseAddActivation', () => {
  it('takes over the ReLU after a fused Add', () => {
    const block = residualBlock();
    const graph = analyzeLayerGraph(block.model);
    const conv = fuseConv(block.conv, graph, new Set())!;
    const fusion = fuseAddActivation(block.add, conv.spec, graph);
    expect(fusion.absorbed).toEqual([block.addRelu]);
    expect(fusion.spec.activation).toBe('relu');
    expect(fusion.output).toBe(graph.idOf(block.addRelu.output));
    tf.dispose([conv.spec.kernel, conv.spec.bias!]);
    block.model.dispose();
  });

  it('leaves the activation alone when no ReLU follows the Add', () => {
    const input = tf.input({ shape: [6, 6, 2] });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same' });
    const add = tf.layers.add();
    const sum = add.apply([conv.apply(input) as tf.SymbolicTensor, input]) as tf.SymbolicTensor;
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.flatten().apply(sum) as tf.SymbolicTensor,
    });
    const graph = analyzeLayerGraph(model);
    const fused = fuseConv(conv, graph, new Set())!;
    expect(fused.residualAdd).toBe(add);
    const fusion = fuseAddActivation(add, fused.spec, graph);
    expect(fusion).toMatchObject({ absorbed: [], output: graph.idOf(add.output) });
    expect(fusion.spec.activation).toBe('linear');
    model.dispose();
  });
});
