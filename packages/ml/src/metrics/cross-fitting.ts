// Cross-fitting: whatever is chosen from validation data (per-class thresholds, which run wins a
// class) is chosen on one half of the samples and scored on the other, then the halves swap and
// the predictions of both are scored together. Choosing and scoring on the same samples
// flatters, most of all for a class with one or two positives.
//
// The halves come from the sample ids, so that every run, the API and a test split the same
// validation set the same way whatever order the samples come in.

/**
 * The half (0 or 1) of a sample: the top bit of the 32-bit FNV-1a hash of its id (UTF-16 code
 * units), passed through MurmurHash3's finalizer so that every character moves it.
 */
export function sampleFold(id: string): 0 | 1 {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // FNV's low bits depend on few input bits (its low bit is the parity of the characters' low
  // bits): finalize before taking a bit.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 31) as 0 | 1;
}

export function sampleFolds(ids: readonly string[]): Uint8Array {
  return Uint8Array.from(ids, sampleFold);
}

/** The rows of one half, in order. */
export function foldRows(fold: ArrayLike<number>, half: number): Uint32Array {
  let count = 0;
  for (let i = 0; i < fold.length; i++) if (fold[i] === half) count += 1;
  const rows = new Uint32Array(count);
  for (let i = 0, k = 0; i < fold.length; i++) if (fold[i] === half) rows[k++] = i;
  return rows;
}

/** `values` (samples x classes, row-major) restricted to `rows`, in that order. */
export function gatherRows(
  values: ArrayLike<number>,
  rows: ArrayLike<number>,
  classes: number,
): Float64Array {
  const out = new Float64Array(rows.length * classes);
  for (let k = 0; k < rows.length; k++) {
    const from = rows[k]! * classes;
    for (let c = 0; c < classes; c++) out[k * classes + c] = values[from + c]!;
  }
  return out;
}

/**
 * Writes one sample's predictions for every class: `out[offset + c]` is 1 when class c is
 * predicted for sample `row`.
 */
export type RowPredictor = (row: number, out: Uint8Array, offset: number) => void;

/**
 * Cross-fitted predictions (samples x classes): for each half, `fit` is given the rows of that
 * half and returns a predictor, which predicts the rows of the OTHER half.
 */
export function crossFit(
  fold: ArrayLike<number>,
  classes: number,
  fit: (rows: Uint32Array, half: 0 | 1) => RowPredictor,
): Uint8Array {
  const predicted = new Uint8Array(fold.length * classes);
  const halves = [foldRows(fold, 0), foldRows(fold, 1)] as const;
  for (const half of [0, 1] as const) {
    const predict = fit(halves[half], half);
    for (const row of halves[1 - half]!) predict(row, predicted, row * classes);
  }
  return predicted;
}

/** A predictor that applies per-class thresholds (probability >= threshold) to `probabilities`. */
export function thresholdPredictor(
  probabilities: ArrayLike<number>,
  thresholds: ArrayLike<number>,
): RowPredictor {
  const classes = thresholds.length;
  return (row, out, offset) => {
    const from = row * classes;
    for (let c = 0; c < classes; c++) {
      out[offset + c] = probabilities[from + c]! >= thresholds[c]! ? 1 : 0;
    }
  };
}

export function checkFold(fold: ArrayLike<number>, samples: number): void {
  if (fold.length !== samples) {
    throw new Error(`fold has ${fold.length} entries for ${samples} samples`);
  }
}
