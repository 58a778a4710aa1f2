/**
 * The `_sma` moving average of dsp/compare/smoothing.ts (see there for the definition), compiled to
 * WebAssembly by scripts/buildWasm.mjs: float32 sums in openSMILE's order (centre, then the pairs at
 * distance 1, 2, …), the mean as a double division rounded to float32, as the JavaScript did.
 */
import { ld32, st32 } from './lib/memoryAccess';

/** x[t] with the first and last frames repeated beyond the ends. */
function frameOrEdge(x: usize, n: i32, t: i32): f32 {
  return ld32(x, t < 0 ? 0 : t >= n ? n - 1 : t);
}

/** y[0..m) = the centred moving average of x[0..n) over 2·half + 1 frames; noZero: openSMILE's noZeroSma. */
export function movingAverage(x: usize, n: i32, half: i32, noZero: bool, y: usize, m: i32): void {
  for (let t = 0; t < m; t++) {
    const centre = frameOrEdge(x, n, t);
    if (noZero && centre == 0) {
      st32(y, t, 0);
      continue;
    }
    let sum: f32 = centre;
    let count = 1;
    for (let w = 1; w <= half; w++) {
      const before = frameOrEdge(x, n, t - w);
      const after = frameOrEdge(x, n, t + w);
      if (!noZero || before != 0) {
        sum += before;
        count++;
      }
      if (!noZero || after != 0) {
        sum += after;
        count++;
      }
    }
    st32(y, t, <f32>(<f64>sum / <f64>count));
  }
}
