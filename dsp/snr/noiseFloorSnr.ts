import FFT from 'fft.js';
import { gaussianNoise } from '../random.js';

/**
 * Blind SNR by noise-floor tracking, on the same scale as the calibrated SNR (P.56 active speech level
 * over noise level).
 *
 * 1. Short-time power spectra (Hann frames, 50 % overlap), smoothed over a few frames.
 * 2. Noise power spectrum: per frequency bin, a low quantile of the smoothed power over time. Speech is
 *    sparse in time-frequency, so the quantile sits on noise-only cells even while someone talks. The
 *    quantile of noise is below its mean by a fixed factor for stationary Gaussian noise; that factor is
 *    measured once by running the same procedure on seeded white Gaussian noise (so it is unbiased there).
 * 3. Speech power per frame = frame power − noise power (floored at 0); the active speech level is the
 *    P.56 fixed point on those frame powers: the mean over frames within hangover of a frame at or above
 *    (level − margin).
 * SNR = active speech level − noise level. Known biases: non-stationary noise (babble, cafés) has deeper
 * troughs than Gaussian noise, so the quantile underestimates it and the SNR reads high at low SNRs; in
 * recordings where speech fills most frames, speech leaks into the quantile of the low-frequency bins and
 * the SNR reads low at high SNRs (NOIZEUS: +2.7 dB at 0 dB, −1.7 dB at 15 dB on average).
 */

export interface NoiseFloorSnrOptions {
  /** Frame length (s); the FFT size is the next power of two. */
  frameLengthS?: number;
  /** Number of consecutive frames averaged before the quantile (odd). */
  smoothingFrames?: number;
  /** Quantile over time of each bin's smoothed power taken as its noise floor, in (0, 1). */
  noiseQuantile?: number;
  /** P.56 margin (dB) and hangover (s) for the active level of the frame speech powers. */
  marginDb?: number;
  hangoverS?: number;
  /** Estimates are clamped to this range (dB); speech-free or noise-free input would otherwise give ±∞. */
  minSnrDb?: number;
  maxSnrDb?: number;
}

export interface NoiseFloorSnr {
  /** Active speech level − noise level (dB). NaN when the signal is shorter than two frames or all zero. */
  snrDb: number;
  /** Total speech power over total noise power, pauses included (dB, clamped likewise). */
  globalSnrDb: number;
  noiseLevelDbov: number;
  activeSpeechLevelDbov: number;
}

const DEFAULTS = {
  frameLengthS: 0.032,
  smoothingFrames: 5,
  noiseQuantile: 0.3,
  marginDb: 15.9,
  hangoverS: 0.2,
  minSnrDb: -30,
  maxSnrDb: 80,
};

interface Spectrogram {
  /** Power per bin per frame, scaled so that a frame's bins sum to its mean-square power. */
  power: Float64Array[];
  hopSamples: number;
}

function powerSpectrogram(signal: Float32Array, frameLengthSamples: number): Spectrogram {
  const fftSize = 2 ** Math.ceil(Math.log2(frameLengthSamples));
  const hopSamples = Math.floor(frameLengthSamples / 2);
  const window = new Float64Array(frameLengthSamples);
  let windowEnergy = 0;
  for (let i = 0; i < frameLengthSamples; i++) {
    window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frameLengthSamples);
    windowEnergy += window[i] * window[i];
  }
  const fft = new FFT(fftSize);
  const input = new Float64Array(fftSize);
  const output = fft.createComplexArray() as number[];
  const binCount = fftSize / 2 + 1;
  const frameCount = signal.length < frameLengthSamples ? 0 : Math.floor((signal.length - frameLengthSamples) / hopSamples) + 1;
  const power: Float64Array[] = [];
  for (let l = 0; l < frameCount; l++) {
    for (let i = 0; i < frameLengthSamples; i++) input[i] = signal[l * hopSamples + i] * window[i];
    fft.realTransform(output, input);
    const frame = new Float64Array(binCount);
    for (let k = 0; k < binCount; k++) {
      // One-sided spectrum: the bins between DC and Nyquist stand for two. Parseval then makes the sum the
      // window-weighted mean square of the frame.
      const sides = k === 0 || k === fftSize / 2 ? 1 : 2;
      frame[k] = (sides * (output[2 * k] ** 2 + output[2 * k + 1] ** 2)) / (fftSize * windowEnergy);
    }
    power.push(frame);
  }
  return { power, hopSamples };
}

/** Per bin, the given quantile over time of the power averaged over `smoothingFrames` centred frames. */
function quantileNoiseSpectrum(power: Float64Array[], smoothingFrames: number, quantile: number): Float64Array {
  const frameCount = power.length;
  const binCount = power[0].length;
  const half = Math.floor(smoothingFrames / 2);
  const noise = new Float64Array(binCount);
  const column = new Float64Array(frameCount);
  for (let k = 0; k < binCount; k++) {
    for (let l = 0; l < frameCount; l++) {
      const first = Math.max(0, l - half);
      const last = Math.min(frameCount - 1, l + half);
      let sum = 0;
      for (let j = first; j <= last; j++) sum += power[j][k];
      column[l] = sum / (last - first + 1);
    }
    column.sort();
    noise[k] = column[Math.floor(quantile * (frameCount - 1))];
  }
  return noise;
}

const gaussianCorrection = new Map<string, number>();

/** Mean power / quantile estimate for white Gaussian noise under these settings (about 1,300 frames, fixed seed). */
function quantileCorrection(frameLengthSamples: number, smoothingFrames: number, quantile: number): number {
  const key = `${frameLengthSamples}/${smoothingFrames}/${quantile}`;
  let correction = gaussianCorrection.get(key);
  if (correction === undefined) {
    const { power } = powerSpectrogram(gaussianNoise(650 * frameLengthSamples, 20240601), frameLengthSamples);
    const floor = quantileNoiseSpectrum(power, smoothingFrames, quantile);
    let meanPower = 0;
    for (const frame of power) for (let k = 0; k < frame.length; k++) meanPower += frame[k];
    meanPower /= power.length;
    let floorPower = 0;
    for (let k = 0; k < floor.length; k++) floorPower += floor[k];
    correction = meanPower / floorPower;
    gaussianCorrection.set(key, correction);
  }
  return correction;
}

/** P.56-style active level of a sequence of frame powers (fixed point from the top; 0 if all are 0). */
function activeFramePower(framePower: Float64Array, marginDb: number, hangoverFrames: number): number {
  let level = 0;
  for (const p of framePower) level = Math.max(level, p);
  const marginFactor = 10 ** (-marginDb / 10);
  for (let iteration = 0; iteration < 100 && level > 0; iteration++) {
    const threshold = level * marginFactor;
    let sum = 0;
    let count = 0;
    let sinceActive = Infinity;
    for (const p of framePower) {
      if (p >= threshold) sinceActive = 0;
      else sinceActive++;
      if (sinceActive <= hangoverFrames) {
        sum += p;
        count++;
      }
    }
    const next = sum / count;
    if (Math.abs(next - level) <= 1e-12 * level) return next;
    level = next;
  }
  return level;
}

export function noiseFloorSnr(signal: Float32Array, sampleRateHz: number, options: NoiseFloorSnrOptions = {}): NoiseFloorSnr {
  const o = { ...DEFAULTS, ...options };
  const frameLengthSamples = Math.round(o.frameLengthS * sampleRateHz);
  const { power, hopSamples } = powerSpectrogram(signal, frameLengthSamples);
  const failed = { snrDb: NaN, globalSnrDb: NaN, noiseLevelDbov: NaN, activeSpeechLevelDbov: NaN };
  if (power.length < 2) return failed;

  const floor = quantileNoiseSpectrum(power, o.smoothingFrames, o.noiseQuantile);
  let noisePower = 0;
  for (let k = 0; k < floor.length; k++) noisePower += floor[k];
  noisePower *= quantileCorrection(frameLengthSamples, o.smoothingFrames, o.noiseQuantile);

  const speechPower = new Float64Array(power.length);
  let meanPower = 0;
  for (let l = 0; l < power.length; l++) {
    let framePower = 0;
    for (let k = 0; k < power[l].length; k++) framePower += power[l][k];
    meanPower += framePower / power.length;
    speechPower[l] = Math.max(framePower - noisePower, 0);
  }
  if (meanPower === 0) return failed;
  const activeSpeechPower = activeFramePower(speechPower, o.marginDb, Math.ceil((o.hangoverS * sampleRateHz) / hopSamples));
  const clampDb = (ratio: number) => Math.min(o.maxSnrDb, Math.max(o.minSnrDb, 10 * Math.log10(ratio)));
  return {
    snrDb: clampDb(activeSpeechPower / noisePower),
    globalSnrDb: clampDb(Math.max(meanPower - noisePower, 0) / noisePower),
    noiseLevelDbov: 10 * Math.log10(noisePower),
    activeSpeechLevelDbov: 10 * Math.log10(activeSpeechPower),
  };
}
