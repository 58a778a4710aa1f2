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

/** Built-in F0 range prior: free between 100 and 350 Hz, rising outside, 2 for an empty candidate. */
function rangeCost(f: number): number {
  if (f > 0 && f < 100) return 1 - f / 100;
  if (f >= 100 && f < 350) return 0;
  if (f >= 350 && f < 600) return (f - 350) / 250;
  if (f >= 600) return 1.2;
  return 2;
}

/**
 * @param candF0Hz frame-major candidates, `candidateCount` per frame (0 = empty slot)
 * @param candVoicing their voicing values, same layout
 */
export function smoothPitchViterbi(candF0Hz: Float32Array, candVoicing: Float32Array, candidateCount: number, options: ViterbiOptions = {}): SmoothedPitch {
  const w = options.weights ?? COMPARE_VITERBI_WEIGHTS;
  const threshold = Math.fround(options.voicingThreshold ?? 0.7);
  const bufLen = options.bufferFrames ?? 30;
  const nFrames = Math.floor(candF0Hz.length / candidateCount);
  const nStates = candidateCount + 1;
  const unvoiced = candidateCount;
  const f0Out = new Float32Array(nFrames);
  const voicingOut = new Float32Array(nFrames);
  if (nFrames === 0) return { f0Hz: f0Out, voicing: voicingOut, decidedFrames: 0 };

  let paths = new Int32Array(nStates * bufLen);
  let pathsNew = new Int32Array(nStates * bufLen);
  let costs = new Float64Array(nStates);
  let costsNew = new Float64Array(nStates);
  // The closures below update it: a typed array keeps the double unboxed (no allocation per write).
  const lastChange = Float64Array.of(1);

  const localCost = (state: number, base: number): number => {
    if (state < unvoiced) {
      let pv = candVoicing[base + state];
      const thr = pv < threshold ? w.wThr : 0;
      if (pv < 0.01) pv = 0.01;
      if (pv > 1) pv = 1;
      return (-Math.log(pv) + thr) * w.wLocal + rangeCost(candF0Hz[base + state]) * w.wRange;
    }
    for (let j = 0; j < candidateCount; j++) if (candVoicing[base + j] >= threshold) return w.wLocal * w.wThr;
    return 0;
  };

  const transitionCost = (cur: number, prev: number, curBase: number, prevBase: number): number => {
    if (cur < unvoiced && prev < unvoiced) {
      const f0 = candF0Hz[prevBase + prev];
      const f1 = candF0Hz[curBase + cur];
      if (f0 === 0 || f1 === 0) return 999;
      const r = Math.log(Math.fround(f1 / f0));
      const x = w.wTvv * Math.abs(r) + w.wTvvd * Math.abs(r - lastChange[0]);
      lastChange[0] = r;
      return x;
    }
    if (cur === unvoiced && prev === unvoiced) return 1;
    lastChange[0] = 0;
    return w.wTvuv;
  };

  const emit = (frame: number, state: number): void => {
    const base = frame * candidateCount;
    if (state < unvoiced) {
      f0Out[frame] = candF0Hz[base + state];
      voicingOut[frame] = candVoicing[base + state];
    } else {
      f0Out[frame] = 0;
      voicingOut[frame] = candVoicing[base];
    }
  };

  const bestState = (): number => {
    let best = 0;
    for (let i = 1; i < nStates; i++) if (costs[i] < costs[best]) best = i;
    return best;
  };

  let convIdx = -1;
  for (let t = 0; t < nFrames; t++) {
    const base = t * candidateCount;
    const slot = t % bufLen;
    if (t === 0) {
      for (let i = 0; i < nStates; i++) {
        costs[i] = localCost(i, base);
        paths[i * bufLen] = i;
      }
    } else {
      const prevBase = base - candidateCount;
      for (let i = 0; i < nStates; i++) {
        let minState = 0;
        let minCost = transitionCost(i, 0, base, prevBase) + costs[0];
        for (let j = 1; j < nStates; j++) {
          const c = transitionCost(i, j, base, prevBase) + costs[j];
          if (c < minCost) {
            minCost = c;
            minState = j;
          }
        }
        costsNew[i] = minCost + localCost(i, base);
        const from = minState * bufLen;
        const to = i * bufLen;
        for (let m = 0; m < bufLen; m++) pathsNew[to + m] = paths[from + m];
        pathsNew[i * bufLen + slot] = i;
      }
      const costsOld = costs;
      costs = costsNew;
      costsNew = costsOld;
      const pathsOld = paths;
      paths = pathsNew;
      pathsNew = pathsOld;
    }
    const pathIdx = t + 1;
    if (pathIdx - convIdx > bufLen) {
      convIdx++;
      emit(convIdx, paths[bestState() * bufLen + (convIdx % bufLen)]);
    } else {
      for (let m = convIdx + 1; m < pathIdx; m++) {
        const s = paths[m % bufLen];
        let agree = true;
        for (let i = 1; i < nStates; i++) {
          if (paths[i * bufLen + (m % bufLen)] !== s) {
            agree = false;
            break;
          }
        }
        if (!agree) break;
        convIdx++;
        emit(convIdx, s);
      }
    }
  }
  const decidedFrames = convIdx + 1;
  const best = bestState();
  for (let m = convIdx + 1; m < nFrames; m++) emit(m, paths[best * bufLen + (m % bufLen)]);
  return { f0Hz: f0Out, voicing: voicingOut, decidedFrames };
}
