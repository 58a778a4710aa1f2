/** Synthetic test signals with known levels for the SNR tests. */
import { createRng, gaussianNoise } from '../../../dsp/random.js';

export interface SpeechLike {
  signal: Float32Array;
  /** Fraction of samples inside talkspurts. */
  talkFraction: number;
  /** Exact RMS level of the talkspurt samples (dBov). */
  talkLevelDbov: number;
}

/**
 * Speech-like signal: Gaussian noise under a 4 Hz syllabic envelope (dips of ~50 ms, never to zero)
 * inside the given talkspurts [startS, durationS], scaled so the talkspurts sit exactly at talkLevelDbov,
 * with a −85 dBov background in the pauses (a real recording is never digitally silent).
 */
export function speechLike(talkspurts: [number, number][], totalS: number, talkLevelDbov: number, seed: number, sampleRateHz = 16000): SpeechLike {
  const signal = gaussianNoise(Math.round(totalS * sampleRateHz), seed);
  const background = gaussianNoise(signal.length, seed + 1, 10 ** (-85 / 20));
  const inTalk = new Uint8Array(signal.length);
  for (const [startS, durationS] of talkspurts) {
    for (let i = Math.round(startS * sampleRateHz); i < Math.round((startS + durationS) * sampleRateHz); i++) inTalk[i] = 1;
  }
  let talkEnergy = 0;
  let talkSamples = 0;
  for (let i = 0; i < signal.length; i++) {
    const envelope = inTalk[i] ? 0.3 + Math.abs(Math.sin((Math.PI * 4 * i) / sampleRateHz)) : 0;
    signal[i] *= envelope;
    talkEnergy += signal[i] * signal[i];
    talkSamples += inTalk[i];
  }
  const gain = Math.sqrt(10 ** (talkLevelDbov / 10) / (talkEnergy / talkSamples));
  for (let i = 0; i < signal.length; i++) signal[i] = signal[i] * gain + background[i];
  // The background adds ~1e-6 of the talk power: recompute the level exactly rather than assume it.
  let energy = 0;
  for (let i = 0; i < signal.length; i++) if (inTalk[i]) energy += signal[i] * signal[i];
  return { signal, talkFraction: talkSamples / signal.length, talkLevelDbov: 10 * Math.log10(energy / talkSamples) };
}

/** A minute of talkspurts of 3–9 s separated by 1.5–3.5 s pauses, like a calibration recording. */
export const MINUTE_OF_TALKSPURTS: [number, number][] = [
  [1, 6],
  [9, 8],
  [19.5, 5],
  [27, 7],
  [36, 6],
  [45, 9],
  [56, 3],
];

/** Gamma(shape, 1) samples (Marsaglia–Tsang; shape < 1 by the U^{1/shape} boost). */
export function gammaSamples(count: number, shape: number, seed: number): Float64Array {
  const uniform = createRng(seed).uniform;
  const normal = gaussianNoise(count * 4, seed + 1);
  let normalIndex = 0;
  const boost = shape < 1;
  const a = boost ? shape + 1 : shape;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let value: number;
    for (;;) {
      const z = normal[normalIndex++ % normal.length];
      const v = (1 + c * z) ** 3;
      if (v <= 0) continue;
      const u = uniform();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
        value = d * v;
        break;
      }
    }
    out[i] = boost ? value * uniform() ** (1 / shape) : value;
  }
  return out;
}

/**
 * Voiced speech-like signal: a harmonic complex (f0 gliding 120–180 Hz, harmonics to 4 kHz falling as 1/k)
 * under a sin² syllabic envelope at 4 Hz inside the talkspurts, scaled so the talkspurts sit at
 * talkLevelDbov, digital silence elsewhere. Sparse in time-frequency like real voiced speech.
 */
export function voicedSpeechLike(talkspurts: [number, number][], totalS: number, talkLevelDbov: number, sampleRateHz = 16000): Float32Array {
  const signal = new Float32Array(Math.round(totalS * sampleRateHz));
  const inTalk = new Uint8Array(signal.length);
  for (const [startS, durationS] of talkspurts) {
    for (let i = Math.round(startS * sampleRateHz); i < Math.round((startS + durationS) * sampleRateHz); i++) inTalk[i] = 1;
  }
  let phase = 0;
  let energy = 0;
  let talkSamples = 0;
  for (let i = 0; i < signal.length; i++) {
    const timeS = i / sampleRateHz;
    const f0Hz = 150 + 30 * Math.sin(Math.PI * timeS);
    phase += (2 * Math.PI * f0Hz) / sampleRateHz;
    if (!inTalk[i]) continue;
    let value = 0;
    for (let k = 1; k * f0Hz < 4000; k++) value += Math.sin(k * phase) / k;
    signal[i] = value * Math.sin(Math.PI * 4 * timeS) ** 2;
    energy += signal[i] * signal[i];
    talkSamples++;
  }
  const gain = Math.sqrt(10 ** (talkLevelDbov / 10) / (energy / talkSamples));
  for (let i = 0; i < signal.length; i++) signal[i] *= gain;
  return signal;
}
