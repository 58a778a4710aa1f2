import { noiseFloorSnr, type NoiseFloorSnrOptions } from './noiseFloorSnr.js';
import { wadaSnrDb } from './wadaSnr.js';

export type BlindSnrMethod = 'noiseFloor' | 'wada';

/**
 * Per-file blind SNR (dB) of a noisy speech recording.
 * - 'noiseFloor' (default): noise-floor tracking with a P.56-style active speech level, on the same scale
 *   as the calibrated SNR (active speech level − noise level). On NOIZEUS: MAE 1.6 dB against WADA's 2.4.
 * - 'wada': WADA-SNR (Kim & Stern 2008), a global SNR (pauses count as speech-free signal).
 * Both read several dB high when the noise is itself speech, music or a radio show (see the tests).
 * NaN when the signal is all zero or too short to measure.
 */
export function blindSnrDb(signal: Float32Array, sampleRateHz: number, method: BlindSnrMethod = 'noiseFloor', noiseFloorOptions: NoiseFloorSnrOptions = {}): number {
  return method === 'wada' ? wadaSnrDb(signal) : noiseFloorSnr(signal, sampleRateHz, noiseFloorOptions).snrDb;
}
