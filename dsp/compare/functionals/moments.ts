/** Moment functionals (notes §6): population σ, skewness m3/σ³, kurtosis m4/σ⁴ (not excess). */

export const MOMENTS_NAMES = ['stddev', 'skewness', 'kurtosis'] as const;
export type Moments = Record<(typeof MOMENTS_NAMES)[number], number>;

/**
 * @param mean the float32 mean from contourStats (openSMILE centres on it, not on a fresh mean)
 */
export function moments(x: Float32Array, mean: number): Moments {
  const n = x.length;
  if (n === 0) return { stddev: 0, skewness: 0, kurtosis: 0 };
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d * d;
  }
  m2 /= n;
  if (!(m2 > 0)) return { stddev: 0, skewness: 0, kurtosis: 0 };
  const sd = Math.sqrt(m2);
  return {
    stddev: Math.fround(sd),
    skewness: Math.fround(m3 / (n * m2 * sd)),
    kurtosis: Math.fround(m4 / (n * m2 * m2)),
  };
}
