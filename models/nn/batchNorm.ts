import type { Tensor } from '../onnx/graph.js';
import { add, cast, columnSums, div, meanFromSum, mul, size, sqrt, square, squeeze, sub } from '../onnx/ops.js';

export const BN_EPS = 1e-5;

export interface Moments {
  /** [1, width] */
  mean: Tensor;
  /** [1, width], biased (divided by the batch size) */
  variance: Tensor;
  /** z - mean, [batch, width] */
  centred: Tensor;
}

/** Per-unit batch mean and biased variance of a [batch, width] tensor. */
export function batchMoments(z: Tensor): Moments {
  // Batch sums as products with a row of ones (see columnSums).
  const mean = meanFromSum(columnSums(z), z, [0]);
  const centred = sub(z, mean);
  return { mean, variance: meanFromSum(columnSums(square(centred)), centred, [0]), centred };
}

export function standardise(z: Tensor, mean: Tensor, variance: Tensor, eps = BN_EPS): Tensor {
  return div(sub(z, mean), sqrt(add(variance, eps)));
}

/** The batch normalised with its own moments (reusing their centred values). */
export function normalised(m: Moments, eps = BN_EPS): Tensor {
  return div(m.centred, sqrt(add(m.variance, eps)));
}

/** Parameter-free batch normalisation with the batch's own statistics. */
export function batchNorm(z: Tensor, eps = BN_EPS): Tensor {
  return normalised(batchMoments(z), eps);
}

/**
 * Exponential running averages as PyTorch's BatchNorm keeps them: the variance is the unbiased one,
 * so the batch size enters at run time. `running*` are [width]; the moments of `z` ([batch, width]).
 */
export function updateRunning(z: Tensor, m: Moments, runningMean: Tensor, runningVar: Tensor, momentum: number): { mean: Tensor; variance: Tensor } {
  const width = z.shape[1] as number;
  const n = div(cast(size(z), z.dtype), width);
  const unbiased = mul(squeeze(m.variance, [0]), div(n, sub(n, 1)));
  return {
    mean: add(mul(runningMean, 1 - momentum), mul(squeeze(m.mean, [0]), momentum)),
    variance: add(mul(runningVar, 1 - momentum), mul(unbiased, momentum)),
  };
}
