/**
 * The values every cFunctionals block computes once per contour and hands to each functional
 * (notes §6): min and max in float32, and the mean accumulated in double then stored as float32.
 */

import { contourSumsLoop } from './functionalLoops.js';

export interface ContourStats {
  readonly min: number;
  readonly max: number;
  /** Arithmetic mean, rounded to float32 as openSMILE passes it on. */
  readonly mean: number;
}

/** Min, max and mean of a non-empty contour (its loop as WebAssembly, assembly/functionalLoops.ts); all 0 for an empty one. */
export function contourStats(x: Float32Array): ContourStats {
  if (x.length === 0) return { min: 0, max: 0, mean: 0 };
  const [min, max, sum] = contourSumsLoop(x);
  return { min, max, mean: Math.fround(sum / x.length) };
}
