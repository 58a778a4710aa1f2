/**
 * The paper's feature normalisation (section 4.2): per feature, the mean and standard deviation of
 * the training values that lie between the 0.5th and 99.5th percentiles, then z-scores clipped to
 * ±10. Percentiles interpolate linearly between order statistics (numpy's default), so the
 * statistics match what a Python pipeline computes from the same data.
 */

export interface NormalizationStats {
  mean: Float64Array;
  std: Float64Array;
  lowerPercentileValue: Float64Array;
  upperPercentileValue: Float64Array;
}

/** The p-th percentile (0-100) of sorted values, with linear interpolation between order statistics. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const position = (p / 100) * (n - 1);
  const lo = Math.floor(position);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Robust statistics of a row-major matrix (rows × columns). A feature whose retained values are
 * constant gets standard deviation 1, so it normalises to 0 rather than dividing by zero.
 * The standard deviation is the population one (ddof 0).
 */
export function robustStats(values: Float32Array, rows: number, columns: number, lowerPercentile = 0.5, upperPercentile = 99.5): NormalizationStats {
  const mean = new Float64Array(columns);
  const std = new Float64Array(columns);
  const lowerPercentileValue = new Float64Array(columns);
  const upperPercentileValue = new Float64Array(columns);
  const column = new Float64Array(rows);
  for (let j = 0; j < columns; j++) {
    for (let i = 0; i < rows; i++) column[i] = values[i * columns + j];
    column.sort();
    const lo = percentileOfSorted(column, lowerPercentile);
    const hi = percentileOfSorted(column, upperPercentile);
    let sum = 0;
    let count = 0;
    for (let i = 0; i < rows; i++) {
      const x = column[i];
      if (x >= lo && x <= hi) {
        sum += x;
        count++;
      }
    }
    const m = count ? sum / count : 0;
    let squares = 0;
    for (let i = 0; i < rows; i++) {
      const x = column[i];
      if (x >= lo && x <= hi) squares += (x - m) * (x - m);
    }
    const s = count ? Math.sqrt(squares / count) : 0;
    mean[j] = m;
    std[j] = s > 0 ? s : 1;
    lowerPercentileValue[j] = lo;
    upperPercentileValue[j] = hi;
  }
  return { mean, std, lowerPercentileValue, upperPercentileValue };
}

/** z-scores with the given statistics, clipped to ±clip, into a new row-major matrix. */
export function normalizeAndClip(values: Float32Array, columns: number, stats: Pick<NormalizationStats, 'mean' | 'std'>, clip = 10): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const j = i % columns;
    const z = (values[i] - stats.mean[j]) / stats.std[j];
    out[i] = z > clip ? clip : z < -clip ? -clip : z;
  }
  return out;
}
