/**
 * The WebAssembly instance (assembly/functionalLoops.ts) that runs the frame loops of lpc.ts,
 * means.ts, regression.ts, segments.ts and peaks2.ts: one per thread, reused for every contour, its memory grown when a longer contour comes.
 * A contour is copied in once per call (6,000 floats for a minute: microseconds); as JavaScript, each
 * loop cost V8's optimising compiler time that, on one core, the main thread waits for.
 */
import wasmBase64 from '../../../assembly/functionalLoops.wasm.js';
import { instantiateWasm, wasmMemoryOf } from '../wasmInstance.js';

interface LoopsExports {
  autocorrelation(x: number, n: number, maxLag: number, r: number): void;
  meansSums(x: number, n: number, out: number): void;
  extrema(x: number, n: number, absThresh: number, type: number, positions: number, values: number, prev: number, next: number): number;
  regressionSums(x: number, n: number, out: number): void;
  regressionErrors(x: number, n: number, m: number, t: number, a: number, b: number, c: number, rangeInv: number, out: number): void;
  crossings(x: number, n: number, thresholds: number, nThresholds: number, segMinLng: number, lengths: number, maxSegments: number): number;
}

let instance: { exports: LoopsExports; memory: WebAssembly.Memory } | undefined;

/**
 * Copies `x` in at byte 0 and returns the instance, its memory and where the results go: after the
 * contour, 8-aligned, with room for `resultBytes`.
 */
function load(x: Float32Array, resultBytes: number): { exports: LoopsExports; buffer: ArrayBuffer; resultsAt: number } {
  const resultsAt = Math.ceil(x.byteLength / 8) * 8;
  const needed = resultsAt + resultBytes;
  if (instance === undefined) instance = instantiateWasm<LoopsExports>(wasmBase64, needed);
  const buffer = wasmMemoryOf(instance.memory, needed);
  new Float32Array(buffer, 0, x.length).set(x);
  return { exports: instance.exports, buffer, resultsAt };
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

/** peaks2.ts's pruned local extrema of `x`, with a minimum rise/fall of absThresh. */
export function extremaLoop(x: Float32Array, absThresh: number): Extrema {
  const n = x.length;
  // After the contour (8-aligned): the values (doubles), then the types, positions and links (int32s).
  const { exports, buffer, resultsAt } = load(x, 24 * n);
  const typeAt = resultsAt + 8 * n;
  const positionsAt = typeAt + 4 * n;
  const count = exports.extrema(0, n, absThresh, typeAt, positionsAt, resultsAt, positionsAt + 4 * n, positionsAt + 8 * n);
  return {
    count,
    type: new Int32Array(buffer, typeAt, count).slice(),
    x: new Int32Array(buffer, positionsAt, count).slice(),
    y: new Float64Array(buffer, resultsAt, count).slice(),
  };
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
