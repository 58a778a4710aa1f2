/**
 * The `_de` delta regressions of dsp/compare/deltas.ts (see there for the definitions and openSMILE's
 * growing normaliser), compiled to WebAssembly by scripts/buildWasm.mjs: float32 sums in openSMILE's
 * order, each delta a double division rounded to float32, as the JavaScript did, so the same bits.
 */
import { ld32, st32 } from './lib/memoryAccess';

/** x[t] with the first and last frames repeated beyond the ends. */
function frameOrEdge(x: usize, n: i32, t: i32): f32 {
  return ld32(x, t < 0 ? 0 : t >= n ? n - 1 : t);
}

/** y[t] = Σ_{w=1..half} w·(x[t+w] − x[t−w]) / norm for t = 0..n−1, edges repeated. */
export function deltaRegression(x: usize, n: i32, half: i32, norm: f64, y: usize): void {
  for (let t = 0; t < n; t++) {
    let num: f32 = 0;
    for (let w = 1; w <= half; w++) num += <f32>w * (frameOrEdge(x, n, t + w) - frameOrEdge(x, n, t - w));
    st32(y, t, <f32>(<f64>num / norm));
  }
}

/**
 * The in-segment deltas of `fields` contours of n frames each, field f at x + 4·n·f, its deltas at
 * y + 4·n·f: a pair holding a 0 or NaN is skipped, and the normaliser, starting at `norm`, grows by
 * w² for every pair used, frame by frame and field by field.
 */
export function deltaRegressionInSegments(x: usize, fields: i32, n: i32, half: i32, norm: f32, y: usize): void {
  for (let t = 0; t < n; t++) {
    for (let f = 0; f < fields; f++) {
      const field = x + <usize>(4 * n * f);
      let num: f32 = 0;
      for (let w = 1; w <= half; w++) {
        const before = ld32(field, t - w < 0 ? 0 : t - w);
        const after = ld32(field, t + w >= n ? n - 1 : t + w);
        if (before == 0 || after == 0 || isNaN(before) || isNaN(after)) continue;
        num += <f32>w * (after - before);
        norm += <f32>(w * w);
      }
      st32(y + <usize>(4 * n * f), t, norm != 0 ? <f32>(<f64>num / <f64>norm) : 0);
    }
  }
}
