/** Extremes functionals (notes §6): range and the relative positions of the first max and min. */

import type { ContourStats } from './contourStats.js';
import { extremePositionsLoop } from './functionalLoops.js';

export const EXTREMES_NAMES = ['range', 'maxPos', 'minPos'] as const;
export type Extremes = Record<(typeof EXTREMES_NAMES)[number], number>;

/** range = max − min; maxPos/minPos = index of the first max/min divided by N. */
export function extremes(x: Float32Array, stats: ContourStats): Extremes {
  const n = x.length;
  if (n === 0) return { range: 0, maxPos: 0, minPos: 0 };
  // The search as WebAssembly (assembly/functionalLoops.ts).
  const [maxIndex, minIndex] = extremePositionsLoop(x, stats.max, stats.min);
  return {
    range: Math.fround(stats.max - stats.min),
    maxPos: Math.fround(maxIndex / n),
    minPos: Math.fround(minIndex / n),
  };
}
