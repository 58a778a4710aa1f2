/** Extremes functionals (notes §6): range and the relative positions of the first max and min. */

import type { ContourStats } from './contourStats.js';

export const EXTREMES_NAMES = ['range', 'maxPos', 'minPos'] as const;
export type Extremes = Record<(typeof EXTREMES_NAMES)[number], number>;

/** range = max − min; maxPos/minPos = index of the first max/min (found by contourStats) divided by N. */
export function extremes(x: Float32Array, stats: ContourStats): Extremes {
  const n = x.length;
  if (n === 0) return { range: 0, maxPos: 0, minPos: 0 };
  return {
    range: Math.fround(stats.max - stats.min),
    maxPos: Math.fround(stats.maxIndex / n),
    minPos: Math.fround(stats.minIndex / n),
  };
}
