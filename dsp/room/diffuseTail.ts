import { gaussianNoise } from '../random.js';

/**
 * Replaces an impulse response after `fromS` by a diffuse exponential tail: seeded Gaussian noise whose
 * energy decays 60 dB in `rt60S`, its level matched to the response's energy in the `matchWindowS` before
 * `fromS`.
 *
 * Why: a purely specular image-source shoebox decays too slowly (its late energy is carried by the few
 * axial and tangential paths that meet fewer walls) and measures up to ~50 % longer than Sabine/Eyring in a
 * lightly damped room. Real rooms scatter, their late field is close to diffuse and follows Eyring; keeping
 * the image-source early part (direct sound and distinct early reflections) with a diffuse tail is the
 * usual hybrid.
 */
export function withDiffuseTail(
  rir: Float32Array,
  sampleRateHz: number,
  { fromS, rt60S, seed, matchWindowS = 0.02 }: { fromS: number; rt60S: number; seed: number; matchWindowS?: number },
): Float32Array {
  const from = Math.round(fromS * sampleRateHz);
  const windowStart = Math.max(0, from - Math.round(matchWindowS * sampleRateHz));
  if (from >= rir.length) return rir.slice();
  const energyDecayPerSample = (6 * Math.LN10) / (rt60S * sampleRateHz);
  let measuredEnergy = 0;
  let envelopeEnergy = 0;
  for (let i = windowStart; i < from; i++) {
    measuredEnergy += rir[i] * rir[i];
    envelopeEnergy += Math.exp(-energyDecayPerSample * i);
  }
  if (envelopeEnergy === 0) throw new Error('diffuse tail: empty matching window (fromS too small)');
  const amplitude = Math.sqrt(measuredEnergy / envelopeEnergy);
  const noise = gaussianNoise(rir.length - from, seed);
  const out = rir.slice();
  for (let i = from; i < rir.length; i++) out[i] = amplitude * Math.exp((-energyDecayPerSample * i) / 2) * noise[i - from];
  return out;
}
