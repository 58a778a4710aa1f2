/**
 * The Viterbi pitch smoother of dsp/compare/voicing/viterbiPitchSmoother.ts (see there for the method
 * and openSMILE's quirks it keeps), compiled to WebAssembly by scripts/buildWasm.mjs: the same float64
 * operations in the same order, so the same bits. log is JavaScript's Math.log, imported: WebAssembly
 * has none, and AssemblyScript's rounds differently in the last bit. viterbiPitchSmoother.ts lays out
 * the memory.
 */

import { ld32, st32, ld, st, ldi, sti } from './lib/memoryAccess';
import * as javascriptMath from './lib/javascriptMath';

// The weights and the threshold of one call (module state: the smoother runs one input at a time).
let wLocal: f64 = 0;
let wTvv: f64 = 0;
let wTvvd: f64 = 0;
let wTvuv: f64 = 0;
let wThr: f64 = 0;
let wRange: f64 = 0;
let threshold: f64 = 0;
let candF0: usize = 0;
let candVoicing: usize = 0;
let nCand: i32 = 0;
/** The "last change" of the delta-continuity term, updated in evaluation order. */
let lastChange: f64 = 1;

/** Built-in F0 range prior: free between 100 and 350 Hz, rising outside, 2 for an empty candidate. */
function rangeCost(f: f64): f64 {
  if (f > 0 && f < 100) return 1 - f / 100;
  if (f >= 100 && f < 350) return 0;
  if (f >= 350 && f < 600) return (f - 350) / 250;
  if (f >= 600) return 1.2;
  return 2;
}

function localCost(state: i32, base: i32): f64 {
  if (state < nCand) {
    let pv: f64 = ld32(candVoicing, base + state);
    const thr = pv < threshold ? wThr : 0;
    if (pv < 0.01) pv = 0.01;
    if (pv > 1) pv = 1;
    return (-javascriptMath.log(pv) + thr) * wLocal + rangeCost(ld32(candF0, base + state)) * wRange;
  }
  for (let j = 0; j < nCand; j++) if (<f64>ld32(candVoicing, base + j) >= threshold) return wLocal * wThr;
  return 0;
}

function transitionCost(cur: i32, prev: i32, curBase: i32, prevBase: i32): f64 {
  if (cur < nCand && prev < nCand) {
    const f0 = ld32(candF0, prevBase + prev);
    const f1 = ld32(candF0, curBase + cur);
    if (f0 == 0 || f1 == 0) return 999;
    const r = javascriptMath.log(<f32>(<f64>f1 / <f64>f0));
    const x = wTvv * Math.abs(r) + wTvvd * Math.abs(r - lastChange);
    lastChange = r;
    return x;
  }
  if (cur == nCand && prev == nCand) return 1;
  lastChange = 0;
  return wTvuv;
}

function emit(frame: i32, state: i32, f0Out: usize, voicingOut: usize): void {
  const base = frame * nCand;
  if (state < nCand) {
    st32(f0Out, frame, ld32(candF0, base + state));
    st32(voicingOut, frame, ld32(candVoicing, base + state));
  } else {
    st32(f0Out, frame, 0);
    st32(voicingOut, frame, ld32(candVoicing, base));
  }
}

function bestState(costs: usize, nStates: i32): i32 {
  let best = 0;
  for (let i = 1; i < nStates; i++) if (ld(costs, i) < ld(costs, best)) best = i;
  return best;
}

/**
 * Smooths nFrames frames of `candidates` candidates each (float32 F0 at `f0`, voicing at `voicing`,
 * frame-major) into f0Out and voicingOut (nFrames floats each); returns the frames decided before the
 * input ended.
 * @param paths scratch: 2·(candidates + 1)·bufLen int32 (two path tables)
 * @param costs scratch: 2·(candidates + 1) doubles
 */
export function smooth(
  f0: usize,
  voicing: usize,
  candidates: i32,
  nFrames: i32,
  bufLen: i32,
  thresholdF32: f64,
  weightLocal: f64,
  weightTvv: f64,
  weightTvvd: f64,
  weightTvuv: f64,
  weightThr: f64,
  weightRange: f64,
  paths: usize,
  costs: usize,
  f0Out: usize,
  voicingOut: usize,
): i32 {
  candF0 = f0;
  candVoicing = voicing;
  nCand = candidates;
  threshold = thresholdF32;
  wLocal = weightLocal;
  wTvv = weightTvv;
  wTvvd = weightTvvd;
  wTvuv = weightTvuv;
  wThr = weightThr;
  wRange = weightRange;
  lastChange = 1;
  const nStates = candidates + 1;
  let pathsNow = paths;
  let pathsNew = paths + ((<usize>(nStates * bufLen)) << 2);
  let costsNow = costs;
  let costsNew = costs + ((<usize>nStates) << 3);

  let convIdx = -1;
  for (let t = 0; t < nFrames; t++) {
    const base = t * candidates;
    const slot = t % bufLen;
    if (t == 0) {
      for (let i = 0; i < nStates; i++) {
        st(costsNow, i, localCost(i, base));
        sti(pathsNow, i * bufLen, i);
      }
    } else {
      const prevBase = base - candidates;
      for (let i = 0; i < nStates; i++) {
        let minState = 0;
        let minCost = transitionCost(i, 0, base, prevBase) + ld(costsNow, 0);
        for (let j = 1; j < nStates; j++) {
          const c = transitionCost(i, j, base, prevBase) + ld(costsNow, j);
          if (c < minCost) {
            minCost = c;
            minState = j;
          }
        }
        st(costsNew, i, minCost + localCost(i, base));
        memory.copy(pathsNew + ((<usize>(i * bufLen)) << 2), pathsNow + ((<usize>(minState * bufLen)) << 2), (<usize>bufLen) << 2);
        sti(pathsNew, i * bufLen + slot, i);
      }
      const costsOld = costsNow;
      costsNow = costsNew;
      costsNew = costsOld;
      const pathsOld = pathsNow;
      pathsNow = pathsNew;
      pathsNew = pathsOld;
    }
    const pathIdx = t + 1;
    if (pathIdx - convIdx > bufLen) {
      convIdx++;
      emit(convIdx, ldi(pathsNow, bestState(costsNow, nStates) * bufLen + (convIdx % bufLen)), f0Out, voicingOut);
    } else {
      for (let m = convIdx + 1; m < pathIdx; m++) {
        const s = ldi(pathsNow, m % bufLen);
        let agree = true;
        for (let i = 1; i < nStates; i++) {
          if (ldi(pathsNow, i * bufLen + (m % bufLen)) != s) {
            agree = false;
            break;
          }
        }
        if (!agree) break;
        convIdx++;
        emit(convIdx, s, f0Out, voicingOut);
      }
    }
  }
  const decidedFrames = convIdx + 1;
  const best = bestState(costsNow, nStates);
  for (let m = convIdx + 1; m < nFrames; m++) emit(m, ldi(pathsNow, best * bufLen + (m % bufLen)), f0Out, voicingOut);
  return decidedFrames;
}
