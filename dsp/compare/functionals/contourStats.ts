/**
 * The values every cFunctionals block computes once per contour and hands to each functional
 * (notes §6): min and max in float32, and the mean accumulated in double then stored as float32.
 */

export interface ContourStats {
  readonly min: number;
  readonly max: number;
  /** Arithmetic mean, rounded to float32 as openSMILE passes it on. */
  readonly mean: number;
}

/** Min, max and mean of a non-empty contour; all 0 for an empty one. */
export function contourStats(x: Float32Array): ContourStats {
  if (x.length === 0) return { min: 0, max: 0, mean: 0 };
  let min = x[0];
  let max = x[0];
  let sum = x[0];
  for (let i = 1; i < x.length; i++) {
    const v = x[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: Math.fround(sum / x.length) };
}
