// tfjs's Dropout draws its mask from Math.random unless given a seed, and with a seed it draws
// the SAME mask at every step. This one derives a new seed for every training call from the
// model's seed and a call counter, so a run with a fixed seed repeats exactly and still sees
// a fresh mask each batch. It keeps the stock class name: saved models stay plain Dropout.
import * as tf from '@tensorflow/tfjs';
import { stockLayerClass } from './stock-layer.ts';

type DropoutArgs = Parameters<typeof tf.layers.dropout>[0];

const StockDropout = stockLayerClass<DropoutArgs>(tf.layers.dropout({ rate: 0.5 }));

export class SeededDropout extends StockDropout {
  static override className = 'Dropout';
  private calls = 0;

  constructor(
    args: DropoutArgs,
    private readonly baseSeed: number,
  ) {
    super(args);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) {
    const self = this as unknown as { seed: number | undefined };
    // Stock Dropout reads this.seed on each call; getConfig reports the base seed again after.
    self.seed = this.baseSeed * 1_000_003 + this.calls++;
    try {
      return super.call(inputs, kwargs);
    } finally {
      self.seed = this.baseSeed;
    }
  }
}

export function seededDropout(args: DropoutArgs, seed: number): tf.layers.Layer {
  return new SeededDropout({ ...args, seed }, seed);
}
