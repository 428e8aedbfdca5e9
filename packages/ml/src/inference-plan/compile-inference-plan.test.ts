// The folded inference plan must give what the model itself gives in inference mode, for
// every architecture we build, with batch-norm statistics that are not the identity; and it
// must leave the model's own weights alone when disposed.
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { randomArray, relativeError, seed } from '../backend/compare-backends.ts';
import { parseTrainConfig } from '../config/train-config.ts';
import { buildModel } from '../models/build-model.ts';
import { compileInferencePlan } from './compile-inference-plan.ts';
import { randomizeBatchNorms } from './test-fixtures.ts';
import { CONV2D_RESIDUAL, INFERENCE_NET } from '../backend/onednn/kernel-names.ts';
import { onednnTestsRun } from '@hpa-lab/onednn-kernels/testing';

const models = [
  { name: 'small-cnn', filters: 8, blocks: 2, dropout: 0.2 },
  { name: 'resnet', blocksPerStage: [1, 2], width: 8, dropout: 0.1 },
  { name: 'mobilenet-v2', widthMultiplier: 0.35, expansion: 3, dropout: 0.2 },
] as const;

afterAll(async () => {
  await selectBackend({ force: 'wasm' });
});

// wasm-onednn runs the plan as one native network (INFERENCE_NET) unless told not to.
const variants = [
  { backend: 'cpu', nativeNet: true },
  { backend: 'wasm-onednn', nativeNet: true },
  { backend: 'wasm-onednn', nativeNet: false },
] as const;

for (const { backend, nativeNet } of variants) {
  describe.skipIf(backend === 'wasm-onednn' && !onednnTestsRun())(
    `compileInferencePlan on ${backend}${nativeNet ? '' : ', one kernel per step'} (seed ${seed})`,
    () => {
      it.each(models)(
        '$name: same outputs as model.apply, every batch-norm folded',
        async (model) => {
          // Built and run on the cpu backend first: tfjs's reference kernels.
          await selectBackend({ force: 'cpu' });
          const config = parseTrainConfig({
            model,
            inputSize: 64,
            channels: 4,
            dataset: { cachePath: 'in-memory' },
            seed: 3,
          });
          const built = buildModel(config);
          const batchNorms = randomizeBatchNorms(built);
          const x = tf.tensor4d(randomArray(3 * 64 * 64 * 4), [3, 64, 64, 4]);
          const onCpu = tf.tidy(() =>
            (built.apply(x, { training: false }) as tf.Tensor).dataSync(),
          );
          await selectBackend({ force: backend });
          const expected = tf.tidy(() =>
            (built.apply(x, { training: false }) as tf.Tensor).dataSync(),
          );
          const plan = compileInferencePlan(built, { nativeNet });
          expect(plan).not.toBeNull();
          expect(plan!.foldedBatchNorms).toBe(batchNorms);
          const before = tf.memory().numTensors;
          let y: tf.Tensor | undefined;
          const { kernelNames } = await tf.profile(() => {
            y = plan!.run(x);
          });
          if (backend === 'wasm-onednn' && nativeNet && model.name !== 'mobilenet-v2') {
            // Every conv, pool and the mean in one native call; only the head runs in tfjs.
            expect(kernelNames).toContain(INFERENCE_NET);
            expect(kernelNames).not.toContain('FusedConv2D');
            expect(kernelNames).not.toContain('MaxPool');
            expect(kernelNames).not.toContain('Mean');
          }
          if (backend === 'wasm-onednn' && !nativeNet)
            expect(kernelNames).not.toContain(INFERENCE_NET);
          if (backend === 'wasm-onednn' && !nativeNet && model.name === 'resnet') {
            // Each block's second conv, its shortcut add and the ReLU after: one native call.
            expect(kernelNames).toContain(CONV2D_RESIDUAL);
            expect(kernelNames).not.toContain('AddN');
            expect(kernelNames).not.toContain('FusedBatchNorm');
          }
          if (y === undefined) throw new Error('the plan returned nothing');
          expect(y.shape).toEqual([3, 28]);
          expect(
            relativeError(y.dataSync() as Float32Array, expected as Float32Array),
          ).toBeLessThan(1e-4);
          expect(relativeError(y.dataSync() as Float32Array, onCpu as Float32Array)).toBeLessThan(
            1e-4,
          );
          // Again: from the second call on wasm-onednn, filters come prepared (reordered once).
          const first = Array.from(y.dataSync());
          y.dispose();
          for (let i = 0; i < 2; i++) {
            const again = plan!.run(x);
            expect(Array.from(again.dataSync())).toEqual(first);
            again.dispose();
          }
          expect(tf.memory().numTensors).toBe(before);
          plan!.dispose();
          // The model still works: the plan freed only the folded copies it made.
          const again = tf.tidy(() =>
            (built.apply(x, { training: false }) as tf.Tensor).dataSync(),
          );
          expect(Array.from(again)).toEqual(Array.from(expected));
          x.dispose();
          built.dispose();
        },
      );
    },
  );
}

it('returns null for a layer it does not know, so callers fall back to the model', async () => {
  await selectBackend({ force: 'cpu' });
  const input = tf.input({ shape: [8, 8, 1] });
  const y = tf.layers.flatten().apply(tf.layers.upSampling2d({}).apply(input)) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: y });
  expect(compileInferencePlan(model)).toBeNull();
  model.dispose();
});
