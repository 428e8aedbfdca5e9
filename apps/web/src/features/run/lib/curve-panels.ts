// The curves the run page draws and how they are grouped into charts. The keys are the ones
// packages/ml's training loop logs (train-model.ts); a run that lacks one simply has no line.
import { OKABE_ITO } from '@/lib/palette';

export interface CurveDefinition {
  /** Metric key in the API, e.g. `train/loss`. */
  key: string;
  /** Legend and table label. */
  label: string;
  /** Logged once per epoch (end-of-epoch step) rather than every step. */
  perEpoch: boolean;
  /** Okabe-Ito hue; a key keeps its colour on every chart of the page. */
  color: string;
}

export interface CurvePanel {
  id: 'loss' | 'macro-f1' | 'learning-rate' | 'throughput';
  title: string;
  /** What the y axis measures, for the axis label and the accessible table. */
  unit: string;
  curves: readonly CurveDefinition[];
}

export const CURVE_PANELS: readonly CurvePanel[] = [
  {
    id: 'loss',
    title: 'Loss',
    unit: 'loss',
    curves: [
      { key: 'train/loss', label: 'train loss (per step)', perEpoch: false, color: OKABE_ITO.blue },
      {
        key: 'train/epoch_loss',
        label: 'train loss (epoch mean)',
        perEpoch: true,
        color: OKABE_ITO.skyBlue,
      },
      { key: 'val/loss', label: 'validation loss', perEpoch: true, color: OKABE_ITO.vermillion },
    ],
  },
  {
    id: 'macro-f1',
    title: 'Validation macro F1',
    unit: 'macro F1',
    curves: [
      {
        key: 'val/macro_f1',
        label: 'validation macro F1',
        perEpoch: true,
        color: OKABE_ITO.bluishGreen,
      },
    ],
  },
  {
    id: 'learning-rate',
    title: 'Learning rate',
    unit: 'learning rate',
    curves: [
      {
        key: 'train/learning_rate',
        label: 'learning rate',
        perEpoch: false,
        color: OKABE_ITO.reddishPurple,
      },
    ],
  },
  {
    id: 'throughput',
    title: 'Throughput',
    unit: 'images/s',
    curves: [
      {
        key: 'train/images_per_second',
        label: 'images/s',
        perEpoch: true,
        color: OKABE_ITO.orange,
      },
    ],
  },
];

/** Every key the page asks compareRuns for. */
export const CURVE_KEYS: readonly string[] = CURVE_PANELS.flatMap((panel) =>
  panel.curves.map((curve) => curve.key),
);

/**
 * Keys logged once per epoch, at the step that ends the epoch: their steps are the epoch
 * boundaries that map steps to epochs (the API stores no epoch number with a point).
 */
export const EPOCH_BOUNDARY_KEYS: readonly string[] = [
  'val/loss',
  'val/macro_f1',
  'train/epoch_loss',
];
