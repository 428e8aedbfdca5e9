import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { analyzeLayerGraph } from './layer-graph.ts';
import { residualBlock } from './test-fixtures.ts';

beforeAll(async () => {
  await selectBackend({ force: 'cpu' });
});

describe('analyzeLayerGraph', () => {
  it('finds the sole consumer of a layer, and none where a tensor has several readers', () => {
    const block = residualBlock();
    const graph = analyzeLayerGraph(block.model);
    expect(graph.soleConsumer(block.stem)).toBe(block.stemBn);
    expect(graph.soleConsumer(block.stemBn)).toBe(block.stemRelu);
    // The stem's ReLU feeds both the branch conv and the Add.
    expect(graph.soleConsumer(block.stemRelu)).toBeUndefined();
    expect(graph.readerOf(block.stemRelu)).toBeUndefined();
    expect(graph.soleConsumer(block.add)).toBe(block.addRelu);
    block.model.dispose();
  });

  it('tells the one reader of a tensor from a sole consumer: the Add reads two tensors', () => {
    const block = residualBlock();
    const graph = analyzeLayerGraph(block.model);
    expect(graph.readerOf(block.convBn)).toBe(block.add);
    expect(graph.soleConsumer(block.convBn)).toBeUndefined();
    block.model.dispose();
  });

  it("gives tensors stable ids: a layer's inputs are the outputs of the layers before it", () => {
    const block = residualBlock();
    const graph = analyzeLayerGraph(block.model);
    expect(graph.inputsOf(block.stem)).toEqual([graph.inputId]);
    expect(graph.inputsOf(block.add)).toEqual([
      graph.idOf(block.convBn.output),
      graph.idOf(block.stemRelu.output),
    ]);
    expect(graph.outputId).toBe(graph.idOf(block.head.output));
    expect(new Set([graph.inputId, graph.outputId]).size).toBe(2);
    block.model.dispose();
  });
});
