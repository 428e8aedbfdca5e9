import type { OptimizerConfig } from '../config/train-config.ts';

/**
 * Learning rate at optimizer step `step` (0-based): linear warm-up over warmupEpochs, then the
 * schedule over the remaining steps.
 */
export function learningRateAt(
  optimizer: Pick<OptimizerConfig, 'learningRate' | 'schedule' | 'warmupEpochs'>,
  step: number,
  stepsPerEpoch: number,
  epochs: number,
): number {
  const base = optimizer.learningRate;
  const warmupSteps = Math.round(optimizer.warmupEpochs * stepsPerEpoch);
  if (step < warmupSteps) return (base * (step + 1)) / warmupSteps;
  const schedule = optimizer.schedule;
  switch (schedule.name) {
    case 'constant':
      return base;
    case 'step': {
      const epoch = Math.floor(step / stepsPerEpoch);
      return base * schedule.factor ** Math.floor(epoch / schedule.everyEpochs);
    }
    case 'cosine': {
      const total = Math.max(1, epochs * stepsPerEpoch - warmupSteps);
      const progress = Math.min(1, (step - warmupSteps) / total);
      const floor = base * schedule.minFraction;
      return floor + (base - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
  }
}
