/**
 * The frame loops of functionals in dsp/compare/functionals/ (see there for each definition),
 * compiled to WebAssembly by scripts/buildWasm.mjs: the operations, their precision (f32 where the
 * JavaScript rounds with Math.fround, f64 otherwise) and their order are the JavaScript's, so the
 * results are its bits. dsp/compare/functionals/functionalLoops.ts copies a contour in and reads
 * the results out.
 */
import { selectKeys, sortKeys, valueOfKey } from './lib/float32RadixSort';
import { ld, ld32, ldi, st, st32, sti } from './lib/memoryAccess';
import { v8Log } from './lib/v8Log';

export { peakStatistics } from './lib/peakStatistics';

/**
 * Moves the non-zero values among the n floats at `x` (bit patterns copied as they are; −0 counts as
 * zero, NaN as non-zero, as `v !== 0`) to its front, in order; returns how many there are.
 */
export function compactNonZero(x: usize, n: i32): i32 {
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const bits = ldi(x, i);
    if ((bits & 0x7fffffff) != 0) sti(x, kept++, bits);
  }
  return kept;
}

/**
 * contourStats.ts's loop over n ≥ 1 floats at `x`, into the doubles out[0..4]: the min and max (a
 * value replaces them only when strictly smaller or larger, so the first of −0 and +0 stays, and a
 * NaN after the first frame never enters), the double sum in ascending order, and the first frames
 * holding the max and the min (−1 when the first frame is a NaN: no frame equals it).
 */
export function contourSums(x: usize, n: i32, out: usize): void {
  let low = ld32(x, 0);
  let high = low;
  let lowAt = 0;
  let highAt = 0;
  let sum = <f64>low;
  for (let i = 1; i < n; i++) {
    const v = ld32(x, i);
    if (v < low) {
      low = v;
      lowAt = i;
    }
    if (v > high) {
      high = v;
      highAt = i;
    }
    sum += <f64>v;
  }
  // A later value equal to the min or max (−0 and +0 are equal) was not strictly smaller or larger: the first one is kept.
  const noFrame = low != low;
  st(out, 0, <f64>low);
  st(out, 1, <f64>high);
  st(out, 2, sum);
  st(out, 3, noFrame ? -1 : <f64>highAt);
  st(out, 4, noFrame ? -1 : <f64>lowAt);
}

/**
 * times.ts's counts over the n floats at `x`, into the int32s out[0..5]: the values at or below each
 * of the four levels, the rises x_t < x_{t+1}, and the left curvatures (x_{t+1} − x_t) > (x_t − x_{t−1}),
 * each step a float32 difference.
 */
export function timesCounts(x: usize, n: i32, l25: f64, l50: f64, l75: f64, l90: f64, out: usize): void {
  let below25 = 0;
  let below50 = 0;
  let below75 = 0;
  let below90 = 0;
  let rises = 0;
  let leftCurves = 0;
  let stepIn: f32 = 0;
  for (let i = 0; i < n; i++) {
    const v = ld32(x, i);
    const wide = <f64>v;
    below25 += <i32>(wide <= l25);
    below50 += <i32>(wide <= l50);
    below75 += <i32>(wide <= l75);
    below90 += <i32>(wide <= l90);
    if (i + 1 < n) {
      const next = ld32(x, i + 1);
      rises += <i32>(v < next);
      const stepOut = next - v;
      if (i > 0) leftCurves += <i32>(stepOut > stepIn);
      stepIn = stepOut;
    }
  }
  sti(out, 0, below25);
  sti(out, 1, below50);
  sti(out, 2, below75);
  sti(out, 3, below90);
  sti(out, 4, rises);
  sti(out, 5, leftCurves);
}

/** moments.ts's double sums of d², d³ and d⁴, d = x_t − mean, in ascending t, into out[0..2]. */
export function centralMoments(x: usize, n: i32, mean: f64, out: usize): void {
  let m2: f64 = 0;
  let m3: f64 = 0;
  let m4: f64 = 0;
  for (let i = 0; i < n; i++) {
    const d = <f64>ld32(x, i) - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d * d;
  }
  st(out, 0, m2);
  st(out, 1, m3);
  st(out, 2, m4);
}

/** The sorted keys of the n floats at `x`, with the two key buffers (4n bytes each) and then the digit counts at `scratch`. */
function sortKeysIn(x: usize, n: i32, scratch: usize): usize {
  return sortKeys(x, n, scratch, scratch + ((<usize>n) << 2), scratch + ((<usize>n) << 3));
}

/** The n floats at `x` (left untouched) in ascending order into `out`, using 8n + 4096 bytes at `scratch` (sortKeysIn). */
export function sorted(x: usize, n: i32, scratch: usize, out: usize): void {
  const keys = sortKeysIn(x, n, scratch);
  for (let i = 0; i < n; i++) st32(out, i, valueOfKey(<u32>ldi(keys, i)));
}

/**
 * percentiles.ts's p-quantiles of the n floats at `x` for the `count` probabilities (doubles) at
 * `probabilities`, into the doubles at `out`: the sorted values at position p·(N−1), interpolated
 * linearly with float32 weights and arithmetic (0 for an empty contour). Only the two ranks around
 * each position are found (selectKeys), with 16·count + 8n + SELECT_SCRATCH_BYTES bytes at `scratch`.
 */
export function percentiles(x: usize, n: i32, probabilities: usize, count: i32, out: usize, scratch: usize): void {
  if (n == 0) {
    for (let k = 0; k < count; k++) st(out, k, 0);
    return;
  }
  const last = n - 1;
  const ranks = scratch;
  const selected = ranks + ((<usize>count) << 3);
  const keys = selected + ((<usize>count) << 3);
  const swap = keys + ((<usize>n) << 2);
  for (let k = 0; k < count; k++) {
    const position = ld(probabilities, k) * <f64>last;
    sti(ranks, 2 * k, min(max(<i32>Math.floor(position), 0), last));
    sti(ranks, 2 * k + 1, min(max(<i32>Math.ceil(position), 0), last));
  }
  selectKeys(x, n, ranks, 2 * count, selected, keys, swap, swap + ((<usize>n) << 2));
  for (let k = 0; k < count; k++) {
    const position = ld(probabilities, k) * <f64>last;
    const lower = ldi(ranks, 2 * k);
    const upper = ldi(ranks, 2 * k + 1);
    const low = valueOfKey(<u32>ldi(selected, 2 * k));
    if (lower == upper) {
      st(out, k, <f64>low);
      continue;
    }
    const wUpper = <f32>(position - <f64>lower);
    const wLower = <f32>(<f64>upper - position);
    st(out, k, <f64>(low * wLower + valueOfKey(<u32>ldi(selected, 2 * k + 1)) * wUpper));
  }
}

/** Lags the two SIMD accumulators of `autocorrelation` hold (lane i of accumulator g: lag 4g + 3 − i). */
const VECTOR_LAGS: i32 = 8;

/**
 * r_l = Σ_{t≥l} x_t·x_{t−l} for l = 0..maxLag into r[0..maxLag], float32 accumulation in ascending t
 * (lpc.ts). Up to lag 7, t < 7 one lag at a time, then four lags per f32x4 (lane-wise f32 products
 * and sums: each lag's chain is the scalar one); r needs room for 8 floats.
 */
export function autocorrelation(x: usize, n: i32, maxLag: i32, r: usize): void {
  if (maxLag >= VECTOR_LAGS) {
    for (let lag = 0; lag <= maxLag; lag++) {
      let s: f32 = 0;
      for (let t = lag; t < n; t++) s += ld32(x, t) * ld32(x, t - lag);
      st32(r, lag, s);
    }
    return;
  }
  for (let lag = 0; lag < VECTOR_LAGS; lag++) st32(r, lag, 0);
  const head = min(n, VECTOR_LAGS - 1);
  for (let t = 0; t < head; t++) {
    const v = ld32(x, t);
    for (let lag = 0; lag <= t; lag++) st32(r, lag, ld32(r, lag) + v * ld32(x, t - lag));
  }
  let low = v128.shuffle<f32>(v128.load(r), v128.load(r), 3, 2, 1, 0);
  let high = v128.shuffle<f32>(v128.load(r, 16), v128.load(r, 16), 3, 2, 1, 0);
  for (let t = VECTOR_LAGS - 1; t < n; t++) {
    const v = f32x4.splat(ld32(x, t));
    const at = x + ((<usize>(t - 3)) << 2);
    low = f32x4.add(low, f32x4.mul(v, v128.load(at)));
    high = f32x4.add(high, f32x4.mul(v, v128.load(at - 16)));
  }
  v128.store(r, v128.shuffle<f32>(low, low, 3, 2, 1, 0));
  v128.store(r, v128.shuffle<f32>(high, high, 3, 2, 1, 0), 16);
}

/**
 * The sums of means.ts in double, in ascending t, into out[0..5]: Σ|x|, Σ x² and Σ ln|x| over the
 * non-zero values, their count, Σ of the positive values and their count.
 */
export function meansSums(x: usize, n: i32, out: usize): void {
  let absSum: f64 = 0;
  let squareSum: f64 = 0;
  let logAbsSum: f64 = 0;
  let nonZero: i32 = 0;
  let positiveSum: f64 = 0;
  let positives: i32 = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>ld32(x, i);
    const a = Math.abs(v);
    absSum += a;
    positiveSum += v > 0 ? v : 0;
    positives += <i32>(v > 0);
    if (v != 0) {
      logAbsSum += v8Log(a);
      squareSum += v * v;
      nonZero++;
    }
  }
  st(out, 0, absSum);
  st(out, 1, squareSum);
  st(out, 2, logAbsSum);
  st(out, 3, <f64>nonZero);
  st(out, 4, positiveSum);
  st(out, 5, <f64>positives);
}

/**
 * The frame loop of segments.ts's relativeThresholdSegments: a boundary wherever the causal 3-frame
 * running mean (float32) crosses one of the nThresholds doubles at `thresholds`, more than segMinLng
 * frames after the previous one; the segment lengths, up to maxSegments, go to the int32s at
 * `lengths`. Returns how many it wrote.
 */
export function crossings(x: usize, n: i32, thresholds: usize, nThresholds: i32, segMinLng: i32, lengths: usize, maxSegments: i32): i32 {
  const runningLength = 3;
  let lastBoundary = -(segMinLng / 2);
  let count = 0;
  let runningSum: f32 = 0;
  let previousMean: f64 = 0;
  for (let i = 0; i < n; i++) {
    runningSum += ld32(x, i);
    if (i >= runningLength) runningSum -= ld32(x, i - runningLength);
    const runningMean = <f64>(runningSum / <f32>min(i + 1, runningLength));
    let crossed = false;
    for (let k = 0; k < nThresholds; k++) {
      const th = ld(thresholds, k);
      if ((runningMean > th && previousMean <= th) || (runningMean < th && previousMean >= th)) crossed = true;
    }
    previousMean = runningMean;
    if (crossed && i - lastBoundary > segMinLng) {
      if (count < maxSegments) sti(lengths, count++, i - lastBoundary);
      lastBoundary = i;
    }
  }
  return count;
}

/** peaks2.ts's extremum types (a maximum's is 1) and "no element" in the list's links. */
const MIN: i32 = 0;
const MAX: i32 = 1;
const NONE: i32 = -1;

// openSMILE's doubly linked min/max list (peaks2.ts): its first element and its elements' links.
let first: i32 = NONE;
let prevAt: usize = 0;
let nextAt: usize = 0;

/** Unlinks `el`; a removed element keeps its own links, as in openSMILE. */
function remove(el: i32): void {
  const prev = ldi(prevAt, el);
  const next = ldi(nextAt, el);
  if (prev != NONE) sti(nextAt, prev, next);
  else first = next;
  if (next != NONE) sti(prevAt, next, prev);
}

/**
 * peaks2.ts's findExtrema: the strict local maxima and minima of the n floats at `x` at t = 2..N−3,
 * pruned by its three passes (each comparison in its precision: differences rounded to float32,
 * the ×1.05 in double). Each of type, positions, values, prev and next has room for n elements
 * (values doubles, the others int32s); the survivors end up in order in the first elements of type,
 * positions and values. Returns how many survive.
 */
export function extrema(x: usize, n: i32, absThresh: f64, type: usize, positions: usize, values: usize, prev: usize, next: usize): i32 {
  prevAt = prev;
  nextAt = next;
  // Every frame is written at the end of the list, which grows by the extremum test's 0/1.
  let count = 0;
  for (let t = 2; t < n - 2; t++) {
    const v = ld32(x, t);
    const before = ld32(x, t - 1);
    const after = ld32(x, t + 1);
    const isMax = (<i32>(v > before)) & (<i32>(v > after));
    sti(type, count, isMax);
    sti(positions, count, t);
    st(values, count, <f64>v);
    count += isMax | ((<i32>(v < before)) & (<i32>(v < after)));
  }
  for (let el = 0; el < count; el++) {
    sti(prev, el, el - 1);
    sti(next, el, el + 1 < count ? el + 1 : NONE);
  }
  first = count > 0 ? 0 : NONE;

  // Pass 2a: a maximum must rise enough above its predecessor and the last minimum.
  const x0 = <f64>ld32(x, 0);
  let el = first;
  let lastVal = x0;
  let lastMin = x0;
  let lastMax = x0;
  let minFlag = false;
  let lastMaxEl = NONE;
  while (el != NONE) {
    const y = ld(values, el);
    if (ldi(type, el) == MAX) {
      if (Math.abs(<f64>(<f32>(y - lastVal))) < absThresh) {
        if (<f64>(<f32>(y - lastMin)) < absThresh) {
          remove(el);
        } else {
          if (y > lastMax * 1.05) {
            if (lastMaxEl != NONE) remove(lastMaxEl);
            lastMax = y;
            lastMaxEl = el;
          } else if (minFlag) {
            lastMax = y;
            lastMaxEl = el;
          } else {
            remove(el);
          }
          minFlag = false;
        }
      } else {
        minFlag = false;
        lastMax = y;
        lastMaxEl = el;
      }
    } else if (!(Math.abs(<f64>(<f32>(y - lastVal))) < absThresh)) {
      minFlag = true;
      lastMin = y;
    }
    lastVal = y;
    el = ldi(next, el);
  }

  // Pass 2b: drop minima too shallow below the preceding maximum.
  el = first;
  lastMax = x0;
  while (el != NONE) {
    const y = ld(values, el);
    if (ldi(type, el) == MIN) {
      if (<f64>(<f32>(lastMax - y)) < absThresh) remove(el);
    } else {
      lastMax = y;
    }
    el = ldi(next, el);
  }

  // Pass 3: of consecutive extrema of one type keep the highest maximum / lowest minimum.
  el = first;
  let lastMinEl = NONE;
  lastMax = x0;
  lastMin = x0;
  minFlag = false;
  let init = true;
  while (el != NONE) {
    const y = ld(values, el);
    if (ldi(type, el) == MIN) {
      if (!minFlag || init) {
        lastMin = y;
        lastMinEl = el;
        minFlag = true;
        init = false;
      } else if (y >= lastMin) {
        remove(el);
      } else if (lastMinEl != el && lastMinEl != NONE) {
        remove(lastMinEl);
        lastMinEl = el;
        lastMin = y;
      }
    } else {
      if (minFlag || init) {
        lastMax = y;
        lastMaxEl = el;
        minFlag = false;
        init = false;
      } else if (y <= lastMax) {
        remove(el);
      } else if (lastMaxEl != el && lastMaxEl != NONE) {
        remove(lastMaxEl);
        lastMaxEl = el;
        lastMax = y;
      }
    }
    el = ldi(next, el);
  }

  // The survivors, in order, to the front (each at or before its own index).
  let kept = 0;
  for (el = first; el != NONE; el = ldi(next, el)) {
    sti(type, kept, ldi(type, el));
    sti(positions, kept, ldi(positions, el));
    st(values, kept, ld(values, el));
    kept++;
  }
  return kept;
}

/** regression.ts's sums in double, in ascending i, into out[0..3]: Σ|x|, Σ|x|·i, Σx·i and Σx·i·i. */
export function regressionSums(x: usize, n: i32, out: usize): void {
  let absSum: f64 = 0;
  let numAbs: f64 = 0;
  let num: f64 = 0;
  let num2: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>ld32(x, i);
    const fi = <f64>i;
    const a = Math.abs(v);
    absSum += a;
    numAbs += a * fi;
    const vi = v * fi;
    num += vi;
    num2 += vi * fi;
  }
  st(out, 0, absSum);
  st(out, 1, numAbs);
  st(out, 2, num);
  st(out, 3, num2);
}

/**
 * regression.ts's squared errors in double, in ascending i, of the line m·i + t and the parabola
 * a·i² + b·i + c, scaled by rangeInv, into out[0..1].
 */
export function regressionErrors(x: usize, n: i32, m: f64, t: f64, a: f64, b: f64, c: f64, rangeInv: f64, out: usize): void {
  let linearError: f64 = 0;
  let quadraticError: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>ld32(x, i);
    const fi = <f64>i;
    const el = (v - (m * fi + t)) * rangeInv;
    linearError += el * el;
    const eq = (v - (a * fi * fi + b * fi + c)) * rangeInv;
    quadraticError += eq * eq;
  }
  st(out, 0, linearError);
  st(out, 1, quadraticError);
}
