/**
 * The subharmonic sum of dsp/compare/voicing/shsPitch.ts (see there), compiled to WebAssembly by
 * scripts/buildWasm.mjs: the same double-precision operations, each sum rounded to float32 where the
 * JavaScript rounds it, so the same bits, at full speed from the first frame. shsPitch.ts lays out the
 * memory and picks the peaks.
 */

function ld(p: usize, i: i32): f32 {
  return load<f32>(p + ((<usize>i) << 2));
}

function st(p: usize, i: i32, v: f32): void {
  store<f32>(p + ((<usize>i) << 2), v);
}

/** x + s·w as JavaScript's f32(x + s * w) computes it: the float32 product is exact in double, the sum rounds once. */
function madd(x: f32, s: f32, w: f32): f32 {
  return <f32>(<f64>x + <f64>s * <f64>w);
}

/**
 * SS[j] = (X[j] + Σ_h w_h·X[j + shift_h]) / H, clipped at 0, for the n points of `spectrum`, into `ss`.
 * @param shifts int32 per harmonic h = 0..harmonics (2.. used): its offset in points
 * @param weights float32 per harmonic: its weight
 */
export function subharmonicSum(spectrum: usize, n: i32, shifts: usize, weights: usize, harmonics: i32, ss: usize): void {
  // Eight neighbouring points at a time, each summing its harmonics in order: eight independent
  // chains; once the last point's harmonic falls off the spectrum, the lower points go on one by one.
  let j = 0;
  for (; j + 7 < n; j += 8) {
    let a0 = ld(spectrum, j);
    let a1 = ld(spectrum, j + 1);
    let a2 = ld(spectrum, j + 2);
    let a3 = ld(spectrum, j + 3);
    let a4 = ld(spectrum, j + 4);
    let a5 = ld(spectrum, j + 5);
    let a6 = ld(spectrum, j + 6);
    let a7 = ld(spectrum, j + 7);
    let h = 2;
    for (; h <= harmonics; h++) {
      const k = j + load<i32>(shifts + ((<usize>h) << 2));
      if (k + 7 >= n) break;
      const w = ld(weights, h);
      a0 = madd(a0, ld(spectrum, k), w);
      a1 = madd(a1, ld(spectrum, k + 1), w);
      a2 = madd(a2, ld(spectrum, k + 2), w);
      a3 = madd(a3, ld(spectrum, k + 3), w);
      a4 = madd(a4, ld(spectrum, k + 4), w);
      a5 = madd(a5, ld(spectrum, k + 5), w);
      a6 = madd(a6, ld(spectrum, k + 6), w);
      a7 = madd(a7, ld(spectrum, k + 7), w);
    }
    st(ss, j, a0);
    st(ss, j + 1, a1);
    st(ss, j + 2, a2);
    st(ss, j + 3, a3);
    st(ss, j + 4, a4);
    st(ss, j + 5, a5);
    st(ss, j + 6, a6);
    st(ss, j + 7, a7);
    for (; h <= harmonics; h++) {
      const k = j + load<i32>(shifts + ((<usize>h) << 2));
      if (k >= n) break;
      const w = ld(weights, h);
      for (let lane = 0; lane < 8 && k + lane < n; lane++) st(ss, j + lane, madd(ld(ss, j + lane), ld(spectrum, k + lane), w));
    }
  }
  for (; j < n; j++) {
    let acc = ld(spectrum, j);
    for (let h = 2; h <= harmonics; h++) {
      const k = j + load<i32>(shifts + ((<usize>h) << 2));
      if (k >= n) break;
      acc = madd(acc, ld(spectrum, k), ld(weights, h));
    }
    st(ss, j, acc);
  }
  for (let j = 0; j < n; j++) {
    const v = <f32>(<f64>ld(ss, j) / <f64>harmonics);
    st(ss, j, v < 0 ? 0 : v);
  }
}
