import { fftConvolve } from '../room/fftConvolve.js';
import { phoneMic, type PhoneMicOptions } from '../room/phoneMic.js';

export interface BoothSources {
  /** What the speech loudspeaker plays (or null for a noise-only recording). */
  speech: Float32Array | null;
  /**
   * What the noise loudspeaker plays (or null for a speech-only recording): `lengthSamples + noiseRir.length − 1`
   * samples of the noise stream, so the room is already full of noise when the recording starts.
   */
  noise: Float32Array | null;
  speechGain: number;
  noiseGain: number;
}

/**
 * One phone recording in the booth: each loudspeaker's signal through its room impulse response,
 * summed at the phone, then the phone's microphone (band-pass, self-noise, optional AGC).
 */
export function recordInBooth(
  lengthSamples: number,
  sources: BoothSources,
  speechRir: Float32Array,
  noiseRir: Float32Array,
  sampleRateHz: number,
  mic: PhoneMicOptions,
): Float32Array {
  const atPhone = new Float32Array(lengthSamples);
  if (sources.speech) {
    const wet = fftConvolve(sources.speech, speechRir);
    for (let i = 0; i < lengthSamples && i < wet.length; i++) atPhone[i] += sources.speechGain * wet[i];
  }
  if (sources.noise) {
    const expected = lengthSamples + noiseRir.length - 1;
    if (sources.noise.length !== expected) throw new Error(`noise segment has ${sources.noise.length} samples, expected ${expected}`);
    const wet = fftConvolve(sources.noise, noiseRir);
    const offset = noiseRir.length - 1;
    for (let i = 0; i < lengthSamples; i++) atPhone[i] += sources.noiseGain * wet[offset + i];
  }
  return phoneMic(atPhone, sampleRateHz, mic);
}
