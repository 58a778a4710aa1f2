/**
 * The `_sma` smoothing of ComParE_2016 (notes §4): a centred moving average over `windowFrames`
 * frames, the edges padded by repeating the first or last frame. Arithmetic is float32, in
 * openSMILE's order (centre, then the pairs at distance 1, 2, …), so the results match bit for bit.
 */

import { frameOrEdge } from './edgePadding.js';

const f32 = Math.fround;

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
  const n = x.length;
  const half = (windowFrames - 1) / 2;
  const y = out;
  for (let t = 0; t < y.length; t++) {
    const centre = frameOrEdge(x, n, t);
    if (noZero && centre === 0) {
      y[t] = 0;
      continue;
    }
    let sum = centre;
    let count = 1;
    for (let w = 1; w <= half; w++) {
      const before = frameOrEdge(x, n, t - w);
      const after = frameOrEdge(x, n, t + w);
      if (!noZero || before !== 0) {
        sum = f32(sum + before);
        count++;
      }
      if (!noZero || after !== 0) {
        sum = f32(sum + after);
        count++;
      }
    }
    y[t] = sum / count;
  }
  return y;
}

/** ComParE's 3-frame `_sma` smoothing; `noZero` selects the voicing group's `noZeroSma` variant. */
export function smoothSma3(x: Float32Array, noZero = false, out?: Float32Array): Float32Array {
  return smoothMovingAverage(x, noZero, 3, out);
}
