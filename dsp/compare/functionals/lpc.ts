/**
 * Lpc functionals (notes §6, §8): autocorrelation without window or mean removal, Levinson–Durbin,
 * all in float32 (Math.fround after every operation) because openSMILE's data memory is float and
 * the higher coefficients are ill-conditioned enough for float64 to disagree at 1e-3.
 */

import { autocorrelationLoop } from './functionalLoops.js';

const f32 = Math.fround;

export const LPC_NAMES = ['lpgain', 'lpc0', 'lpc1', 'lpc2', 'lpc3', 'lpc4'] as const;
export type Lpc = Record<string, number>;

/**
 * r_l = Σ_{t≥l} x_t·x_{t−l} for l = 0..maxLag, float32 accumulation in ascending t, as WebAssembly
 * (assembly/functionalLoops.ts).
 */
export function autocorrelationF32(x: Float32Array, maxLag: number): Float32Array {
  return autocorrelationLoop(x, maxLag);
}

/**
 * Levinson–Durbin recursion in float32 (openSMILE's update order).
 * @returns the predictor a_1..a_p of A(z) = 1 + Σ a_i z^−i and the final prediction error
 */
export function levinsonDurbinF32(r: Float32Array, order: number): { coefficients: Float32Array; error: number } {
  const a = new Float32Array(order);
  if (r[0] === 0) return { coefficients: a, error: 0 };
  let e = r[0];
  for (let m = 1; m <= order; m++) {
    let sum = r[m];
    for (let i = 1; i < m; i++) sum = f32(sum + f32(a[i - 1] * r[m - i]));
    const k = f32(f32(-1 / e) * sum);
    a[m - 1] = k;
    const half = m >> 1;
    for (let i = 1; i <= half; i++) {
      const previous = a[i - 1];
      a[i - 1] = f32(a[i - 1] + f32(k * a[m - i - 1]));
      if (i < half || (m & 1) === 1) a[m - i - 1] = f32(a[m - i - 1] + f32(k * previous));
    }
    e = f32(e * f32(1 - f32(k * k)));
    if (e === 0) {
      a.fill(0, m);
      break;
    }
  }
  return { coefficients: a, error: e };
}

/**
 * lpgain = final prediction error / N and lpc0..lpc{order−1} = a_1..a_order.
 * @param order default 5 (ComParE's `Lpc.order`)
 */
export function lpc(x: Float32Array, order = 5): Lpc {
  const out: Lpc = { lpgain: 0 };
  // The names come from LPC_NAMES where it has them: no string building per contour.
  const name = (i: number): string => (i + 1 < LPC_NAMES.length ? LPC_NAMES[i + 1] : `lpc${i}`);
  for (let i = 0; i < order; i++) out[name(i)] = 0;
  const n = x.length;
  if (n === 0) return out;
  const { coefficients, error } = levinsonDurbinF32(autocorrelationF32(x, order), order);
  out.lpgain = f32(error / n);
  coefficients.forEach((c, i) => (out[name(i)] = c));
  return out;
}
