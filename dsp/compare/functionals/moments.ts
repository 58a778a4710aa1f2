/** Moment functionals (notes §6): population σ, skewness m3/σ³, kurtosis m4/σ⁴ (not excess). */

import { centralMomentsLoop } from './functionalLoops.js';

export const MOMENTS_NAMES = ['stddev', 'skewness', 'kurtosis'] as const;
export type Moments = Record<(typeof MOMENTS_NAMES)[number], number>;

/**
 * @param mean the float32 mean from contourStats (openSMILE centres on it, not on a fresh mean)
 */
export function moments(x: Float32Array, mean: number): Moments {
  const n = x.length;
  if (n === 0) return { stddev: 0, skewness: 0, kurtosis: 0 };
  // Σd², Σd³ and Σd⁴ (d = x − mean) in double, in ascending order, as WebAssembly (assembly/functionalLoops.ts).
  const [squares, m3, m4] = centralMomentsLoop(x, mean);
  const m2 = squares / n;
  if (!(m2 > 0)) return { stddev: 0, skewness: 0, kurtosis: 0 };
  const sd = Math.sqrt(m2);
  return {
    stddev: Math.fround(sd),
    skewness: Math.fround(m3 / (n * m2 * sd)),
    kurtosis: Math.fround(m4 / (n * m2 * m2)),
  };
}
