/**
 * The WebAssembly instance (assembly/functionalLoops.ts) that runs the frame loops of the functionals
 * (contourStats.ts, times.ts, moments.ts, percentiles.ts, means.ts, regression.ts,
 * segments.ts, lpc.ts, peaks2.ts): one per thread, reused for every contour, its memory grown when a
 * longer contour comes. As JavaScript, each loop cost V8's optimising compiler time that, on one
 * core, the main thread waits for.
 *
 * A contour sits at byte 0, the results and scratch of a call after it (8-aligned). A functional set
 * copies each contour in once (residentContour) and every loop then reads it in place; a contour
 * from elsewhere is copied in per call (6,000 floats for a minute: microseconds).
 */
import wasmBase64 from '../../../assembly/functionalLoops.wasm.js';
import { threadInstance } from '../wasmInstance.js';

interface LoopsExports {
  compactNonZero(x: number, n: number): number;
  contourSums(x: number, n: number, out: number): void;
  timesCounts(x: number, n: number, l25: number, l50: number, l75: number, l90: number, out: number): void;
  centralMoments(x: number, n: number, mean: number, out: number): void;
  sorted(x: number, n: number, scratch: number, out: number): void;
  percentiles(x: number, n: number, probabilities: number, count: number, out: number, scratch: number): void;
  autocorrelation(x: number, n: number, maxLag: number, r: number): void;
  meansSums(x: number, n: number, out: number): void;
  extrema(x: number, n: number, absThresh: number, type: number, positions: number, values: number, prev: number, next: number): number;
  peakStatistics(x: number, n: number, period: number, type: number, positions: number, values: number, count: number, out: number): void;
  regressionSums(x: number, n: number, out: number): void;
  regressionErrors(x: number, n: number, m: number, t: number, a: number, b: number, c: number, rangeInv: number, out: number): void;
  crossings(x: number, n: number, thresholds: number, nThresholds: number, segMinLng: number, lengths: number, maxSegments: number): number;
}

const instanceWith = threadInstance<LoopsExports>(wasmBase64);

/** Scratch of the module's radix sort and selection: two key buffers and 14 KiB of counts and flags (SELECT_SCRATCH_BYTES, rounded up). */
const sortScratchBytes = (frames: number): number => 8 * frames + 16384;

/** Bytes after a resident contour that every call below fits in (peaks2's extrema take 24 a frame, the most; the selection 16 KiB), with room to spare. */
const resultBytesFor = (frames: number): number => 24 * frames + 32768;

/** Where the results go after a contour of `bytes` bytes: 8-aligned. */
const resultsAfter = (bytes: number): number => Math.ceil(bytes / 8) * 8;

/**
 * Copies `contour` in at byte 0 (only its non-zero values, in order, where nonZeroOnly: −0 is zero,
 * NaN is not) and returns it as a view of the instance's memory, which the loops below then read in
 * place. The memory is grown beforehand to fit any call's results, so the view stays valid until the
 * next residentContour call.
 */
export function residentContour(contour: Float32Array, nonZeroOnly: boolean): Float32Array {
  const n = contour.length;
  const { exports, buffer } = instanceWith(resultsAfter(4 * n) + resultBytesFor(n));
  new Float32Array(buffer, 0, n).set(contour);
  return new Float32Array(buffer, 0, nonZeroOnly ? exports.compactNonZero(0, n) : n);
}

/**
 * The instance with `x` at byte 0 (copied in unless it is the resident contour, already there) and
 * where the results go: after the contour, 8-aligned, with room for `resultBytes`.
 */
function load(x: Float32Array, resultBytes: number): { exports: LoopsExports; buffer: ArrayBuffer; resultsAt: number } {
  const resultsAt = resultsAfter(x.byteLength);
  const needed = resultsAt + resultBytes;
  // The instance and its memory as they are (grown by nothing).
  const current = instanceWith(0);
  if (x.buffer === current.buffer && x.byteOffset === 0) {
    // Growing the memory now would detach the resident contour under its caller.
    if (needed > x.buffer.byteLength) throw new Error(`functionalLoops: a call needs ${needed} bytes, more than the ${x.buffer.byteLength} residentContour made room for`);
    return { ...current, resultsAt };
  }
  const { exports, buffer } = instanceWith(needed);
  new Float32Array(buffer, 0, x.length).set(x);
  return { exports, buffer, resultsAt };
}

/** contourStats.ts's min, max, double sum, and first frames of the max and the min of a non-empty `x` (−1 where none holds it). */
export function contourSumsLoop(x: Float32Array): Float64Array {
  const { exports, buffer, resultsAt } = load(x, 8 * 5);
  exports.contourSums(0, x.length, resultsAt);
  return new Float64Array(buffer, resultsAt, 5).slice();
}

/** times.ts's counts: the values ≤ each of the four levels, the rises and the left curvatures. */
export function timesCountsLoop(x: Float32Array, levels: readonly [number, number, number, number]): Int32Array {
  const { exports, buffer, resultsAt } = load(x, 4 * 6);
  exports.timesCounts(0, x.length, levels[0], levels[1], levels[2], levels[3], resultsAt);
  return new Int32Array(buffer, resultsAt, 6).slice();
}

/** moments.ts's sums of (x − mean)², (x − mean)³ and (x − mean)⁴ in double. */
export function centralMomentsLoop(x: Float32Array, mean: number): Float64Array {
  const { exports, buffer, resultsAt } = load(x, 8 * 3);
  exports.centralMoments(0, x.length, mean, resultsAt);
  return new Float64Array(buffer, resultsAt, 3).slice();
}

/** `x` sorted ascending as TypedArray.prototype.sort sorts (−0 before +0, NaN last), by the module's radix sort. */
export function sortedLoop(x: Float32Array): Float32Array {
  const n = x.length;
  const { exports, buffer, resultsAt } = load(x, 4 * n + sortScratchBytes(n));
  exports.sorted(0, n, resultsAt + 4 * n, resultsAt);
  return new Float32Array(buffer, resultsAt, n).slice();
}

/** percentiles.ts's interpolated p-quantiles of `x` (unsorted) for each p in `probabilities`. */
export function percentilesLoop(x: Float32Array, probabilities: readonly number[]): Float64Array {
  const count = probabilities.length;
  const { exports, buffer, resultsAt } = load(x, 32 * count + sortScratchBytes(x.length));
  const outAt = resultsAt + 8 * count;
  new Float64Array(buffer, resultsAt, count).set(probabilities);
  // After the probabilities and the results: the ranks and keys the module selects (16 bytes per probability), then the sort's scratch.
  exports.percentiles(0, x.length, resultsAt, count, outAt, outAt + 8 * count);
  return new Float64Array(buffer, outAt, count).slice();
}

/** r_0..r_maxLag of `x` (lpc.ts's autocorrelationF32). */
export function autocorrelationLoop(x: Float32Array, maxLag: number): Float32Array {
  // The module's SIMD path writes 8 lags however few are asked for.
  const { exports, buffer, resultsAt } = load(x, 4 * Math.max(8, maxLag + 1));
  exports.autocorrelation(0, x.length, maxLag, resultsAt);
  return new Float32Array(buffer, resultsAt, maxLag + 1).slice();
}

/** means.ts's sums of `x`: Σ|x|, Σx² and Σln|x| over the non-zero values, their count, Σ of the positive values, their count. */
export function meansSumsLoop(x: Float32Array): Float64Array {
  const { exports, buffer, resultsAt } = load(x, 8 * 6);
  exports.meansSums(0, x.length, resultsAt);
  return new Float64Array(buffer, resultsAt, 6).slice();
}

/**
 * segments.ts's relTh boundaries of `x`: the segment lengths (frames) into `lengths` (as many as it
 * holds); returns how many.
 */
export function crossingsLoop(x: Float32Array, thresholds: Float64Array, segMinLng: number, lengths: Int32Array): number {
  const { exports, buffer, resultsAt } = load(x, thresholds.byteLength + lengths.byteLength);
  new Float64Array(buffer, resultsAt, thresholds.length).set(thresholds);
  const lengthsAt = resultsAt + thresholds.byteLength;
  const count = exports.crossings(0, x.length, resultsAt, thresholds.length, segMinLng, lengthsAt, lengths.length);
  lengths.set(new Int32Array(buffer, lengthsAt, count));
  return count;
}

/** The extrema peaks2.ts keeps, in order: the type (0 a minimum, 1 a maximum), frame and value of each. */
export interface Extrema {
  readonly count: number;
  readonly type: Int32Array;
  readonly x: Int32Array;
  readonly y: Float64Array;
}

/**
 * Runs the module's `extrema` on `x` (peaks2.ts's pruned local extrema, with a minimum rise/fall
 * of absThresh): the survivors, in order, lie in the instance at valuesAt (doubles), typeAt and
 * positionsAt (int32s); `extraBytes` are free from freeAt.
 */
function findExtrema(x: Float32Array, absThresh: number, extraBytes: number) {
  const n = x.length;
  // After the contour (8-aligned): the values (doubles), then the types, positions and links (int32s).
  const { exports, buffer, resultsAt: valuesAt } = load(x, 24 * n + extraBytes);
  const typeAt = valuesAt + 8 * n;
  const positionsAt = typeAt + 4 * n;
  const count = exports.extrema(0, n, absThresh, typeAt, positionsAt, valuesAt, positionsAt + 4 * n, positionsAt + 8 * n);
  return { exports, buffer, count, valuesAt, typeAt, positionsAt, freeAt: valuesAt + 24 * n };
}

/** peaks2.ts's pruned local extrema of `x`, with a minimum rise/fall of absThresh. */
export function extremaLoop(x: Float32Array, absThresh: number): Extrema {
  const { buffer, count, valuesAt, typeAt, positionsAt } = findExtrema(x, absThresh, 0);
  return {
    count,
    type: new Int32Array(buffer, typeAt, count).slice(),
    x: new Int32Array(buffer, positionsAt, count).slice(),
    y: new Float64Array(buffer, valuesAt, count).slice(),
  };
}

/**
 * peaks2.ts's statistics of the pruned local extrema of a non-empty `x` (a minimum rise/fall of
 * absThresh): peakMax, peakMin, peakMean, peakDist and its std (frames), minMax, minMin, then the
 * mean and std of the rising and of the falling slopes (value per second), as
 * assembly/lib/peakStatistics.ts computes them.
 */
export function peakStatisticsLoop(x: Float32Array, absThresh: number, framePeriodS: number): Float64Array {
  const { exports, buffer, count, valuesAt, typeAt, positionsAt, freeAt } = findExtrema(x, absThresh, 8 * 11);
  exports.peakStatistics(0, x.length, Math.fround(framePeriodS), typeAt, positionsAt, valuesAt, count, freeAt);
  return new Float64Array(buffer, freeAt, 11).slice();
}

/** regression.ts's sums of `x`: Σ|x|, Σ|x|·i, Σx·i and Σx·i·i. */
export function regressionSumsLoop(x: Float32Array): Float64Array {
  const { exports, buffer, resultsAt } = load(x, 8 * 4);
  exports.regressionSums(0, x.length, resultsAt);
  return new Float64Array(buffer, resultsAt, 4).slice();
}

/** regression.ts's squared errors of `x` about the line m·i + t and the parabola a·i² + b·i + c, scaled by rangeInv: [linear, quadratic]. */
export function regressionErrorsLoop(x: Float32Array, m: number, t: number, a: number, b: number, c: number, rangeInv: number): Float64Array {
  const { exports, buffer, resultsAt } = load(x, 8 * 2);
  exports.regressionErrors(0, x.length, m, t, a, b, c, rangeInv, resultsAt);
  return new Float64Array(buffer, resultsAt, 2).slice();
}
