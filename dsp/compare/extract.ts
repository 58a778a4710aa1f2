/**
 * ComParE_2016 end to end: the 65 raw LLD contours, the `_sma` smoothing, the deltas and the six
 * functional blocks (notes §3–§7).
 */

import { deltaRegression, deltaRegressionInSegments } from './deltas.js';
import { computeEnergySpectralLlds, lldColumnName } from './energySpectralLlds.js';
import { ENERGY_LLD_NAMES, ENERGY_SPECTRAL_LLD_NAMES, LLD_CSV_NAMES, VOICING_LLD_NAMES } from './featureNames.js';
import { COMPARE_SAMPLE_RATE_HZ, F60_SAMPLES, FRAME_PERIOD_S, frameCount } from './framing.js';
import { blockFrameCounts, computeFunctionalBlocks, type SmoothedLlds } from './functionals/blocks.js';
import { smoothSma3 } from './smoothing.js';
import { computeVoicingLlds } from './voicing/voicingLlds.js';

function assertSameNames(actual: readonly string[], expected: readonly string[], what: string): void {
  if (actual.length !== expected.length || actual.some((name, i) => name !== expected[i])) {
    throw new Error(`${what} LLDs are not in openSMILE order: got ${actual.join(', ')}`);
  }
}

function assertLongEnough(signal: Float32Array): void {
  if (signal.length < F60_SAMPLES) {
    throw new Error(
      `audio too short for ComParE features: ${signal.length} samples, at least one 60 ms frame ` +
        `(${F60_SAMPLES} samples at ${COMPARE_SAMPLE_RATE_HZ} Hz) is needed`,
    );
  }
}

/**
 * openSMILE's energy level (group A) joins the 20 ms LLDs with the 60 ms zcr. Its smoothed contours
 * end at frame n60 when the deltas are flushed, so the last deltas repeat smoothed frame n60
 * (notes §7); smoothed frame n60 itself averages real 20 ms frames n60 − 1…n60 + 1 and, for the
 * zcr, repeats of its last frame. Checked against openSMILE's LLD CSVs.
 */
function smoothEnergyLevel(raw: Float32Array, n60: number): Float32Array {
  const padded = new Float32Array(Math.max(raw.length, n60 + 2));
  padded.set(raw);
  padded.fill(raw[raw.length - 1], raw.length);
  return smoothSma3(padded).slice(0, n60 + 1);
}

/**
 * Smooths raw LLD contours and computes their deltas.
 * @param voicing the 6 voicing contours, n60 frames (noZeroSma smoothing, in-segment deltas)
 * @param energySpectral the 59 energy/spectral contours at their native frame counts (n20, or n60
 *   for the zcr); the 4 energy ones are brought to openSMILE's energy-level length first
 * @param n60 number of complete 60 ms frames
 */
export function smoothAndDelta(voicing: readonly Float32Array[], energySpectral: readonly Float32Array[], n60: number): SmoothedLlds {
  const voicingSmoothed = voicing.map((x) => smoothSma3(x, true));
  const energySpectralSmoothed = energySpectral.map((x, i) =>
    i < ENERGY_LLD_NAMES.length ? smoothEnergyLevel(x, n60) : smoothSma3(x),
  );
  return {
    voicing: voicingSmoothed,
    voicingDeltas: deltaRegressionInSegments(voicingSmoothed),
    energySpectral: energySpectralSmoothed,
    energySpectralDeltas: energySpectralSmoothed.map((x) => deltaRegression(x)),
  };
}

/** Raw LLDs of a 16 kHz mono signal (scaled as openSMILE reads int16: sample/32767), smoothed, with deltas. */
function smoothedLlds(signal: Float32Array): { n60: number; llds: SmoothedLlds } {
  assertLongEnough(signal);
  const voicing = computeVoicingLlds(signal);
  assertSameNames(voicing.names.map((n) => `${n}_sma`), VOICING_LLD_NAMES, 'voicing');
  const energySpectral = computeEnergySpectralLlds(signal);
  assertSameNames(energySpectral.names.map((n) => lldColumnName(n, '_sma')), ENERGY_SPECTRAL_LLD_NAMES, 'energy/spectral');
  const n60 = frameCount(signal.length, F60_SAMPLES);
  return { n60, llds: smoothAndDelta(voicing.contours, energySpectral.contours, n60) };
}

/**
 * The 6,373 ComParE_2016 functionals of a 16 kHz mono signal, in COMPARE_FEATURE_NAMES order.
 * @throws Error when the signal is shorter than one 60 ms frame
 */
export function extractCompareFunctionals(signal: Float32Array): Float32Array {
  const { n60, llds } = smoothedLlds(signal);
  return computeFunctionalBlocks(llds, blockFrameCounts(n60));
}

export interface CompareLldFrames {
  /** The 130 columns after `name;frameTime` of openSMILE's LLD CSV: 65 `_sma` LLDs, then 65 `_sma_de`. */
  readonly names: readonly string[];
  /** Frame start times in seconds, one per 10 ms frame (n60 of them). */
  readonly frameTimesS: Float64Array;
  /** One contour per name, n60 frames each. */
  readonly columns: readonly Float32Array[];
}

/**
 * The per-frame smoothed LLDs and deltas, as in openSMILE's LLD CSV (without its end-of-input
 * artefact row).
 * @throws Error when the signal is shorter than one 60 ms frame
 */
export function extractCompareLlds(signal: Float32Array): CompareLldFrames {
  const { n60, llds } = smoothedLlds(signal);
  return lldFrames(n60, llds);
}

/** Functionals and per-frame LLDs from one LLD computation (for callers that want both). */
export function extractCompareFeatures(signal: Float32Array): { functionals: Float32Array; llds: CompareLldFrames } {
  const { n60, llds } = smoothedLlds(signal);
  return { functionals: computeFunctionalBlocks(llds, blockFrameCounts(n60)), llds: lldFrames(n60, llds) };
}

function lldFrames(n60: number, llds: SmoothedLlds): CompareLldFrames {
  const all = [...llds.voicing, ...llds.energySpectral, ...llds.voicingDeltas, ...llds.energySpectralDeltas];
  return {
    names: LLD_CSV_NAMES,
    frameTimesS: Float64Array.from({ length: n60 }, (_, k) => k * FRAME_PERIOD_S),
    columns: all.map((x) => x.slice(0, n60)),
  };
}
