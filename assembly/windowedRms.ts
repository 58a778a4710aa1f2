/**
 * The energy gate's RMS of each Gauss-windowed G60 frame (cEnergy `rms=1` on is13_win60; see
 * dsp/compare/voicing/frameRms.ts), compiled to WebAssembly by scripts/buildWasm.mjs. The four
 * partial sums of the JavaScript it replaced (i ≡ 0, 1, 2, 3 mod 4) sit as two pairs of f64x2 lanes,
 * each lane multiplying and adding as the scalar code did, so the values are the same bits.
 */
import { ld32, st32 } from './lib/memoryAccess';

/**
 * out[k] = √(Σ_i (x[k·hop + i]·window[i])² / length), summed in doubles, rounded to float32, for
 * frames k = 0..frames−1.
 */
export function windowedRms(x: usize, hop: i32, frames: i32, window: usize, length: i32, out: usize): void {
  for (let k = 0; k < frames; k++) {
    const frame = x + ((<usize>(k * hop)) << 2);
    let e01 = f64x2.splat(0);
    let e23 = f64x2.splat(0);
    let i = 0;
    for (; i + 3 < length; i += 4) {
      const o = (<usize>i) << 2;
      const v01 = f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(frame + o)), f64x2.promote_low_f32x4(v128.load64_zero(window + o)));
      const v23 = f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(frame + o, 8)), f64x2.promote_low_f32x4(v128.load64_zero(window + o, 8)));
      e01 = f64x2.add(e01, f64x2.mul(v01, v01));
      e23 = f64x2.add(e23, f64x2.mul(v23, v23));
    }
    let e0 = f64x2.extract_lane(e01, 0);
    for (; i < length; i++) {
      const v = <f64>ld32(frame, i) * <f64>ld32(window, i);
      e0 += v * v;
    }
    const energy = e0 + f64x2.extract_lane(e01, 1) + (f64x2.extract_lane(e23, 0) + f64x2.extract_lane(e23, 1));
    st32(out, k, <f32>Math.sqrt(energy / <f64>length));
  }
}
