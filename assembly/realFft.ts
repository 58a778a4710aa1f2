/**
 * The magnitude spectrum of dsp/compare/realFft.ts (see there: a complex FFT of half the size,
 * radix-4 decimation in time, then the split into the real signal's spectrum), in double precision,
 * compiled to WebAssembly by scripts/buildWasm.mjs. WebAssembly's f64 arithmetic is JavaScript's,
 * operation for operation, so the spectra are the same bits; this runs at full speed from the first
 * frame, where JavaScript waits for V8's optimising compiler. realFft.ts lays out the memory and
 * computes the tables.
 */

import { ld32, st32, ld, st } from './common/memoryAccess';

/**
 * |X_k|, k = 0..n/2, of the frame (`length` samples at `frame`) times the window, zero-padded to n,
 * written to `out` (n/2 + 1 floats).
 * @param re scratch: n/2 doubles, then `im` the same
 * @param bitReversed n/2 int32: the bit-reversed index of each complex point
 * @param stageTwiddles the radix-4 stages after the first, one after another: for quarter = 4, 16, …
 *   while 4·quarter ≤ n/2, cos/sin of W^k, W^2k, W^3k of its span (6·quarter doubles)
 * @param radix2Twiddles cos/sin of W^k of the half-size transform (n/2 doubles) when log2(n/2) is odd; else unused
 * @param splitCos cos and sin (`splitSin`) of 2πk/n, k = 0..n/4
 */
export function magnitude(
  n: i32,
  frame: usize,
  window: usize,
  length: i32,
  out: usize,
  re: usize,
  im: usize,
  bitReversed: usize,
  stageTwiddles: usize,
  radix2Twiddles: usize,
  splitCos: usize,
  splitSin: usize,
): void {
  const half = n / 2;
  loadWithFirstStage(frame, window, length, re, im, bitReversed, half);
  let quarter = 4;
  let twiddles = stageTwiddles;
  for (; 4 * quarter <= half; quarter *= 4) {
    radix4Stage(re, im, half, quarter, twiddles);
    twiddles += (<usize>(6 * quarter)) << 3;
  }
  if (2 * quarter === half) lastRadix2Stage(re, im, half, radix2Twiddles);
  split(re, im, half, splitCos, splitSin, out);
}

function sample(frame: usize, window: usize, length: i32, i: i32): f64 {
  return i < length ? <f64>ld32(frame, i) * <f64>ld32(window, i) : 0;
}

function loadWithFirstStage(frame: usize, window: usize, length: i32, re: usize, im: usize, bitReversed: usize, half: i32): void {
  for (let i0 = 0; i0 < half; i0 += 4) {
    const a = 2 * load<i32>(bitReversed + ((<usize>i0) << 2));
    const b = a + half;
    const c = a + half / 2;
    const d = c + half;
    const ar = sample(frame, window, length, a);
    const ai = sample(frame, window, length, a + 1);
    const br = sample(frame, window, length, b);
    const bi = sample(frame, window, length, b + 1);
    const cr = sample(frame, window, length, c);
    const ci = sample(frame, window, length, c + 1);
    const dr = sample(frame, window, length, d);
    const di = sample(frame, window, length, d + 1);
    butterfly4(re, im, i0, i0 + 1, i0 + 2, i0 + 3, ar, ai, br, bi, cr, ci, dr, di);
  }
}

function lastRadix2Stage(re: usize, im: usize, half: i32, w: usize): void {
  const quarter = half / 2;
  for (let k = 0; k < quarter; k++) {
    const wr = ld(w, 2 * k);
    const wi = ld(w, 2 * k + 1);
    const j = k + quarter;
    const br = ld(re, j) * wr - ld(im, j) * wi;
    const bi = ld(re, j) * wi + ld(im, j) * wr;
    const ar = ld(re, k);
    const ai = ld(im, k);
    st(re, k, ar + br);
    st(im, k, ai + bi);
    st(re, j, ar - br);
    st(im, j, ai - bi);
  }
}

function radix4Stage(re: usize, im: usize, half: i32, quarter: i32, twiddles: usize): void {
  const span = 4 * quarter;
  for (let k = 0; k < quarter; k++) {
    const t = 6 * k;
    const w1r = ld(twiddles, t);
    const w1i = ld(twiddles, t + 1);
    const w2r = ld(twiddles, t + 2);
    const w2i = ld(twiddles, t + 3);
    const w3r = ld(twiddles, t + 4);
    const w3i = ld(twiddles, t + 5);
    for (let i0 = k; i0 < half; i0 += span) {
      const i1 = i0 + quarter;
      const i2 = i1 + quarter;
      const i3 = i2 + quarter;
      const ar = ld(re, i0);
      const ai = ld(im, i0);
      const br = ld(re, i1) * w2r - ld(im, i1) * w2i;
      const bi = ld(re, i1) * w2i + ld(im, i1) * w2r;
      const cr = ld(re, i2) * w1r - ld(im, i2) * w1i;
      const ci = ld(re, i2) * w1i + ld(im, i2) * w1r;
      const dr = ld(re, i3) * w3r - ld(im, i3) * w3i;
      const di = ld(re, i3) * w3i + ld(im, i3) * w3r;
      butterfly4(re, im, i0, i1, i2, i3, ar, ai, br, bi, cr, ci, dr, di);
    }
  }
}

function split(re: usize, im: usize, half: i32, splitCos: usize, splitSin: usize, out: usize): void {
  st32(out, 0, <f32>Math.abs(ld(re, 0) + ld(im, 0)));
  st32(out, half, <f32>Math.abs(ld(re, 0) - ld(im, 0)));
  for (let k = 1; k <= half / 2; k++) {
    const j = half - k;
    const er = 0.5 * (ld(re, k) + ld(re, j));
    const ei = 0.5 * (ld(im, k) - ld(im, j));
    const or = 0.5 * (ld(re, k) - ld(re, j));
    const oi = 0.5 * (ld(im, k) + ld(im, j));
    const c = ld(splitCos, k);
    const s = ld(splitSin, k);
    const a = s * or;
    const b = c * oi;
    const d = s * oi;
    const g = c * or;
    const xr = er - a + b;
    const xi = ei - d - g;
    st32(out, k, <f32>Math.sqrt(xr * xr + xi * xi));
    const yr = er + a - b;
    const yi = -ei - d - g;
    st32(out, j, <f32>Math.sqrt(yr * yr + yi * yi));
  }
}

function butterfly4(re: usize, im: usize, i0: i32, i1: i32, i2: i32, i3: i32, ar: f64, ai: f64, br: f64, bi: f64, cr: f64, ci: f64, dr: f64, di: f64): void {
  const s0r = ar + br;
  const s0i = ai + bi;
  const s1r = ar - br;
  const s1i = ai - bi;
  const s2r = cr + dr;
  const s2i = ci + di;
  // −i·(c − d)
  const s3r = ci - di;
  const s3i = dr - cr;
  st(re, i0, s0r + s2r);
  st(im, i0, s0i + s2i);
  st(re, i1, s1r + s3r);
  st(im, i1, s1i + s3i);
  st(re, i2, s0r - s2r);
  st(im, i2, s0i - s2i);
  st(re, i3, s1r - s3r);
  st(im, i3, s1i - s3i);
}
