/**
 * The per-sample loops over a whole recording (data/audio/sampleLoops.ts runs them piece by piece),
 * compiled to WebAssembly by scripts/buildWasm.mjs: as JavaScript each ran once per file, so most of
 * it ran before V8's optimising compiler had caught up, boxing every sample it computed. Each is the
 * double operation the JavaScript did, rounded to float32 where the JavaScript stored into a
 * Float32Array, so the results are the same bits.
 */

import { ld32, st32 } from './lib/memoryAccess';

/** out[i] = the little-endian int16 at bytes + i·strideBytes, divided by fullScale (as a double, then rounded to float32). */
export function pcm16ToFloat(bytes: usize, strideBytes: i32, count: i32, fullScale: f64, out: usize): void {
  for (let i = 0; i < count; i++) st32(out, i, <f32>(<f64>load<i16>(bytes + <usize>(i * strideBytes)) / fullScale));
}

/** x[i] = x[i]·factor in doubles, rounded to float32, in place. */
export function scale(x: usize, count: i32, factor: f64): void {
  for (let i = 0; i < count; i++) st32(x, i, <f32>(<f64>ld32(x, i) * factor));
}

/** How many x[i] have |x[i]| ≥ level (NaN never does). */
export function countAtOrAbove(x: usize, count: i32, level: f64): i32 {
  let n = 0;
  for (let i = 0; i < count; i++) n += i32(Math.abs(<f64>ld32(x, i)) >= level);
  return n;
}
