/**
 * Second-order IIR sections (RBJ Audio EQ Cookbook), normalised so a0 = 1:
 * y[n] = b0·x[n] + b1·x[n−1] + b2·x[n−2] − a1·y[n−1] − a2·y[n−2].
 */

export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** Butterworth quality factor: maximally flat pass band, −3.01 dB at the cutoff. */
export const BUTTERWORTH_Q = Math.SQRT1_2;

function design(cutoffHz: number, sampleRateHz: number, q: number, highPass: boolean): Biquad {
  if (!(cutoffHz > 0 && cutoffHz < sampleRateHz / 2)) throw new Error(`cutoff ${cutoffHz} Hz must lie in (0, ${sampleRateHz / 2}) Hz`);
  const w0 = (2 * Math.PI * cutoffHz) / sampleRateHz;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const a0 = 1 + alpha;
  const b1 = highPass ? -(1 + cos) : 1 - cos;
  const b0 = highPass ? (1 + cos) / 2 : (1 - cos) / 2;
  return { b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

export function highPassBiquad(cutoffHz: number, sampleRateHz: number, q = BUTTERWORTH_Q): Biquad {
  return design(cutoffHz, sampleRateHz, q, true);
}

export function lowPassBiquad(cutoffHz: number, sampleRateHz: number, q = BUTTERWORTH_Q): Biquad {
  return design(cutoffHz, sampleRateHz, q, false);
}

/** Filters the signal from rest (zero initial state). */
export function applyBiquad(signal: Float32Array, { b0, b1, b2, a1, a2 }: Biquad): Float32Array {
  const out = new Float32Array(signal.length);
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < signal.length; i++) {
    const x = signal[i];
    const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    out[i] = y;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
  }
  return out;
}

/** |H(e^{jω})| at the given frequency. */
export function biquadMagnitude({ b0, b1, b2, a1, a2 }: Biquad, frequencyHz: number, sampleRateHz: number): number {
  const w = (2 * Math.PI * frequencyHz) / sampleRateHz;
  const numRe = b0 + b1 * Math.cos(w) + b2 * Math.cos(2 * w);
  const numIm = -(b1 * Math.sin(w) + b2 * Math.sin(2 * w));
  const denRe = 1 + a1 * Math.cos(w) + a2 * Math.cos(2 * w);
  const denIm = -(a1 * Math.sin(w) + a2 * Math.sin(2 * w));
  return Math.hypot(numRe, numIm) / Math.hypot(denRe, denIm);
}
