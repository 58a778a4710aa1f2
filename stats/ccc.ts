/**
 * Lin's (1989) concordance correlation coefficient, with population (biased, divide-by-n) moments as
 * in the paper's 1 − CCC training loss (and `models/nn/ccc.ts`), so the evaluation scores the same
 * quantity the models were trained to maximise.
 */

/** Moments of a set of (prediction, target) pairs, enough to compute CCC; they add over disjoint sets. */
export interface PairSums {
  count: number;
  sumPrediction: number;
  sumTarget: number;
  sumPredictionSquared: number;
  sumTargetSquared: number;
  sumProduct: number;
}

/**
 * CCC = 2·cov(p, t) / (var p + var t + (mean p − mean t)²). NaN when undefined: no pairs, or both
 * sides constant and equal (0/0).
 */
export function concordanceCorrelation(prediction: ArrayLike<number>, target: ArrayLike<number>): number {
  if (prediction.length !== target.length) {
    throw new RangeError(`prediction has ${prediction.length} values, target ${target.length}`);
  }
  const n = prediction.length;
  if (n === 0) return NaN;
  let meanPrediction = 0;
  let meanTarget = 0;
  for (let i = 0; i < n; i++) {
    meanPrediction += prediction[i];
    meanTarget += target[i];
  }
  meanPrediction /= n;
  meanTarget /= n;
  let variancePrediction = 0;
  let varianceTarget = 0;
  let covariance = 0;
  for (let i = 0; i < n; i++) {
    const dp = prediction[i] - meanPrediction;
    const dt = target[i] - meanTarget;
    variancePrediction += dp * dp;
    varianceTarget += dt * dt;
    covariance += dp * dt;
  }
  const meanDifference = meanPrediction - meanTarget;
  return (2 * covariance) / n / (variancePrediction / n + varianceTarget / n + meanDifference * meanDifference);
}

/**
 * Sums of the pairs, after subtracting `offset` from both sides. CCC is unchanged by a shift common to
 * both sides, and shifting to near the data's centre keeps the raw-moment formula free of cancellation.
 */
export function pairSums(prediction: ArrayLike<number>, target: ArrayLike<number>, indices: ArrayLike<number>, offset = 0): PairSums {
  const sums: PairSums = { count: indices.length, sumPrediction: 0, sumTarget: 0, sumPredictionSquared: 0, sumTargetSquared: 0, sumProduct: 0 };
  for (let k = 0; k < indices.length; k++) {
    const p = prediction[indices[k]] - offset;
    const t = target[indices[k]] - offset;
    sums.sumPrediction += p;
    sums.sumTarget += t;
    sums.sumPredictionSquared += p * p;
    sums.sumTargetSquared += t * t;
    sums.sumProduct += p * t;
  }
  return sums;
}

/** CCC from accumulated sums (same definition as `concordanceCorrelation`). */
export function concordanceFromSums(s: PairSums): number {
  const n = s.count;
  if (n === 0) return NaN;
  const meanPrediction = s.sumPrediction / n;
  const meanTarget = s.sumTarget / n;
  const variancePrediction = s.sumPredictionSquared / n - meanPrediction * meanPrediction;
  const varianceTarget = s.sumTargetSquared / n - meanTarget * meanTarget;
  const covariance = s.sumProduct / n - meanPrediction * meanTarget;
  const meanDifference = meanPrediction - meanTarget;
  return (2 * covariance) / (variancePrediction + varianceTarget + meanDifference * meanDifference);
}
