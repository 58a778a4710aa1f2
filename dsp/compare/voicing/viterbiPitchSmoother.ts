import wasmBase64 from '../../../assembly/viterbiPitchSmoother.wasm.js';
import { instantiateWasm, wasmMemoryOf } from '../wasmInstance.js';

/**
 * Viterbi smoothing of SHS pitch candidates into one F0 and voicing value per frame, as openSMILE's
 * cPitchSmootherViterbi does it (notes §3.1 step 7). States are the candidates plus one unvoiced
 * state. The search is incremental over a ring buffer of `bufferFrames` frames: a frame is decided
 * as soon as all surviving paths agree on it, or forced (from the currently best path) once it is
 * `bufferFrames` old, and the rest is decided from the best path at the end. Forced decisions make
 * the result differ from a whole-utterance Viterbi, so the buffer is reproduced.
 *
 * openSMILE quirks kept for parity:
 * - `setWeights` copies wTvv into wTvvd, so the configured wTvvd (5 in ComParE) is never used.
 * - unvoiced→unvoiced transitions cost 1, not wTuu (a chained comparison that is always false).
 * - the "last change" of the delta-continuity term is one variable updated by every voiced→voiced
 *   transition evaluated (and reset by voiced↔unvoiced ones), in evaluation order.
 *
 * Costs: a voiced state's local cost is (−ln(clip(voicing, 0.01, 1)) + wThr if below the threshold)·
 * wLocal + rangeCost(F0)·wRange, where the range prior is free between 100 and 350 Hz, 1 − F0/100
 * below, (F0 − 350)/250 up to 600 Hz, 1.2 above, 2 for an empty candidate; the unvoiced state costs
 * wLocal·wThr when any candidate reaches the threshold, else 0. Between voiced states with r =
 * ln(f32(f1/f0)) the transition costs wTvv·|r| + wTvvd·|r − last change| (999 to or from an empty
 * candidate).
 */

export interface ViterbiWeights {
  /** Weight of the local cost −ln(voicing) (+ wThr below the threshold). Default 2. */
  wLocal: number;
  /** Weight of |ln(f1/f0)| between voiced states. Default 10 (ComParE). */
  wTvv: number;
  /** Weight of the change of ln(f1/f0) between steps; openSMILE uses wTvv instead (see above). */
  wTvvd: number;
  /** Cost of a voiced↔unvoiced transition. Default 10. */
  wTvuv: number;
  /** Penalty for a voiced state below the voicing threshold (and for unvoiced when any candidate is above). Default 4. */
  wThr: number;
  /** Weight of the F0 range prior. Default 1. */
  wRange: number;
}

export const COMPARE_VITERBI_WEIGHTS: ViterbiWeights = { wLocal: 2, wTvv: 10, wTvvd: 10, wTvuv: 10, wThr: 4, wRange: 1 };

export interface ViterbiOptions {
  weights?: ViterbiWeights;
  /** Voicing threshold (`voicingCutoff`, 0.70; compared in float32). */
  voicingThreshold?: number;
  /** Ring buffer length in frames (`bufferLength`, default 30). */
  bufferFrames?: number;
}

export interface SmoothedPitch {
  /** F0 in Hz, 0 for unvoiced frames. */
  f0Hz: Float32Array;
  /** Voicing of the chosen candidate; for unvoiced frames, that of the best-scoring candidate. */
  voicing: Float32Array;
  /**
   * Frames decided before the input ended (the rest come from the final flush of the best path):
   * what openSMILE's smoother had output when end of input was signalled. Fewer than all frames:
   * the best paths into the different states never agree on the newest one.
   */
  decidedFrames: number;
}

interface ViterbiExports {
  smooth(
    f0: number,
    voicing: number,
    candidates: number,
    nFrames: number,
    bufLen: number,
    threshold: number,
    wLocal: number,
    wTvv: number,
    wTvvd: number,
    wTvuv: number,
    wThr: number,
    wRange: number,
    paths: number,
    costs: number,
    f0Out: number,
    voicingOut: number,
  ): number;
}

/** One instance per thread, its memory grown for a longer file. */
let instance: { exports: ViterbiExports; memory: WebAssembly.Memory } | undefined;

/**
 * The search runs as WebAssembly (assembly/viterbiPitchSmoother.ts, one instance per thread), with
 * JavaScript's Math.log imported; its memory holds, in this order, the two cost vectors, the
 * candidates' F0 and voicing, the two path tables and the two outputs.
 * @param candF0Hz frame-major candidates, `candidateCount` per frame (0 = empty slot)
 * @param candVoicing their voicing values, same layout
 */
export function smoothPitchViterbi(candF0Hz: Float32Array, candVoicing: Float32Array, candidateCount: number, options: ViterbiOptions = {}): SmoothedPitch {
  const w = options.weights ?? COMPARE_VITERBI_WEIGHTS;
  const threshold = Math.fround(options.voicingThreshold ?? 0.7);
  const bufLen = options.bufferFrames ?? 30;
  const nFrames = Math.floor(candF0Hz.length / candidateCount);
  const nStates = candidateCount + 1;
  if (nFrames === 0) return { f0Hz: new Float32Array(0), voicing: new Float32Array(0), decidedFrames: 0 };

  const costsAt = 0;
  const f0At = costsAt + 16 * nStates;
  const voicingAt = f0At + 4 * nFrames * candidateCount;
  const pathsAt = voicingAt + 4 * nFrames * candidateCount;
  const f0OutAt = pathsAt + 8 * nStates * bufLen;
  const voicingOutAt = f0OutAt + 4 * nFrames;
  const bytes = voicingOutAt + 4 * nFrames;
  // A reused instance's memory is zeroed, as a new one's is: the outcome cannot depend on the previous signal.
  if (instance === undefined) instance = instantiateWasm<ViterbiExports>(wasmBase64, bytes, { javascriptMath: { log: Math.log } });
  else new Uint8Array(wasmMemoryOf(instance.memory, bytes), 0, bytes).fill(0);
  const { exports } = instance;
  const buffer = instance.memory.buffer;
  new Float32Array(buffer, f0At, nFrames * candidateCount).set(candF0Hz.subarray(0, nFrames * candidateCount));
  new Float32Array(buffer, voicingAt, nFrames * candidateCount).set(candVoicing.subarray(0, nFrames * candidateCount));
  const decidedFrames = exports.smooth(
    f0At,
    voicingAt,
    candidateCount,
    nFrames,
    bufLen,
    threshold,
    w.wLocal,
    w.wTvv,
    w.wTvvd,
    w.wTvuv,
    w.wThr,
    w.wRange,
    pathsAt,
    costsAt,
    f0OutAt,
    voicingOutAt,
  );
  return { f0Hz: new Float32Array(buffer.slice(f0OutAt, f0OutAt + 4 * nFrames)), voicing: new Float32Array(buffer.slice(voicingOutAt, voicingOutAt + 4 * nFrames)), decidedFrames };
}
