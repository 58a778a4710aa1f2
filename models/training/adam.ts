/** Adam (Kingma & Ba) as graph ops, with bias correction, in PyTorch's arrangement of the update. */
import type { Tensor } from '../onnx/graph.js';
import { add, div, mul, pow, scaledInto, sqrt, sub } from '../onnx/ops.js';

export interface AdamOptions {
  beta1: number;
  beta2: number;
  eps: number;
}

export const DEFAULT_ADAM: AdamOptions = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/**
 * The second moment is kept divided by k = (1 - b2) / (1 - b1)^2, the factor between (1 - b1) g, which the
 * update makes anyway, and the (1 - b2) g^2 that v adds: w = v / k takes (1 - b1)^2 g^2, one product of that
 * with itself, and k moves into the per-step scalars. One full-size pass fewer per parameter (10, not 11).
 */
export function secondMomentScale(o: AdamOptions): number {
  return (1 - o.beta2) / (1 - o.beta1) ** 2;
}

/**
 * The per-step scalars of the update, with t = `step` (1 for the first update), step size lr / (1 - beta1^t)
 * and bias correction sqrt(1 - beta2^t): the step size and sqrt(k) folded into the denominator, so that the
 * full-size part of the update is m' / (sqrt(w') rootScale + epsScale), one pass fewer per parameter.
 */
export function adamScalars(step: Tensor, lr: Tensor, o: AdamOptions): { rootScale: Tensor; epsScale: Tensor } {
  const bc1 = sub(1, pow(step.graph.scalar(o.beta1, step.dtype), step));
  const bc2 = sub(1, pow(step.graph.scalar(o.beta2, step.dtype), step));
  const stepSize = div(lr, bc1);
  return { rootScale: div(Math.sqrt(secondMomentScale(o)), mul(sqrt(bc2), stepSize)), epsScale: div(o.eps, stepSize) };
}

/**
 * m' = b1 m + (1-b1) g; v' = b2 v + (1-b2) g^2; p' = p - stepSize m' / (sqrt(v') / sqrt(bc2) + eps), with v
 * held as w = v / k (see secondMomentScale): w' = b2 w + ((1-b1) g)^2 and p' = p - m' / (sqrt(w') rootScale
 * + epsScale) (the same values; lr > 0). `v` and the returned `v` are w. Nothing else may read g: the Gemm
 * that made it may be emitted again with (1-b1) folded in (scaledInto).
 */
export function adamUpdate(p: Tensor, g: Tensor, m: Tensor, v: Tensor, scalars: { rootScale: Tensor; epsScale: Tensor }, o: AdamOptions): { p: Tensor; m: Tensor; v: Tensor } {
  // (1-b1) g folded into the Gemm that made g where it is one (a weight's gradient).
  const gs = scaledInto(g, 1 - o.beta1);
  const m1 = add(mul(m, o.beta1), gs);
  // gs^2 as Pow, not gs gs: where gs is a transpose (W1's gradient, see transposedTimes in ops.ts),
  // onnxruntime's transpose optimiser moves it past a product of gs with itself, and gs is then
  // transposed twice. Its Pow with exponent 2 gives the product's bits.
  const v1 = add(mul(v, o.beta2), pow(gs, 2));
  const denom = add(mul(sqrt(v1), scalars.rootScale), scalars.epsScale);
  return { p: sub(p, div(m1, denom)), m: m1, v: v1 };
}
