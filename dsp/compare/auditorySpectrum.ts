/**
 * Auditory spectrum of the ComParE energy group (notes §3.2 items 7-8, §3.3 item 11): mel band
 * powers weighted by the equal-loudness curve at each band's centre and compressed by a power law
 * (openSMILE cPlp, doAud=1). audspec works on linear powers (pow); the RASTA variant works in the
 * log domain: openSMILE's cPlp forces doLog=doInvLog=1 whenever RASTA is on, whatever the config
 * says (notes §3.3 item 11 say linear: the reference disagrees, and the source confirms the log
 * domain). Everything is float32 like openSMILE's data memory (notes §8): the LPC functionals of
 * these contours only agree with openSMILE when the contours are its float32 values, bit for bit.
 * The per-frame arithmetic (floor, log, RASTA, compression, the band mean "lengthL1norm") runs in
 * assembly/energySpectralFrames.ts; here are the curve and the filter's coefficients.
 */

const f = Math.fround;

/** Equal-loudness weight E(ω) at frequencyHz, ω = 2πf (Hermansky's PLP curve). */
export function equalLoudnessWeight(frequencyHz: number): number {
  const w = 2 * Math.PI * frequencyHz;
  const w2 = w * w;
  const num = 1e32 * (w2 + 56.8e6) * w2 * w2;
  const den = (w2 + 6.3e6) * (w2 + 6.3e6) * (w2 + 0.38e9) * (w2 * w2 * w2 * w + 1.7e31);
  return num / den;
}

/** The weights as cPlp stores them: float32. */
export function equalLoudnessWeights(centreFrequenciesHz: ArrayLike<number>): Float32Array {
  const out = new Float32Array(centreFrequenciesHz.length);
  for (let i = 0; i < out.length; i++) out[i] = equalLoudnessWeight(centreFrequenciesHz[i]);
  return out;
}

/**
 * RASTA band-pass over time, one filter per band, on log band powers (openSMILE newRASTA):
 * FIR b = [2, −4c, 0, 4c, −2]/√(10·(32c²+8)), c = cos(2π·highCutoffHz·T), and one pole
 * ρ = 1 − sin(2π·lowCutoffHz·T), in transposed direct form. The output is 0 for the first
 * RASTA_WARMUP_FRAMES frames, and the feedback only starts once the output does. Coefficients, state
 * and every operation are float32 (cPlp's FLOAT_DMEM), in cPlp's order.
 */
export function rastaCoefficients(framePeriodS = 0.01, lowCutoffHz = 1, highCutoffHz = 29): { coefficients: Float32Array; pole: number } {
  const c = f(Math.cos(2 * Math.PI * highCutoffHz * framePeriodS));
  const norm = f(Math.sqrt(10 * (32 * c * c + 8)));
  const b0 = f(2 / norm);
  const b1 = f((-4 * c) / norm);
  return { coefficients: new Float32Array([b0, b1, 0, -b1, -b0]), pole: f(1 - Math.sin(2 * Math.PI * lowCutoffHz * framePeriodS)) };
}

/** Frames at the start whose RASTA output is 0. */
export const RASTA_WARMUP_FRAMES = 5;
