/**
 * Two-tailed Welch's t-test (unequal variances, Welch-Satterthwaite degrees of freedom), the test the
 * paper uses to compare models over their seeds (section 5). The t distribution comes from stdlib;
 * simple-statistics has no t CDF.
 */
import { createRequire } from 'node:module';
import type tCdfFunction from '@stdlib/stats-base-dists-t-cdf';

let tCdfModule: typeof tCdfFunction | undefined;
/** stdlib's t CDF is about 150 small modules: loaded when a test is first computed, not by every command that imports this file. */
function tCdf(t: number, df: number): number {
  return (tCdfModule ??= createRequire(import.meta.url)('@stdlib/stats-base-dists-t-cdf') as typeof tCdfFunction)(t, df);
}

export interface WelchResult {
  /** (mean a − mean b) / sqrt(s²a/na + s²b/nb). */
  t: number;
  /** Welch-Satterthwaite degrees of freedom. */
  df: number;
  /** Two-tailed p-value. */
  p: number;
  meanA: number;
  meanB: number;
  /** mean a − mean b. */
  meanDifference: number;
}

/** Two-tailed p-value of a t statistic with df degrees of freedom: 2·P(T ≤ −|t|). */
export function twoTailedP(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/** Sample mean and variance (n − 1); a constant group gets exactly its value and 0, free of rounding. */
function meanAndVariance(values: ArrayLike<number>): { mean: number; variance: number } {
  const n = values.length;
  let constant = true;
  for (let i = 1; i < n && constant; i++) constant = values[i] === values[0];
  if (constant) return { mean: values[0], variance: 0 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { mean, variance: ss / (n - 1) };
}

/**
 * Welch's t-test of a against b. Each group needs at least 2 values (a sample variance).
 * When both groups have zero variance the test statistic is 0/0 or ±x/0: we report t = 0, p = 1 for
 * equal means and t = ±∞, p = 0 otherwise (no spread leaves no doubt), with df = na + nb − 2, the
 * Welch-Satterthwaite limit for equal variances and equal sizes.
 */
export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>): WelchResult {
  if (a.length < 2 || b.length < 2) {
    throw new RangeError(`Welch's t-test needs at least 2 values per group, got ${a.length} and ${b.length}`);
  }
  const sa = meanAndVariance(a);
  const sb = meanAndVariance(b);
  const meanDifference = sa.mean - sb.mean;
  const va = sa.variance / a.length;
  const vb = sb.variance / b.length;
  const standardErrorSquared = va + vb;
  if (standardErrorSquared === 0) {
    const t = meanDifference === 0 ? 0 : Math.sign(meanDifference) * Infinity;
    return { t, df: a.length + b.length - 2, p: meanDifference === 0 ? 1 : 0, meanA: sa.mean, meanB: sb.mean, meanDifference };
  }
  const t = meanDifference / Math.sqrt(standardErrorSquared);
  const df = standardErrorSquared ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return { t, df, p: twoTailedP(t, df), meanA: sa.mean, meanB: sb.mean, meanDifference };
}
