/**
 * openSMILE's soft limiter for ratio-like outputs (notes §6): linear within ±limit, then a tanh
 * that converges to ±(limit + excess). Evaluated with openSMILE's float32/double mix so that outputs
 * near the knee round the same way.
 */

const f32 = Math.fround;

/** ln(FLT_MAX) as openSMILE keeps it: beyond it the logistic saturates. */
const EXP_LIMIT = f32(Math.log(3.4028234663852886e38));

/** openSMILE's tanh, built from a float32 logistic: 2·σ(2x) − 1. */
function tanhF32(x: number): number {
  const twoX = f32(2 * x);
  const logistic = twoX > EXP_LIMIT ? 1 : twoX < -EXP_LIMIT ? 0 : f32(1 / (1 + Math.exp(-twoX)));
  return f32(f32(2 * logistic) - 1);
}

/** L(x; limit, excess): x if |x| ≤ limit, else sign(x)·(limit + excess·tanh((√(|x|−limit+1)−1)/(excess/2))). */
export function ratioLimit(x: number, limit: number, excess: number): number {
  const xf = f32(x);
  const l1 = f32(limit);
  const l2 = f32(excess);
  if (xf > l1) {
    const t = tanhF32(f32((Math.sqrt(f32(xf - l1) + 1) - 1) / (l2 * 0.5)));
    return f32(f32(t * l2) + l1);
  }
  if (xf < -l1) {
    const t = tanhF32(f32(-(Math.sqrt(-1 * f32(xf + l1) + 1) - 1) / (l2 * 0.5)));
    return f32(f32(t * l2) - l1);
  }
  return xf;
}

/** Clip to [−1, 1] (openSMILE's ratioLimitUnity). */
export function clipUnity(x: number): number {
  return x > 1 ? 1 : x < -1 ? -1 : x;
}
