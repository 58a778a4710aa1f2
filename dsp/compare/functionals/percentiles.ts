/** Percentile functionals (notes §6): linear interpolation on the sorted contour, float32 weights. */

const f32 = Math.fround;

export const PERCENTILES_NAMES = ['quartile1', 'quartile2', 'quartile3', 'iqr1-2', 'iqr2-3', 'iqr1-3', 'percentile1.0', 'percentile99.0', 'pctlrange0-1'] as const;
export type Percentiles = Record<(typeof PERCENTILES_NAMES)[number], number>;

/** The p-quantile (0 ≤ p ≤ 1) of an ascending array at position p·(N−1), interpolated linearly. */
export function interpolatedPercentile(sorted: Float32Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const position = p * (n - 1);
  const lower = Math.min(Math.max(Math.floor(position), 0), n - 1);
  const upper = Math.min(Math.max(Math.ceil(position), 0), n - 1);
  if (lower === upper) return sorted[lower];
  const wUpper = f32(position - lower);
  const wLower = f32(upper - position);
  return f32(f32(sorted[lower] * wLower) + f32(sorted[upper] * wUpper));
}

/**
 * Quartiles, inter-quartile ranges, the low/high percentiles and their range.
 * @param sorted the contour sorted ascending
 * @param lowPercentile default 0.01 (`percentile1.0`)
 * @param highPercentile default 0.99 (`percentile99.0`)
 */
export function percentiles(sorted: Float32Array, lowPercentile = 0.01, highPercentile = 0.99): Percentiles {
  const q1 = interpolatedPercentile(sorted, 0.25);
  const q2 = interpolatedPercentile(sorted, 0.5);
  const q3 = interpolatedPercentile(sorted, 0.75);
  const low = interpolatedPercentile(sorted, lowPercentile);
  const high = interpolatedPercentile(sorted, highPercentile);
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
