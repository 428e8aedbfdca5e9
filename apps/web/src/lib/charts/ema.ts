// Exponential moving average as TensorBoard and W&B smooth curves: debiased, so the first
// points are not pulled toward 0 (the running average starts at 0 and is divided by
// 1 - weight^n, the weight the n points seen so far carry).
//
// Gaps: a null (or non-finite) value stays null in the output and does not feed the average;
// the average carries on after the gap, as TensorBoard's does. A constant series is returned
// as is (debiasing would otherwise add float noise to a flat line).

/** weight in [0, 1): 0 = no smoothing; TensorBoard's slider goes up to 0.999. */
export function emaSmooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (!(weight > 0)) return values.map((value) => (isNumber(value) ? value : null));
  const w = Math.min(weight, 0.999);
  const finite = values.filter(isNumber);
  const constant = finite.length > 0 && finite.every((value) => value === finite[0]);
  let last = 0;
  let count = 0;
  return values.map((value) => {
    if (!isNumber(value)) return null;
    if (constant) return value;
    last = last * w + (1 - w) * value;
    count += 1;
    return last / (1 - Math.pow(w, count));
  });
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
