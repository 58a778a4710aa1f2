/**
 * The period search's correlations of dsp/compare/voicing/pitchJitter.ts (see there), compiled to
 * WebAssembly by scripts/buildWasm.mjs: the same double-precision operations in the same order, so
 * the same bits. pitchJitter.ts reads the waveform and its prefix sums into the memory, and picks
 * and refines the peak.
 */

function ld(p: usize, i: i32): f64 {
  return load<f64>(p + ((<usize>i) << 3));
}

/**
 * cc[lag − lagMin] = Pearson correlation of x[s..s+lag) with x[s+lag..s+2·lag), for lag = lagMin..lagMax;
 * means and energies from the prefix sums of x (prefix[i] = Σ x[0..i), prefixSq likewise of x²).
 */
export function segmentCorrelations(x: usize, prefix: usize, prefixSq: usize, s: i32, lagMin: i32, lagMax: i32, cc: usize): void {
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
