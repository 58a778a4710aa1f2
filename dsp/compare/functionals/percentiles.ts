/** Percentile functionals (notes §6): linear interpolation on the sorted contour, float32 weights. */

import { percentilesLoop } from './functionalLoops.js';

const f32 = Math.fround;

export const PERCENTILES_NAMES = ['quartile1', 'quartile2', 'quartile3', 'iqr1-2', 'iqr2-3', 'iqr1-3', 'percentile1.0', 'percentile99.0', 'pctlrange0-1'] as const;
export type Percentiles = Record<(typeof PERCENTILES_NAMES)[number], number>;

/**
 * Quartiles, inter-quartile ranges, the low/high percentiles and their range. The p-quantile is the
 * sorted contour at position p·(N−1), interpolated linearly with float32 weights; the two ranks around
 * each position are selected (a radix selection, no full sort) and interpolated as WebAssembly
 * (assembly/functionalLoops.ts).
 * @param x the contour, in any order
 * @param lowPercentile default 0.01 (`percentile1.0`)
 * @param highPercentile default 0.99 (`percentile99.0`)
 */
export function percentiles(x: Float32Array, lowPercentile = 0.01, highPercentile = 0.99): Percentiles {
  const [q1, q2, q3, low, high] = percentilesLoop(x, [0.25, 0.5, 0.75, lowPercentile, highPercentile]);
  return {
    quartile1: q1,
    quartile2: q2,
    quartile3: q3,
    'iqr1-2': f32(q2 - q1),
    'iqr2-3': f32(q3 - q2),
    'iqr1-3': f32(q3 - q1),
    'percentile1.0': low,
    'percentile99.0': high,
    'pctlrange0-1': Math.abs(f32(high - low)),
  };
}
