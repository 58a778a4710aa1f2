/** Mean functionals (notes §6), accumulated in double as openSMILE does, outputs in float32. */

import { meansSumsLoop } from './functionalLoops.js';

const f32 = Math.fround;

export const MEANS_NAMES = ['amean', 'flatness', 'posamean', 'rqmean', 'nnz'] as const;
export type Means = Record<(typeof MEANS_NAMES)[number], number>;

/**
 * amean (the float32 mean from contourStats), flatness = geometric mean of |x| over the non-zero
 * values / mean |x| over all (1 when mean |x| is 0), posamean = mean of the positive values,
 * rqmean = √mean(x²), nnz = share of non-zero values.
 */
export function means(x: Float32Array, mean: number): Means {
  const n = x.length;
  if (n === 0) return { amean: 0, flatness: 0, posamean: 0, rqmean: 0, nnz: 0 };
  // The sums in double, in ascending order, as WebAssembly (assembly/functionalLoops.ts).
  const [absSum, squareSum, logAbsSum, nonZero, positiveSum, positives] = meansSumsLoop(x);
  const absMean = absSum / n;
  const geometricMean = nonZero > 0 ? Math.exp(logAbsSum / nonZero) : 0;
  return {
    amean: mean,
    flatness: absMean !== 0 ? f32(geometricMean / absMean) : 1,
    posamean: f32(positives > 0 ? positiveSum / positives : 0),
    rqmean: f32(Math.sqrt(squareSum / n)),
    nnz: f32(f32(nonZero) / f32(n)),
  };
}
