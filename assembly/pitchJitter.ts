/**
 * The jitter, shimmer and HNR frame loop of dsp/compare/voicing/pitchJitter.ts (see there for the
 * method and openSMILE's rules), compiled to WebAssembly by scripts/buildWasm.mjs: the same float64
 * and float32 operations in the same order as the JavaScript it replaced, so the same bits. log10 is
 * JavaScript's Math.log10, imported: WebAssembly has none, and AssemblyScript's rounds differently in
 * the last bit. pitchJitter.ts runs it frame by frame, copying in the samples each frame reads
 * (touching a whole signal's worth of fresh memory would cost more than the loop).
 */

import { ld32, st32, ld, st, ldi, sti } from './lib/memoryAccess';
import * as javascriptMath from './lib/javascriptMath';
import { parabolaVertex, vertexX, vertexY } from './lib/parabola';

const WASM_PAGE_BYTES: usize = 65536;

/**
 * cc[lag − lagMin] = Pearson correlation of x[s..s+lag) with x[s+lag..s+2·lag), for lag = lagMin..lagMax;
 * means and energies from the prefix sums of x (prefix[i] = Σ x[0..i), prefixSq likewise of x²).
 */
function segmentCorrelations(x: usize, prefix: usize, prefixSq: usize, s: i32, lagMin: i32, lagMax: i32, cc: usize): void {
  const xs = x + ((<usize>s) << 3);
  for (let L = lagMin; L <= lagMax; L++) {
    // The four partial sums of the JavaScript (i ≡ 0, 1, 2, 3 mod 4), as two pairs of lanes: each
    // lane multiplies and adds as the scalar code does, so the sums are the same bits.
    let s01 = f64x2.splat(0);
    let s23 = f64x2.splat(0);
    const xt = xs + ((<usize>L) << 3);
    let i = 0;
    for (; i + 3 < L; i += 4) {
      const o = (<usize>i) << 3;
      s01 = f64x2.add(s01, f64x2.mul(v128.load(xs + o), v128.load(xt + o)));
      s23 = f64x2.add(s23, f64x2.mul(v128.load(xs + o, 16), v128.load(xt + o, 16)));
    }
    let s0: f64 = f64x2.extract_lane(s01, 0);
    for (; i < L; i++) s0 += ld(xs, i) * ld(xt, i);
    const sxy = s0 + f64x2.extract_lane(s01, 1) + (f64x2.extract_lane(s23, 0) + f64x2.extract_lane(s23, 1));
    const sx = ld(prefix, s + L) - ld(prefix, s);
    const sy = ld(prefix, s + 2 * L) - ld(prefix, s + L);
    const sxx = ld(prefixSq, s + L) - ld(prefixSq, s);
    const syy = ld(prefixSq, s + 2 * L) - ld(prefixSq, s + L);
    const n = <f64>L;
    const cov = sxy - (sx * sy) / n;
    const vx = sxx - (sx * sx) / n;
    const vy = syy - (sy * sy) / n;
    store<f64>(cc + ((<usize>(L - lagMin)) << 3), cov / (Math.sqrt(vx) * Math.sqrt(vy)));
  }
}

/** JavaScript's Math.round (halves toward +∞), which WebAssembly's nearest (halves to even) is not. */
function jsRound(x: f64): f64 {
  const r = Math.ceil(x);
  return r - 0.5 > x ? r - 1 : r;
}

/** Max − min of signal[s+1 .. s+L−2] (openSMILE skips the first and last sample of a period). */
function peakToPeak(signal: usize, s: i32, L: i32): f32 {
  let max = ld32(signal, s + 1);
  let min = max;
  for (let i = 1; i < L - 1; i++) {
    const v = ld32(signal, s + i);
    if (v > max) max = v;
    if (v < min) min = v;
  }
  return <f32>(<f64>max - <f64>min);
}

// The scratch of one frame, from `scratchAt` on (grown, with the memory, when a read or a period is
// longer than it): the read in double precision, its prefix sums of x and x², the correlations, the
// average period, the period starts, and the frame's samples as the caller copies them in.
let scratchAt: usize = 0;
let capacity: i32 = 0;
let lagCapacity: i32 = 0;
let readAt: usize = 0;
let prefixAt: usize = 0;
let prefixSqAt: usize = 0;
let ccAt: usize = 0;
let avgWaveAt: usize = 0;
let periodStartsAt: usize = 0;
let windowAt: usize = 0;

function layScratch(cap: i32, lagCap: i32): void {
  capacity = cap;
  lagCapacity = lagCap;
  readAt = scratchAt;
  prefixAt = readAt + ((<usize>cap) << 3);
  prefixSqAt = prefixAt + ((<usize>(cap + 1)) << 3);
  ccAt = prefixSqAt + ((<usize>(cap + 1)) << 3);
  avgWaveAt = ccAt + ((<usize>lagCap) << 3);
  periodStartsAt = avgWaveAt + ((<usize>lagCap) << 3);
  windowAt = periodStartsAt + ((<usize>(cap + 2)) << 2);
  const end = windowAt + ((<usize>(cap + lagCap)) << 2);
  const have = <usize>memory.size() * WASM_PAGE_BYTES;
  if (end > have) memory.grow(<i32>((end - have + WASM_PAGE_BYTES - 1) / WASM_PAGE_BYTES));
}

// The settings and the streaming state (see pitchJitter.ts), from jitterStart on.
let signalLength = 0;
let T: f64 = 0;
let searchRangeRel: f64 = 0;
let minPeriods = 0;
let minCorrelation: f64 = 0;
let floorDb: f64 = 0;
let lenF = 0;
let ppLen = 0;
let lastIdx = 0;
let lastMis = 0;
let lastT0: f64 = 0;
let lastDiff: f64 = 0;
let lastJitterLocal: f64 = 0;
let lastJitterDDP: f64 = 0;
let lastShimmer: f64 = 0;
// The current frame's, from frameWindow.
let F0: f64 = 0;
let toRead0 = 0;
let T0f = 0;
let T0minF = 0;
let T0maxF = 0;
let nT = 0;
/** Samples of the window: signal[lastIdx .. lastIdx + available), the rest of the signal. */
let available = 0;

/** What an unvoiced frame resets: the unread rest and the period history. */
function forgetPeriods(): void {
  lastMis = 0;
  lastT0 = 0;
  lastDiff = 0;
  lastJitterLocal = 0;
  lastJitterDDP = 0;
  lastShimmer = 0;
}

/**
 * Starts a signal of N samples.
 * @param minCorrelationF32, floorDbF32 float32 values
 * @param scratch where the scratch starts: the end of everything else in the memory
 */
export function jitterStart(N: i32, sampleRateHz: f64, rangeRel: f64, periods: i32, minCorrelationF32: f64, floorDbF32: f64, frameLength: i32, hop: i32, scratch: usize): void {
  signalLength = N;
  T = 1 / sampleRateHz;
  searchRangeRel = rangeRel;
  minPeriods = periods;
  minCorrelation = minCorrelationF32;
  floorDb = floorDbF32;
  lenF = frameLength;
  ppLen = hop;
  lastIdx = 0;
  forgetPeriods();
  scratchAt = scratch;
  layScratch(4 * lenF + 4, lenF);
}

/**
 * The next frame, of F0 `f0Hz` (0 unvoiced): sizes its read and returns how many samples from
 * readIndex() on (fewer at the end of the signal, 0 for an unvoiced frame) the caller must copy to
 * windowOffset() before frameValues.
 */
export function frameWindow(f0Hz: f64): i32 {
  F0 = f0Hz;
  toRead0 = ppLen + lastMis;
  let toRead = toRead0;
  T0f = 0;
  T0minF = 0;
  T0maxF = 0;
  if (F0 > 0) {
    const Tf = 1 / F0 / T;
    T0f = <i32>jsRound(Tf);
    T0minF = <i32>Math.floor((1 - searchRangeRel) * Tf);
    T0maxF = <i32>Math.ceil((1 + searchRangeRel) * Tf);
    const twoPeriods = minPeriods * T0maxF + minPeriods;
    if (toRead < twoPeriods) toRead = twoPeriods;
  }
  if (toRead > lastMis + lenF) toRead = lastMis + lenF;
  available = signalLength - lastIdx;
  nT = max(0, min(toRead, available));
  if (!(F0 > 0)) return 0;
  if (nT + 1 > capacity) layScratch(2 * (nT + 1), lagCapacity);
  if (T0maxF + 2 > lagCapacity) layScratch(capacity, 2 * (T0maxF + 2));
  // The read, and the average period's last stretch past it.
  return min(available, nT + T0f);
}

export function readIndex(): i32 {
  return lastIdx;
}

export function windowOffset(): usize {
  return windowAt;
}

/** Sample lastIdx + k of the signal, 0 past its end. */
function at(k: i32): f64 {
  return k < available ? <f64>ld32(windowAt, k) : 0;
}

/** The frame's jitterLocal, jitterDDP, shimmerLocal and logHNR, as four floats at `out`; moves on to the next frame. */
export function frameValues(out: usize): void {
  const signal = windowAt;
  let lastPeriod = 0;
  let logHnr: f64 = 0;
  let nPeriods = 0;
  let nLocal = 0;
  let nDDP = 0;
  let avgPeriod: f32 = 0;
  let jitterLocalSum: f32 = 0;
  let jitterDDPSum: f32 = 0;
  let avgAmp: f32 = 0;
  let avgAmpDiff: f32 = 0;

  if (F0 > 0) {
    const read = readAt;
    const prefix = prefixAt;
    const prefixSq = prefixSqAt;
    const cc = ccAt;
    const avgWave = avgWaveAt;
    const periodStarts = periodStartsAt;
    let sum: f64 = 0;
    let sumSq: f64 = 0;
    st(prefix, 0, 0);
    st(prefixSq, 0, 0);
    for (let i = 0; i < nT; i++) {
      const v: f64 = ld32(signal, i);
      st(read, i, v);
      sum += v;
      sumSq += v * v;
      st(prefix, i + 1, sum);
      st(prefixSq, i + 1, sumSq);
    }
    for (let i = 0; i <= T0f; i++) st(avgWave, i, 0);
    let numPeriods = 0;
    let start = 0;
    let pp = 0;
    const nLags = T0maxF - T0minF + 1;
    while (start < nT - 2 * T0maxF - 1) {
      segmentCorrelations(read, prefix, prefixSq, start, T0minF, T0maxF, cc);
      let maxI = -1;
      let maxCc: f64 = 0;
      for (let i = 1; i < nLags - 2; i++) {
        const c = ld(cc, i);
        if (ld(cc, i - 1) < c && c > ld(cc, i + 1) && (maxI == -1 || c > maxCc)) {
          maxI = i;
          maxCc = c;
        }
      }
      pp = maxI == -1 ? T0f : T0minF + maxI;
      const os = start;
      if (maxI >= 0) {
        start += pp;
        const a0 = peakToPeak(signal, os, pp);
        const a1 = peakToPeak(signal, start, pp);
        const ampDiff = <f32>Math.abs(<f64>a0 - <f64>a1);
        sti(periodStarts, numPeriods++, os);
        for (let i = 0; i < T0f; i++) st(avgWave, i, ld(avgWave, i) + at(os + i));
        parabolaVertex(<f64>(maxI - 1), ld(cc, maxI - 1), <f64>maxI, ld(cc, maxI), <f64>(maxI + 1), ld(cc, maxI + 1));
        if (vertexY > minCorrelation) {
          const period = <f32>(Math.abs(<f64>T0minF + vertexX) * T);
          avgPeriod = <f32>(<f64>avgPeriod + <f64>period);
          nPeriods++;
          if (lastT0 > 0) {
            const diff = <f32>Math.abs(lastT0 - <f64>period);
            jitterLocalSum = <f32>(<f64>jitterLocalSum + <f64>diff);
            nLocal++;
            if (lastDiff > 0) {
              jitterDDPSum = <f32>(<f64>jitterDDPSum + Math.abs(lastDiff - <f64>diff));
              nDDP++;
            }
            lastDiff = diff;
          }
          lastT0 = period;
          avgAmp = <f32>(<f64>avgAmp + <f64>(<f32>(<f64>(<f32>(<f64>a0 + <f64>a1)) / 2)));
          avgAmpDiff = <f32>(<f64>avgAmpDiff + <f64>ampDiff);
        }
      } else {
        start += T0f;
      }
      if (start < toRead0 - 1) lastPeriod = start;
    }
    sti(periodStarts, numPeriods++, start);

    // HNR: harmonic part = RMS of the average period (its edges skipped), noise part = RMS of each
    // period's deviation from it.
    let eh: f64 = 0;
    for (let i = 0; i < T0f && start + i < nT; i++) {
      const w = (ld(avgWave, i) + at(start + i)) / <f64>numPeriods;
      st(avgWave, i, w);
      if (i > 2 && i < T0f - 2) eh += w * w;
    }
    if (T0f - 4 > 0) eh /= <f64>(T0f - 4);
    eh = Math.sqrt(eh);
    sti(periodStarts, numPeriods, pp > 0 ? start + pp : 0);
    let en: f64 = 0;
    let nEn = 0;
    for (let p = 0; p < numPeriods; p++) {
      const end = min(ldi(periodStarts, p + 1), ldi(periodStarts, p) + T0f) - 2;
      let n = 2;
      for (let j = ldi(periodStarts, p) + 2; j < end; j++) {
        const delta = at(j) - ld(avgWave, n++);
        en += delta * delta;
        nEn++;
      }
    }
    if (nEn > 0) en /= <f64>nEn;
    en = Math.sqrt(en);
    if (en > 0) {
      const hnr = eh / en;
      logHnr = hnr > 0 ? 20 * javascriptMath.log10(hnr) : floorDb;
    }
    lastMis = toRead0 - lastPeriod;
  } else {
    lastPeriod = toRead0;
    forgetPeriods();
    logHnr = floorDb;
  }
  lastIdx += lastPeriod;

  // Unvoiced: 0 (as the caller's contours start).
  let jitterLocal: f64 = 0;
  let jitterDDP: f64 = 0;
  let shimmerLocal: f64 = 0;
  if (F0 > 0) {
    // A voiced frame without an accepted period repeats the previous values.
    if (nPeriods > 0 && nLocal > 0) lastJitterLocal = Math.min(1, <f64>jitterLocalSum / <f64>nLocal / (<f64>avgPeriod / <f64>nPeriods));
    jitterLocal = nPeriods == 0 || nLocal > 0 ? lastJitterLocal : 0;
    if (nPeriods > 0 && nDDP > 0) lastJitterDDP = Math.min(1, <f64>jitterDDPSum / <f64>nDDP / (<f64>avgPeriod / <f64>nPeriods));
    jitterDDP = nPeriods == 0 || nDDP > 0 ? lastJitterDDP : 0;
    if (nPeriods > 0) lastShimmer = avgAmp > 0 ? Math.min(1, <f64>avgAmpDiff / <f64>avgAmp) : 0;
    shimmerLocal = lastShimmer;
  }
  st32(out, 0, <f32>jitterLocal);
  st32(out, 1, <f32>jitterDDP);
  st32(out, 2, <f32>shimmerLocal);
  st32(out, 3, <f32>(logHnr < floorDb ? floorDb : logHnr));
}
