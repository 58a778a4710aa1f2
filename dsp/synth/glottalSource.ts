import type { Rng } from '../random.js';

export interface GlottalSourceParams {
  /** Open phase (opening + closing) as a fraction of the period. */
  openQuotient: number;
  /** Closing phase as a fraction of the open phase: small = abrupt closure = more high-frequency energy. */
  closingFraction: number;
  /** Relative standard deviation of consecutive period lengths (jitter). */
  jitterFraction: number;
  /** Relative standard deviation of consecutive pulse amplitudes (shimmer). */
  shimmerFraction: number;
}

/**
 * Rosenberg glottal-flow pulses following an F0 contour, differentiated once (lip radiation), so the
 * result is the excitation of the vocal tract. `f0Hz[n] = 0` marks unvoiced samples (silence in the
 * source). Returns the excitation and the glottal flow (used to modulate aspiration noise).
 */
export function glottalSource(f0Hz: Float32Array, sampleRateHz: number, p: GlottalSourceParams, rng: Rng): { excitation: Float32Array; flow: Float32Array } {
  const flow = new Float32Array(f0Hz.length);
  let n = 0;
  while (n < f0Hz.length) {
    const f0 = f0Hz[n];
    if (f0 <= 0) {
      n++;
      continue;
    }
    const periodSamples = (sampleRateHz / f0) * (1 + p.jitterFraction * rng.normal());
    const amplitude = Math.max(0, 1 + p.shimmerFraction * rng.normal());
    const openSamples = p.openQuotient * periodSamples;
    const closingSamples = p.closingFraction * openSamples;
    const openingSamples = openSamples - closingSamples;
    const end = Math.min(f0Hz.length, n + Math.max(2, Math.round(periodSamples)));
    for (let i = n; i < end; i++) {
      const t = i - n;
      if (t < openingSamples) flow[i] = amplitude * 0.5 * (1 - Math.cos((Math.PI * t) / openingSamples));
      else if (t < openSamples) flow[i] = amplitude * Math.cos((Math.PI * (t - openingSamples)) / (2 * closingSamples));
    }
    n = end;
  }
  const excitation = new Float32Array(flow.length);
  for (let i = 1; i < flow.length; i++) excitation[i] = flow[i] - flow[i - 1];
  return { excitation, flow };
}
