/**
 * The WADA-SNR lookup (Kim & Stern 2008, "Robust signal-to-noise ratio estimation based on waveform
 * amplitude distribution analysis"): the statistic G = ln E|z| − E ln|z| of z = x + n, where the speech
 * amplitude |x| follows a Gamma distribution (shape α, sign symmetric) and n is Gaussian, as a function of
 * SNR = E[x²] / E[n²]. G is scale invariant, so the table depends on the SNR and α only.
 *
 * Computed here, deterministically, by numerical integration rather than copied. With x fixed and
 * n ~ N(0, σ²), writing r = |x|/σ:
 *   E|z| = σ·f(r),       f(r) = √(2/π)·e^{−r²/2} + r·erf(r/√2)                    (folded normal mean)
 *   E ln|z| = ln σ + h(r), h(r) = ½·[ln 2 + Σ_k Poisson(k; r²/2)·ψ(k + ½)]         (z²/σ² is noncentral χ²₁(r²),
 *                                                                                 a Poisson mixture of χ²_{1+2k})
 * so G = ln E_x[f(|x|/σ)] − E_x[h(|x|/σ)]. The outer expectation over |x| ~ Gamma(α, 1) runs on t = ln|x|
 * (trapezoid rule; the density in t, |x|^α·e^{−|x|}, is smooth), with the mass below |x| = e^{tMin}, where
 * f and h have reached their r → 0 limits, added in closed form. E[x²] = α(α+1), so σ² = α(α+1)/10^{SNR/10}.
 * Limits that check it: G → ln√(2/π) + (γ + ln 2)/2 ≈ 0.4092 for noise alone, G → ln α − ψ(α) for speech alone.
 */

const EULER_GAMMA = 0.5772156649015329;
/** Above this r, h(r) uses its asymptotic series; the Poisson sum would need ~r² terms. */
const H_SERIES_MAX_R = 40;
const H_TABLE_MIN_LN_R = -12;
const H_TABLE_STEP = 0.005;

/** erf to ~1e-15: Maclaurin series for small |x|, continued fraction for erfc beyond (JS has no Math.erf). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  let result: number;
  if (ax < 2.5) {
    // Maclaurin series erf(x) = 2/√π · Σ (−1)^k x^{2k+1} / (k!(2k+1)); converges fast for |x| < 2.5.
    let term = ax;
    let sum = ax;
    for (let k = 1; k < 200; k++) {
      term *= (-ax * ax) / k;
      const add = term / (2 * k + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    result = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))) evaluated backwards from a fixed depth.
    let fraction = 0;
    for (let k = 60; k >= 1; k--) fraction = k / 2 / (ax + fraction);
    result = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + fraction);
  }
  return x < 0 ? -result : result;
}

/** f(r) = E|N(r, 1)|. */
function foldedNormalMean(r: number): number {
  return Math.sqrt(2 / Math.PI) * Math.exp(-0.5 * r * r) + r * erf(r / Math.SQRT2);
}

/** h(r) = E ln|N(r, 1)| by the Poisson mixture (r ≤ 40) or the expansion ln r − 1/(2r²) − 3/(4r⁴) − 5/(2r⁶). */
export function expectedLogAbsNormal(r: number): number {
  if (r > H_SERIES_MAX_R) {
    const r2 = r * r;
    return Math.log(r) - 1 / (2 * r2) - 3 / (4 * r2 * r2) - 5 / (2 * r2 * r2 * r2);
  }
  const mean = (r * r) / 2;
  const lastK = Math.ceil(mean + 12 * Math.sqrt(mean) + 30);
  let psi = -EULER_GAMMA - 2 * Math.LN2; // ψ(½)
  let logFactorial = 0;
  const logMean = mean > 0 ? Math.log(mean) : -Infinity;
  let sum = 0;
  for (let k = 0; k <= lastK; k++) {
    if (k > 0) {
      psi += 1 / (k - 0.5); // ψ(k + ½) = ψ(k − ½) + 1/(k − ½)
      logFactorial += Math.log(k);
    }
    const logWeight = k === 0 ? -mean : -mean + k * logMean - logFactorial;
    sum += Math.exp(logWeight) * psi;
  }
  return 0.5 * (Math.LN2 + sum);
}

export interface WadaTable {
  snrDb: Float64Array;
  /** G at each SNR, increasing. */
  statistic: Float64Array;
}

/**
 * Builds G(SNR) for SNRs from minSnrDb to maxSnrDb (inclusive) in stepDb steps. Kim & Stern used
 * α = 0.4 and −20…100 dB in 1 dB steps. About 0.1 s of computation.
 */
export function buildWadaTable({ speechGammaShape = 0.4, minSnrDb = -20, maxSnrDb = 100, stepDb = 1 } = {}): WadaTable {
  const alpha = speechGammaShape;
  // h on a grid of ln r, interpolated below; the series is the expensive part and does not depend on the SNR.
  const hTableSize = Math.ceil((Math.log(H_SERIES_MAX_R) - H_TABLE_MIN_LN_R) / H_TABLE_STEP) + 1;
  const hTable = new Float64Array(hTableSize);
  for (let i = 0; i < hTableSize; i++) hTable[i] = expectedLogAbsNormal(Math.exp(H_TABLE_MIN_LN_R + i * H_TABLE_STEP));
  const hAtZero = expectedLogAbsNormal(0);
  const h = (r: number): number => {
    const lnR = Math.log(r);
    if (lnR <= H_TABLE_MIN_LN_R) return hAtZero;
    const position = (lnR - H_TABLE_MIN_LN_R) / H_TABLE_STEP;
    const i = Math.floor(position);
    if (i >= hTableSize - 1) return expectedLogAbsNormal(r);
    const frac = position - i;
    return hTable[i] * (1 - frac) + hTable[i + 1] * frac;
  };

  // Nodes in t = ln|x| with trapezoid weights for the unnormalised density |x|^α·e^{−|x|} dt.
  const tMin = -40;
  const tMax = Math.log(80);
  const tStep = 0.004;
  const nodeCount = Math.round((tMax - tMin) / tStep) + 1;
  const x = new Float64Array(nodeCount);
  const weight = new Float64Array(nodeCount);
  let mass = Math.exp(alpha * tMin) / alpha; // ∫_0^{e^tMin} x^{α−1} e^{−x} dx with e^{−x} ≈ 1
  const tailMass = mass;
  for (let i = 0; i < nodeCount; i++) {
    x[i] = Math.exp(tMin + i * tStep);
    weight[i] = (i === 0 || i === nodeCount - 1 ? 0.5 : 1) * tStep * Math.pow(x[i], alpha) * Math.exp(-x[i]);
    mass += weight[i];
  }

  const count = Math.round((maxSnrDb - minSnrDb) / stepDb) + 1;
  const snrDb = new Float64Array(count);
  const statistic = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    snrDb[s] = minSnrDb + s * stepDb;
    const sigma = Math.sqrt((alpha * (alpha + 1)) / 10 ** (snrDb[s] / 10));
    let meanF = tailMass * foldedNormalMean(0);
    let meanH = tailMass * hAtZero;
    for (let i = 0; i < nodeCount; i++) {
      const r = x[i] / sigma;
      meanF += weight[i] * foldedNormalMean(r);
      meanH += weight[i] * h(r);
    }
    statistic[s] = Math.log(meanF / mass) - meanH / mass;
  }
  return { snrDb, statistic };
}
