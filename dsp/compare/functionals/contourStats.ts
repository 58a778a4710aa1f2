/**
 * The values every cFunctionals block computes once per contour and hands to each functional
 * (notes §6): min and max in float32, and the mean accumulated in double then stored as float32;
 * and, from the same pass, where the max and the min first occur (extremes.ts).
 */

import { contourSumsLoop } from './functionalLoops.js';

export interface ContourStats {
  readonly min: number;
  readonly max: number;
  /** Arithmetic mean, rounded to float32 as openSMILE passes it on. */
  readonly mean: number;
  /** The first frame equal to max and to min (−1 where none is: an empty contour, or a NaN first frame). */
  readonly maxIndex: number;
  readonly minIndex: number;
}

/** Min, max, mean and their first frames of a contour (its loop as WebAssembly, assembly/functionalLoops.ts); min, max and mean 0 for an empty one. */
export function contourStats(x: Float32Array): ContourStats {
  if (x.length === 0) return { min: 0, max: 0, mean: 0, maxIndex: -1, minIndex: -1 };
  const [min, max, sum, maxIndex, minIndex] = contourSumsLoop(x);
  return { min, max, mean: Math.fround(sum / x.length), maxIndex, minIndex };
}
