/**
 * The `_sma` smoothing of ComParE_2016 (notes §4): a centred moving average over `windowFrames`
 * frames, the edges padded by repeating the first or last frame. Arithmetic is float32, in
 * openSMILE's order (centre, then the pairs at distance 1, 2, …), so the results match bit for bit.
 */

import wasmBase64 from '../../assembly/movingAverage.wasm.js';
import { threadInstance } from './wasmInstance.js';

interface MovingAverageExports {
  movingAverage(x: number, n: number, half: number, noZero: number, y: number, m: number): void;
}

/** One instance per thread (assembly/movingAverage.ts), reused for every contour: as JavaScript the loop waited for V8's optimising compiler. */
const movingAverageInstance = threadInstance<MovingAverageExports>(wasmBase64);

/**
 * Centred moving average with edge repetition.
 * @param x contour, one value per frame
 * @param noZero openSMILE's `noZeroSma` (voicing group): a 0 frame stays 0, and a non-zero frame
 *   averages only its non-zero neighbours (−100 counts as non-zero)
 * @param windowFrames odd window length in frames (default 3, ComParE's `smaWin`)
 * @param out where to write (default a new array of x.length); frames past the end of x see the
 *   last frame repeated, as if x had been padded with it
 */
export function smoothMovingAverage(x: Float32Array, noZero = false, windowFrames = 3, out: Float32Array = new Float32Array(x.length)): Float32Array {
  if (windowFrames < 1 || windowFrames % 2 === 0) throw new Error(`windowFrames must be odd and ≥ 1, got ${windowFrames}`);
  // An empty contour has no frame to repeat: NaN, as reading past it gave in JavaScript.
  if (x.length === 0) return out.fill(NaN);
  const outAt = Math.ceil(x.byteLength / 8) * 8;
  const { exports, buffer } = movingAverageInstance(outAt + out.byteLength);
  new Float32Array(buffer, 0, x.length).set(x);
  exports.movingAverage(0, x.length, (windowFrames - 1) / 2, noZero ? 1 : 0, outAt, out.length);
  out.set(new Float32Array(buffer, outAt, out.length));
  return out;
}

/** ComParE's 3-frame `_sma` smoothing; `noZero` selects the voicing group's `noZeroSma` variant. */
export function smoothSma3(x: Float32Array, noZero = false, out?: Float32Array): Float32Array {
  return smoothMovingAverage(x, noZero, 3, out);
}
