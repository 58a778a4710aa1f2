/**
 * Framing shared by every ComParE_2016 descriptor (notes §2): two framings of the raw waveform,
 * both with a 10 ms hop, frame k starting at sample 160·k, complete frames only.
 */

export const COMPARE_SAMPLE_RATE_HZ = 16000;
export const HOP_SAMPLES = 160;
/** F60: the 60 ms frames behind the voicing group and the G60 spectrum. */
export const F60_SAMPLES = 960;
/** F20: the 20 ms frames behind the energy and spectral groups (H20 spectrum). */
export const F20_SAMPLES = 320;
export const G60_FFT_SIZE = 1024;
export const H20_FFT_SIZE = 512;
export const FRAME_PERIOD_S = HOP_SAMPLES / COMPARE_SAMPLE_RATE_HZ;

/** Number of complete frames: floor((N − L)/hop) + 1, or 0 when the signal is shorter than one frame. */
export function frameCount(signalLengthSamples: number, frameLengthSamples: number, hopSamples = HOP_SAMPLES): number {
  if (signalLengthSamples < frameLengthSamples) return 0;
  return Math.floor((signalLengthSamples - frameLengthSamples) / hopSamples) + 1;
}

/** openSMILE's Gaussian window, w[i] = exp(−½·((i − (L−1)/2) / (σ·(L−1)/2))²), σ = 0.4 by default. */
export function gaussianWindow(lengthSamples: number, sigma = 0.4): Float32Array {
  const w = new Float32Array(lengthSamples);
  const half = (lengthSamples - 1) / 2;
  for (let i = 0; i < lengthSamples; i++) {
    const x = (i - half) / (sigma * half);
    w[i] = Math.exp(-0.5 * x * x);
  }
  return w;
}

/** Hamming window 0.54 − 0.46·cos(2πi/(L−1)). */
export function hammingWindow(lengthSamples: number): Float32Array {
  const w = new Float32Array(lengthSamples);
  for (let i = 0; i < lengthSamples; i++) w[i] = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (lengthSamples - 1));
  return w;
}
