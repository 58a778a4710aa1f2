/**
 * The magnitude spectrum of dsp/compare/realFft.ts (see there: a complex FFT of half the size,
 * radix-4 decimation in time, then the split into the real signal's spectrum), in double precision,
 * compiled to WebAssembly by scripts/buildWasm.mjs. WebAssembly's f64 arithmetic is JavaScript's,
 * operation for operation, so the spectra are the same bits; this runs at full speed from the first
 * frame, where JavaScript waits for V8's optimising compiler. The stages after the first take two
 * neighbouring points at a time as f64x2 lanes, each lane doing the scalar operations (the same
 * bits again). realFft.ts lays out the memory and computes the tables.
 */

import { ld32, st32, ld, st } from './lib/memoryAccess';

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

/** Two neighbouring points k, k + 1 at a time (quarter ≥ 4 is even), as f64x2 lanes: each lane does the scalar operations. */
function lastRadix2Stage(re: usize, im: usize, half: i32, w: usize): void {
  const quarter = half / 2;
  for (let k = 0; k < quarter; k += 2) {
    // w holds cos, sin of point k, then of k + 1: one lane each.
    const wk = v128.load(at(w, 2 * k));
    const wk1 = v128.load(at(w, 2 * k + 2));
    const wr = v128.shuffle<f64>(wk, wk1, 0, 2);
    const wi = v128.shuffle<f64>(wk, wk1, 1, 3);
    const j = k + quarter;
    const rj = v128.load(at(re, j));
    const mj = v128.load(at(im, j));
    const br = f64x2.sub(f64x2.mul(rj, wr), f64x2.mul(mj, wi));
    const bi = f64x2.add(f64x2.mul(rj, wi), f64x2.mul(mj, wr));
    const ar = v128.load(at(re, k));
    const ai = v128.load(at(im, k));
    v128.store(at(re, k), f64x2.add(ar, br));
    v128.store(at(im, k), f64x2.add(ai, bi));
    v128.store(at(re, j), f64x2.sub(ar, br));
    v128.store(at(im, j), f64x2.sub(ai, bi));
  }
}

/** Byte offset of double i at p. */
function at(p: usize, i: i32): usize {
  return p + ((<usize>i) << 3);
}

/** The pair (table[6k + m], table[6k + 6 + m]): twiddle component m of points k and k + 1. */
function twiddlePair(twiddles: usize, k: i32, m: i32): v128 {
  return f64x2.replace_lane(f64x2.splat(ld(twiddles, 6 * k + m)), 1, ld(twiddles, 6 * k + 6 + m));
}

/** Two neighbouring points k, k + 1 at a time (quarter ≥ 4 is even), as f64x2 lanes: each lane does the scalar operations. */
function radix4Stage(re: usize, im: usize, half: i32, quarter: i32, twiddles: usize): void {
  const span = 4 * quarter;
  for (let k = 0; k < quarter; k += 2) {
    const w1r = twiddlePair(twiddles, k, 0);
    const w1i = twiddlePair(twiddles, k, 1);
    const w2r = twiddlePair(twiddles, k, 2);
    const w2i = twiddlePair(twiddles, k, 3);
    const w3r = twiddlePair(twiddles, k, 4);
    const w3i = twiddlePair(twiddles, k, 5);
    for (let i0 = k; i0 < half; i0 += span) {
      const i1 = i0 + quarter;
      const i2 = i1 + quarter;
      const i3 = i2 + quarter;
      const ar = v128.load(at(re, i0));
      const ai = v128.load(at(im, i0));
      const r1 = v128.load(at(re, i1));
      const m1 = v128.load(at(im, i1));
      const r2 = v128.load(at(re, i2));
      const m2 = v128.load(at(im, i2));
      const r3 = v128.load(at(re, i3));
      const m3 = v128.load(at(im, i3));
      const br = f64x2.sub(f64x2.mul(r1, w2r), f64x2.mul(m1, w2i));
      const bi = f64x2.add(f64x2.mul(r1, w2i), f64x2.mul(m1, w2r));
      const cr = f64x2.sub(f64x2.mul(r2, w1r), f64x2.mul(m2, w1i));
      const ci = f64x2.add(f64x2.mul(r2, w1i), f64x2.mul(m2, w1r));
      const dr = f64x2.sub(f64x2.mul(r3, w3r), f64x2.mul(m3, w3i));
      const di = f64x2.add(f64x2.mul(r3, w3i), f64x2.mul(m3, w3r));
      const s0r = f64x2.add(ar, br);
      const s0i = f64x2.add(ai, bi);
      const s1r = f64x2.sub(ar, br);
      const s1i = f64x2.sub(ai, bi);
      const s2r = f64x2.add(cr, dr);
      const s2i = f64x2.add(ci, di);
      // −i·(c − d)
      const s3r = f64x2.sub(ci, di);
      const s3i = f64x2.sub(dr, cr);
      v128.store(at(re, i0), f64x2.add(s0r, s2r));
      v128.store(at(im, i0), f64x2.add(s0i, s2i));
      v128.store(at(re, i1), f64x2.add(s1r, s3r));
      v128.store(at(im, i1), f64x2.add(s1i, s3i));
      v128.store(at(re, i2), f64x2.sub(s0r, s2r));
      v128.store(at(im, i2), f64x2.sub(s0i, s2i));
      v128.store(at(re, i3), f64x2.sub(s1r, s3r));
      v128.store(at(im, i3), f64x2.sub(s1i, s3i));
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
