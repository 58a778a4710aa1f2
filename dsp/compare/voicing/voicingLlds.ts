import { COMPARE_SAMPLE_RATE_HZ, F60_SAMPLES, G60_FFT_SIZE, HOP_SAMPLES, frameCount, gaussianWindow } from '../framing.js';
import { MagnitudeSpectrum } from '../magnitudeSpectrum.js';
import { windowedFrameRms } from './frameRms.js';
import { PitchCandidateFinder } from './pitchCandidates.js';
import { computePitchJitter, type PitchJitterOptions } from './pitchJitter.js';
import type { ShsOptions } from './shsPitch.js';
import { smoothPitchViterbi, type ViterbiOptions } from './viterbiPitchSmoother.js';

/**
 * The six voicing-group LLDs of ComParE_2016 (notes §3.1), raw (before the `_sma` smoothing):
 * F0final, voicingFinalUnclipped, jitterLocal, jitterDDP, shimmerLocal, logHNR.
 */

export const VOICING_LLD_NAMES = ['F0final', 'voicingFinalUnclipped', 'jitterLocal', 'jitterDDP', 'shimmerLocal', 'logHNR'] as const;

/** Every default is ComParE_2016's setting; see each step's options for the meaning. */
export interface VoicingLldOptions {
  /** Frames whose Gauss-windowed RMS is not above this get F0 and voicing 0 (`threshold`, 0.001). */
  energyGateRms?: number;
  /** Lowest frequency of the octave axis in Hz (cSpecScale `minF`, 25). */
  octaveMinFrequencyHz?: number;
  shs?: ShsOptions;
  viterbi?: ViterbiOptions;
  jitter?: Pick<PitchJitterOptions, 'searchRangeRel' | 'minPeriods' | 'minCorrelation' | 'logHnrFloorDb'>;
}

export interface VoicingLlds {
  names: string[];
  /** One contour per name, n60 = floor((N − 960)/160) + 1 frames (0 when N < 960); frame k covers samples 160·k … 160·k + 959. */
  contours: Float32Array[];
  /**
   * Frames the Viterbi smoother had decided when the input ended (fewer than n60). openSMILE's
   * jitter component only runs outside end-of-input processing, so when the functionals are computed
   * at end of input the voicing level holds just these frames (see blockFrameCounts).
   */
  framesBeforeEndOfInput: number;
}

/**
 * The six raw voicing LLDs of a signal.
 * @param signal 16 kHz mono samples scaled as openSMILE reads int16 (sample/32767)
 */
export function computeVoicingLlds(signal: Float32Array, options: VoicingLldOptions = {}): VoicingLlds {
  const gate = options.energyGateRms ?? 0.001;
  const nFrames = frameCount(signal.length, F60_SAMPLES);
  const window = gaussianWindow(F60_SAMPLES);
  // float64: the voicing features agree with openSMILE as well as with its float32 FFT, at half the cost.
  const spectrum = new MagnitudeSpectrum(F60_SAMPLES, G60_FFT_SIZE, window);
  const binCount = spectrum.binCount;
  // cSpecScale takes the bin spacing from the FFT level's frame size (the padded length, stored as float32).
  const binSpacingHz = 1 / Math.fround(G60_FFT_SIZE / COMPARE_SAMPLE_RATE_HZ);
  const finder = new PitchCandidateFinder({ binCount, binSpacingHz, octaveMinFrequencyHz: options.octaveMinFrequencyHz, shs: options.shs });
  const { candF0, candVoicing } = pitchCandidates(signal, nFrames, spectrum, finder);
  const nCand = finder.candidates.f0Hz.length;

  const { f0Hz, voicing, decidedFrames } = smoothPitchViterbi(candF0, candVoicing, nCand, options.viterbi);
  zeroBelowEnergyGate(f0Hz, voicing, windowedFrameRms(signal, window, HOP_SAMPLES, nFrames), gate);
  const vq = computePitchJitter(signal, f0Hz, {
    ...options.jitter,
    sampleRateHz: COMPARE_SAMPLE_RATE_HZ,
    frameLengthSamples: F60_SAMPLES,
    hopSamples: HOP_SAMPLES,
  });
  return {
    names: [...VOICING_LLD_NAMES],
    contours: [f0Hz, voicing, vq.jitterLocal, vq.jitterDDP, vq.shimmerLocal, vq.logHNR],
    framesBeforeEndOfInput: decidedFrames,
  };
}

/**
 * Per 60 ms frame: the SHS candidates (nCand per frame, flattened). A function of its own because V8
 * optimises it while its loop runs (on-stack replacement): code after the loop, not yet run when that
 * happens, would throw the optimised code away.
 */
function pitchCandidates(signal: Float32Array, nFrames: number, spectrum: MagnitudeSpectrum, finder: PitchCandidateFinder): { candF0: Float32Array; candVoicing: Float32Array } {
  const hop = HOP_SAMPLES;
  const binCount = spectrum.binCount;
  const nCand = finder.candidates.f0Hz.length;
  const magnitude = new Float32Array(binCount);
  const candF0 = new Float32Array(nFrames * nCand);
  const candVoicing = new Float32Array(nFrames * nCand);

  for (let k = 0; k < nFrames; k++) {
    const start = k * hop;
    spectrum.compute(signal, start, magnitude);
    const c = finder.find(magnitude);
    candF0.set(c.f0Hz, k * nCand);
    candVoicing.set(c.voicing, k * nCand);
  }
  return { candF0, candVoicing };
}

/**
 * F0 and voicing 0 where the frame's windowed RMS is not above the gate (cValbasedSelector on
 * is13_energy60; its own function for the reason pitchCandidates is).
 */
function zeroBelowEnergyGate(f0Hz: Float32Array, voicing: Float32Array, rms: Float32Array, gate: number): void {
  for (let k = 0; k < rms.length; k++) {
    if (!(rms[k] > gate)) {
      f0Hz[k] = 0;
      voicing[k] = 0;
    }
  }
}
