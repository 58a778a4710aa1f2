/**
 * Lpc functionals (notes §6, §8): autocorrelation without window or mean removal, Levinson–Durbin,
 * all in float32 (Math.fround after every operation) because openSMILE's data memory is float and
 * the higher coefficients are ill-conditioned enough for float64 to disagree at 1e-3.
 */

const f32 = Math.fround;

export const LPC_NAMES = ['lpgain', 'lpc0', 'lpc1', 'lpc2', 'lpc3', 'lpc4'] as const;
export type Lpc = Record<string, number>;

/**
 * r_l = Σ_{t≥l} x_t·x_{t−l} for l = 0..maxLag, float32 accumulation in ascending t. Each float32 sum
 * is a serial chain, so three lags advance together in registers to overlap their latencies.
 */
export function autocorrelationF32(x: Float32Array, maxLag: number): Float32Array {
  const r = new Float32Array(maxLag + 1);
  const n = x.length;
  for (let lag = 0; lag <= maxLag; lag += 3) {
    const second = lag + 1 <= maxLag;
    const third = lag + 2 <= maxLag;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    for (let t = lag; t < n; t++) {
      const v = x[t];
      s0 = f32(s0 + f32(v * x[t - lag]));
      if (second && t > lag) s1 = f32(s1 + f32(v * x[t - lag - 1]));
      if (third && t > lag + 1) s2 = f32(s2 + f32(v * x[t - lag - 2]));
    }
    r[lag] = s0;
    if (second) r[lag + 1] = s1;
    if (third) r[lag + 2] = s2;
  }
  return r;
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
