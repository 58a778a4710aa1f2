/** Adam (Kingma & Ba) as graph ops, with bias correction, in PyTorch's arrangement of the update. */
import type { Tensor } from '../onnx/graph.js';
import { add, div, mul, pow, sqrt, sub } from '../onnx/ops.js';

export interface AdamOptions {
  beta1: number;
  beta2: number;
  eps: number;
}

export const DEFAULT_ADAM: AdamOptions = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** The per-step scalars: step size lr / (1 - beta1^t) and sqrt(1 - beta2^t); `step` is t (1 for the first update). */
export function adamScalars(step: Tensor, lr: Tensor, o: AdamOptions): { stepSize: Tensor; sqrtBc2: Tensor } {
  const bc1 = sub(1, pow(step.graph.scalar(o.beta1, step.dtype), step));
  const bc2 = sub(1, pow(step.graph.scalar(o.beta2, step.dtype), step));
  return { stepSize: div(lr, bc1), sqrtBc2: sqrt(bc2) };
}

/** m' = b1 m + (1-b1) g; v' = b2 v + (1-b2) g^2; p' = p - stepSize m' / (sqrt(v') / sqrt(bc2) + eps). */
export function adamUpdate(p: Tensor, g: Tensor, m: Tensor, v: Tensor, scalars: { stepSize: Tensor; sqrtBc2: Tensor }, o: AdamOptions): { p: Tensor; m: Tensor; v: Tensor } {
  const m1 = add(mul(m, o.beta1), mul(g, 1 - o.beta1));
  const v1 = add(mul(v, o.beta2), mul(mul(g, g), 1 - o.beta2));
  const denom = add(div(sqrt(v1), scalars.sqrtBc2), o.eps);
  return { p: sub(p, mul(div(m1, denom), scalars.stepSize)), m: m1, v: v1 };
}
