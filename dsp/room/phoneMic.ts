import { automaticGainControl, type AutomaticGainControlOptions } from './automaticGainControl.js';
import { applyBiquad, highPassBiquad, lowPassBiquad } from './biquad.js';
import { gaussianNoise } from '../random.js';

/**
 * A smartphone microphone path: the capsule's self-noise (white, at selfNoiseLevelDbov referred to the
 * input) adds to the sound pressure, a 2nd-order Butterworth high-pass (wind/handling rejection) and
 * low-pass (anti-aliasing) shape the band, then an optional slow automatic gain control.
 *
 * AGC caveat: an AGC levels each recording on its own, so speech-only and noise-only calibration
 * recordings made with it on no longer measure the SNR of the mixture; pass `agc: null` for calibration
 * or apply the mixture's gain track (AgcResult.gain) to the components.
 */
export interface PhoneMicOptions {
  highPassHz?: number;
  lowPassHz?: number;
  selfNoiseLevelDbov?: number;
  /** null turns the AGC off. */
  agc?: AutomaticGainControlOptions | null;
  seed?: number;
}

export function phoneMic(
  soundAtMic: Float32Array,
  sampleRateHz: number,
  { highPassHz = 100, lowPassHz = 7000, selfNoiseLevelDbov = -80, agc = {}, seed = 1 }: PhoneMicOptions = {},
): Float32Array {
  const selfNoise = gaussianNoise(soundAtMic.length, seed, 10 ** (selfNoiseLevelDbov / 20));
  const withNoise = soundAtMic.map((v, i) => v + selfNoise[i]);
  const band = applyBiquad(applyBiquad(withNoise, highPassBiquad(highPassHz, sampleRateHz)), lowPassBiquad(lowPassHz, sampleRateHz));
  return agc === null ? band : automaticGainControl(band, sampleRateHz, agc).signal;
}
