/**
 * ComParE_2016 end to end: the 65 raw LLD contours, the `_sma` smoothing, the deltas and the six
 * functional blocks (notes §3–§7).
 */

import { deltaRegression, deltaRegressionInSegments } from './deltas.js';
import { computeEnergySpectralLlds, lldColumnName } from './energySpectralLlds.js';
import { COMPARE_FEATURE_NAMES, deltaName, ENERGY_LLD_NAMES, ENERGY_SPECTRAL_LLD_NAMES, F0_COPY_NAME, LLD_CSV_NAMES, VOICING_LLD_NAMES } from './featureNames.js';
import { COMPARE_SAMPLE_RATE_HZ, F60_SAMPLES, FRAME_PERIOD_S, frameCount } from './framing.js';
import { blockFrameCounts, computeContourFunctionals, computeFunctionalBlocks, type SmoothedLlds } from './functionalBlocks.js';
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
      `audio too short for ComParE features: ${signal.length} samples, at least one 60 ms frame ` + `(${F60_SAMPLES} samples at ${COMPARE_SAMPLE_RATE_HZ} Hz) is needed`,
    );
  }
}

/**
 * The `_sma` contour of energy/spectral LLD `index` (notes §4, §7). openSMILE's energy level (group
 * A) joins the 20 ms LLDs with the 60 ms zcr; its smoothed contours end at frame n60 when the deltas
 * are flushed, so the last deltas repeat smoothed frame n60 (notes §7). Smoothed frame n60 itself
 * averages real 20 ms frames n60 − 1…n60 + 1 and, for the zcr, repeats of its last frame: the
 * smoothing's edge repetition. Checked against openSMILE's LLD CSVs.
 * @param out scratch for the result (a view into it is returned): at least n60 + 1 frames for the
 *   energy group, raw.length for the spectral one; default a new array
 */
function smoothEnergySpectral(raw: Float32Array, index: number, n60: number, out?: Float32Array): Float32Array {
  const frames = index < ENERGY_LLD_NAMES.length ? n60 + 1 : raw.length;
  return smoothSma3(raw, false, out === undefined ? new Float32Array(frames) : out.subarray(0, frames));
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
  const energySpectralSmoothed = energySpectral.map((x, i) => smoothEnergySpectral(x, i, n60));
  return {
    voicing: voicingSmoothed,
    voicingDeltas: deltaRegressionInSegments(voicingSmoothed),
    energySpectral: energySpectralSmoothed,
    energySpectralDeltas: energySpectralSmoothed.map((x) => deltaRegression(x)),
  };
}

interface RawLlds {
  n60: number;
  voicing: Float32Array[];
  /** Voicing frames openSMILE had when the input ended (VoicingLlds.framesBeforeEndOfInput). */
  voicingFramesAtEnd: number;
  energySpectral: Float32Array[];
}

/** Raw LLDs of a 16 kHz mono signal (scaled as openSMILE reads int16: sample/32767), in openSMILE's order. */
function rawLlds(signal: Float32Array): RawLlds {
  assertLongEnough(signal);
  const voicing = computeVoicingLlds(signal);
  assertSameNames(
    voicing.names.map((n) => `${n}_sma`),
    VOICING_LLD_NAMES,
    'voicing',
  );
  const energySpectral = computeEnergySpectralLlds(signal);
  assertSameNames(
    energySpectral.names.map((n) => lldColumnName(n, '_sma')),
    ENERGY_SPECTRAL_LLD_NAMES,
    'energy/spectral',
  );
  return {
    n60: frameCount(signal.length, F60_SAMPLES),
    voicing: voicing.contours,
    voicingFramesAtEnd: voicing.framesBeforeEndOfInput,
    energySpectral: energySpectral.contours,
  };
}

/**
 * The voicing contours as openSMILE's functionals see them (blockFrameCounts): cut after the frames
 * the Viterbi smoother had decided before the input ended, then smoothed (the cut edge repeated) and
 * differenced. Differs from the LLD output, which holds every frame, only near the cut.
 */
function voicingForFunctionals(raw: RawLlds): { voicing: Float32Array[]; voicingDeltas: Float32Array[]; frameCounts: ReturnType<typeof blockFrameCounts> } {
  const voicing = raw.voicing.map((x) => smoothSma3(x.subarray(0, raw.voicingFramesAtEnd), true));
  return {
    voicing,
    voicingDeltas: deltaRegressionInSegments(voicing),
    frameCounts: blockFrameCounts(raw.n60, 2 + raw.n60 - raw.voicingFramesAtEnd),
  };
}

/**
 * The 6,373 ComParE_2016 functionals of a 16 kHz mono signal, in COMPARE_FEATURE_NAMES order.
 * Each energy/spectral contour is smoothed, summarised, differenced and summarised again in two
 * scratch buffers, so beyond the raw LLDs memory does not grow with the signal's length.
 * @throws Error when the signal is shorter than one 60 ms frame
 */
export function extractCompareFunctionals(signal: Float32Array): Float32Array {
  const raw = rawLlds(signal);
  const { n60, energySpectral } = raw;
  const out = new Float32Array(COMPARE_FEATURE_NAMES.length);

  // The voicing deltas share one growing normaliser across the six contours (notes §4): all at once.
  const { voicing: voicingSmoothed, voicingDeltas, frameCounts } = voicingForFunctionals(raw);
  VOICING_LLD_NAMES.forEach((name, i) => {
    computeContourFunctionals(name, voicingSmoothed[i], frameCounts, out);
    computeContourFunctionals(deltaName(name), voicingDeltas[i], frameCounts, out);
  });
  computeContourFunctionals(F0_COPY_NAME, voicingSmoothed[0], frameCounts, out);

  const longest = energySpectral.reduce((m, x) => Math.max(m, x.length), n60 + 1);
  const smoothedScratch = new Float32Array(longest);
  const deltaScratch = new Float32Array(longest);
  ENERGY_SPECTRAL_LLD_NAMES.forEach((name, i) => {
    const smoothed = smoothEnergySpectral(energySpectral[i], i, n60, smoothedScratch);
    computeContourFunctionals(name, smoothed, frameCounts, out);
    const delta = deltaRegression(smoothed, undefined, deltaScratch.subarray(0, smoothed.length));
    computeContourFunctionals(deltaName(name), delta, frameCounts, out);
  });
  return out;
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
  const { n60, voicing, energySpectral } = rawLlds(signal);
  return lldFrames(n60, smoothAndDelta(voicing, energySpectral, n60));
}

/** Functionals and per-frame LLDs from one LLD computation (for callers that want both). */
export function extractCompareFeatures(signal: Float32Array): { functionals: Float32Array; llds: CompareLldFrames } {
  const raw = rawLlds(signal);
  const { n60, voicing, energySpectral } = raw;
  const llds = smoothAndDelta(voicing, energySpectral, n60);
  const { frameCounts, ...seenVoicing } = voicingForFunctionals(raw);
  return { functionals: computeFunctionalBlocks({ ...llds, ...seenVoicing }, frameCounts), llds: lldFrames(n60, llds) };
}

function lldFrames(n60: number, llds: SmoothedLlds): CompareLldFrames {
  const all = [...llds.voicing, ...llds.energySpectral, ...llds.voicingDeltas, ...llds.energySpectralDeltas];
  return {
    names: LLD_CSV_NAMES,
    frameTimesS: Float64Array.from({ length: n60 }, (_, k) => k * FRAME_PERIOD_S),
    columns: all.map((x) => x.slice(0, n60)),
  };
}
