import type { Tensor } from '../onnx/graph.js';
import { add, div, meanSquare, mul, reduceMean, reduceSum, square, sub } from '../onnx/ops.js';

/** Concordance correlation coefficient of each column of pred and target, [batch, K] -> [1, K] (biased moments). */
export function ccc(pred: Tensor, target: Tensor): Tensor {
  const mp = reduceMean(pred, [0], true);
  const mt = reduceMean(target, [0], true);
  const dp = sub(pred, mp);
  const dt = sub(target, mt);
  const vp = meanSquare(dp, [0], true);
  const vt = meanSquare(dt, [0], true);
  const cov = reduceMean(mul(dp, dt), [0], true);
  const dm = sub(mp, mt);
  return div(mul(cov, 2), add(add(vp, vt), square(dm)));
}

/** Sum over the K columns of 1 - CCC: the prediction loss (K = 3 for the multi-task variant). */
export function cccLoss(pred: Tensor, target: Tensor): Tensor {
  return reduceSum(sub(1, ccc(pred, target)), [0, 1]);
}
