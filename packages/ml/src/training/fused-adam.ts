// tfjs's AdamOptimizer whose per-weight update runs as one native kernel where the backend has
// it (wasm-onednn): stock Adam dispatches ~12 elementwise kernels per weight per step, which
// was a fifth of a ResNet training step on wasm. Same state (m, v, beta powers), same
// formula term for term, same getWeights/setWeights; on other backends it is stock Adam.
import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE } from '../backend/onednn/kernel-names.ts';

interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(
    variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0],
  ): void {
    if (tf.getKernel(ADAM_UPDATE, tf.getBackend()) === undefined) {
      super.applyGradients(variableGradients);
      return;
    }
    const self = this as unknown as AdamInternals;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        if (value === undefined) throw new Error(`Adam: no variable named '${name}'`);
        const moment = (slot: 'm' | 'v') =>
          tf.tidy(() => ({
            originalName: `${name}/${slot}`,
            variable: tf.zerosLike(value).variable(false),
          }));
        self.accumulatedFirstMoment[i] ??= moment('m');
        self.accumulatedSecondMoment[i] ??= moment('v');
        const gradient = Array.isArray(variableGradients)
          ? variableGradients[i]?.tensor
          : variableGradients[name];
        if (gradient === undefined || gradient === null) return;
        const m = self.accumulatedFirstMoment[i]!.variable;
        const v = self.accumulatedSecondMoment[i]!.variable;
        const [newValue, newM, newV] = tf.engine().runKernel(
          ADAM_UPDATE,
          { value, m, v, gradient, accBeta1: self.accBeta1, accBeta2: self.accBeta2 },
          {
            learningRate: self.learningRate,
            beta1: self.beta1,
            beta2: self.beta2,
            epsilon: self.epsilon,
          },
        ) as [tf.Tensor, tf.Tensor, tf.Tensor];
        m.assign(newM);
        v.assign(newV);
        value.assign(newValue);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
    });
    this.incrementIterations();
  }
}

/** Adam with tfjs's defaults (beta1 0.9, beta2 0.999, the backend's epsilon). */
export function adam(learningRate: number): tf.AdamOptimizer {
  return new FusedAdamOptimizer(learningRate, 0.9, 0.999);
}
