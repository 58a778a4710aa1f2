/**
 * One G60 frame's pitch candidates from its magnitude spectrum, as dsp/compare/voicing/pitchCandidates.ts
 * (see there) runs them: cSpecScale's peak enhancement, [1 2 1]/4 smoothing and octave-scale spline,
 * then cPitchShs's subharmonic sum, peak picking and parabolic refinement. Compiled to WebAssembly by
 * scripts/buildWasm.mjs: the same float64 and float32 operations in the same order as the JavaScript
 * they replace, so the same bits, at full speed from the first frame. exp is JavaScript's Math.exp,
 * imported: WebAssembly has none, and AssemblyScript's rounds differently in the last bit.
 * pitchCandidates.ts computes the tables and lays out the memory.
 */

import { ld32, st32, ld, st, ldi, sti } from './lib/memoryAccess';
import * as javascriptMath from './lib/javascriptMath';
import { parabolaVertex, vertexX, vertexY } from './lib/parabola';

/**
 * In place on the n doubles at `a`: peak enhancement (every bin farther than 2 bins from a local
 * maximum, between two maxima, set to 0; maxima are a[i] > a[i−1] and a[i] ≥ a[i+1], plus either end
 * when higher than its neighbour), then smoothing with [1 2 1]/4 (bin −1 taken as 0, the last bin
 * left as is). `maxima`: room for n int32.
 */
export function shapeSpectrum(a: usize, n: i32, maxima: usize): void {
  enhancePeaks(a, n, maxima);
  let previous: f64 = 0;
  for (let i = 0; i < n - 1; i++) {
    const current = ld(a, i);
    st(a, i, (previous + 2 * current + ld(a, i + 1)) / 4);
    previous = current;
  }
}

function enhancePeaks(a: usize, n: i32, maxima: usize): void {
  if (n < 2) return;
  // The maxima first (of the input values), then the clearing between them.
  let count = 0;
  if (ld(a, 0) > ld(a, 1)) sti(maxima, count++, 0);
  let before = ld(a, 0);
  let current = ld(a, 1);
  for (let i = 1; i < n - 1; i++) {
    const after = ld(a, i + 1);
    sti(maxima, count, i);
    count += (<i32>(current > before)) & (<i32>(current >= after));
    before = current;
    current = after;
  }
  if (ld(a, n - 1) > ld(a, n - 2)) sti(maxima, count++, n - 1);
  for (let m = 1; m < count; m++) {
    for (let j = ldi(maxima, m - 1) + 3; j <= ldi(maxima, m) - 3; j++) st(a, j, 0);
  }
  // openSMILE reads posmax[1] here (one past the only maximum, a zero slot): it keeps bins 0..2 and
  // clears the rest. Reproduced for parity; it only happens for a spectrum with a single peak.
  if (count === 1) for (let j = 3; j < n; j++) st(a, j, 0);
}

/**
 * The natural cubic spline through the n doubles at `magnitude` (knots at log2 of each bin's
 * frequency), evaluated at the m octave-axis points and weighted, into `out` (m floats): see
 * dsp/compare/voicing/octaveScaleSpectrum.ts for the tables. `u` and `y2`: room for n doubles each.
 */
export function octaveScale(
  magnitude: usize,
  n: i32,
  upper: usize,
  lower: usize,
  carry: usize,
  y2Factor: usize,
  u: usize,
  y2: usize,
  m: i32,
  lowerKnot: usize,
  weightA: usize,
  weightC: usize,
  weightD: usize,
  auditoryWeight: usize,
  out: usize,
): void {
  // Forward sweep, then back substitution: both serial.
  let uPrevious: f64 = 0;
  let before = ld(magnitude, 0);
  let current = ld(magnitude, 1);
  st(u, 0, 0);
  for (let i = 1; i < n - 1; i++) {
    const after = ld(magnitude, i + 1);
    uPrevious = (after - current) * ld(upper, i) - (current - before) * ld(lower, i) - ld(carry, i) * uPrevious;
    st(u, i, uPrevious);
    before = current;
    current = after;
  }
  let y2Next: f64 = 0;
  st(y2, n - 1, 0);
  for (let j = n - 2; j >= 0; j--) {
    y2Next = ld(y2Factor, j) * y2Next + ld(u, j);
    st(y2, j, y2Next);
  }
  for (let i = 0; i < m; i++) {
    const k = ldi(lowerKnot, i);
    const a = ld(weightA, i);
    const value = <f32>(a * ld(magnitude, k) + (1 - a) * ld(magnitude, k + 1) + ld(weightC, i) * ld(y2, k) + ld(weightD, i) * ld(y2, k + 1));
    st32(out, i, value > 0 ? <f32>(<f64>value * ld(auditoryWeight, i)) : 0);
  }
}

/** x + s·w as JavaScript's f32(x + s * w) computes it: the float32 product is exact in double, the sum rounds once. */
function madd(x: f32, s: f32, w: f32): f32 {
  return <f32>(<f64>x + <f64>s * <f64>w);
}

/** The two floats at p as doubles. */
function pair(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/** madd on two lanes: f64(f32(acc + s·w)) in each (acc already a float32 value). */
function roundedMadd(acc: v128, s: v128, w: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(f64x2.add(acc, f64x2.mul(s, w))));
}

/**
 * SS[j] = (X[j] + Σ_h w_h·X[j + shift_h]) / H, clipped at 0, for the n points of `spectrum`, into `ss`.
 * @param shifts int32 per harmonic h = 0..harmonics (2.. used): its offset in points
 * @param weights float32 per harmonic: its weight
 */
function subharmonicSum(spectrum: usize, n: i32, shifts: usize, weights: usize, harmonics: i32, ss: usize): void {
  // Eight neighbouring points at a time, each summing its harmonics in order: eight independent
  // chains, as four pairs of f64x2 lanes; once the last point's harmonic falls off the spectrum, the
  // lower points go on one by one. Each lane does what madd does: the sum in double precision,
  // rounded to float32 (and back, exactly) after each harmonic.
  let j = 0;
  for (; j + 7 < n; j += 8) {
    const at = spectrum + ((<usize>j) << 2);
    let a01 = pair(at);
    let a23 = pair(at + 8);
    let a45 = pair(at + 16);
    let a67 = pair(at + 24);
    let h = 2;
    for (; h <= harmonics; h++) {
      const k = j + ldi(shifts, h);
      if (k + 7 >= n) break;
      const w = f64x2.splat(<f64>ld32(weights, h));
      const kAt = spectrum + ((<usize>k) << 2);
      a01 = roundedMadd(a01, pair(kAt), w);
      a23 = roundedMadd(a23, pair(kAt + 8), w);
      a45 = roundedMadd(a45, pair(kAt + 16), w);
      a67 = roundedMadd(a67, pair(kAt + 24), w);
    }
    const out = ss + ((<usize>j) << 2);
    v128.store64_lane(out, f32x4.demote_f64x2_zero(a01), 0);
    v128.store64_lane(out + 8, f32x4.demote_f64x2_zero(a23), 0);
    v128.store64_lane(out + 16, f32x4.demote_f64x2_zero(a45), 0);
    v128.store64_lane(out + 24, f32x4.demote_f64x2_zero(a67), 0);
    for (; h <= harmonics; h++) {
      const k = j + ldi(shifts, h);
      if (k >= n) break;
      const w = ld32(weights, h);
      for (let lane = 0; lane < 8 && k + lane < n; lane++) st32(ss, j + lane, madd(ld32(ss, j + lane), ld32(spectrum, k + lane), w));
    }
  }
  for (; j < n; j++) {
    let acc = ld32(spectrum, j);
    for (let h = 2; h <= harmonics; h++) {
      const k = j + ldi(shifts, h);
      if (k >= n) break;
      acc = madd(acc, ld32(spectrum, k), ld32(weights, h));
    }
    st32(ss, j, acc);
  }
  for (let j = 0; j < n; j++) {
    const v = <f32>(<f64>ld32(ss, j) / <f64>harmonics);
    st32(ss, j, v < 0 ? 0 : v);
  }
}

function swap(a: usize, i: i32, j: i32): void {
  const t = ld32(a, i);
  st32(a, i, ld32(a, j));
  st32(a, j, t);
}

/**
 * The SHS candidates of the n-point octave-scale spectrum at `spectrum`: the subharmonic sum into
 * `ss`, its highest local maxima (at most nCand, `peakIndex` their points), each refined by a parabola
 * on the log2 axis (point j at f32(f32(j·step) + minLog2)) and kept when inside [minPitchHz,
 * maxPitchHz]. Writes nCand floats each to f0Hz, voicing (1 − mean(SS)/score, or 0 when the peak is
 * not above the mean) and score, in order of height, 0 in empty slots, the best refined score in
 * slot 0; returns the number kept.
 */
export function shsCandidates(
  spectrum: usize,
  n: i32,
  shifts: usize,
  weights: usize,
  harmonics: i32,
  ss: usize,
  nCand: i32,
  peakIndex: usize,
  f0Hz: usize,
  voicing: usize,
  score: usize,
  step: f64,
  minLog2: f64,
  minPitchHz: f64,
  maxPitchHz: f64,
): i32 {
  subharmonicSum(spectrum, n, shifts, weights, harmonics, ss);

  // Greedy peak picking: every local maximum is inserted into a list sorted by height.
  for (let j = 0; j < nCand; j++) st32(score, j, 0);
  let found = 0;
  let mean: f64 = ld32(ss, 0);
  for (let i = 1; i < n - 1; i++) {
    const v = ld32(ss, i);
    if (ld32(ss, i - 1) < v && v > ld32(ss, i + 1) && (found < nCand || v > ld32(score, nCand - 1))) {
      for (let j = 0; j < nCand; j++) {
        const s = ld32(score, j);
        if (s == 0 || s < v) {
          for (let k = nCand - 1; k > j; k--) {
            st32(score, k, ld32(score, k - 1));
            sti(peakIndex, k, ldi(peakIndex, k - 1));
          }
          sti(peakIndex, j, i);
          st32(score, j, v);
          if (found < nCand) found++;
          break;
        }
      }
    }
    mean += <f64>v;
  }
  mean = (mean + <f64>ld32(ss, n - 1)) / <f64>n;

  let kept = 0;
  for (let i = 0; i < found; i++) {
    const j = ldi(peakIndex, i);
    const x0 = <f32>(<f64>(<f32>(<f64>(j - 1) * step)) + minLog2);
    const x1 = <f32>(<f64>(<f32>(<f64>j * step)) + minLog2);
    const x2 = <f32>(<f64>(<f32>(<f64>(j + 1) * step)) + minLog2);
    parabolaVertex(x0, ld32(ss, j - 1), x1, ld32(ss, j), x2, ld32(ss, j + 1));
    const f = <f32>javascriptMath.exp(vertexX * Math.LN2);
    if (<f64>f > maxPitchHz || <f64>f < minPitchHz) continue;
    const sc = vertexY;
    st32(f0Hz, kept, f);
    st32(score, kept, <f32>sc);
    st32(voicing, kept, sc > 0 && sc > mean ? <f32>(1 - mean / sc) : 0);
    kept++;
  }
  for (let i = kept; i < nCand; i++) {
    st32(f0Hz, i, 0);
    st32(voicing, i, 0);
    st32(score, i, 0);
  }
  let best = 0;
  for (let i = 1; i < nCand; i++) if (ld32(score, i) > ld32(score, best)) best = i;
  swap(f0Hz, 0, best);
  swap(voicing, 0, best);
  swap(score, 0, best);
  return kept;
}

/**
 * A frame's candidates in one call (dsp/compare/voicing/pitchCandidates.ts's find()): the n float32
 * magnitudes at `magnitude32` widened into the spectrum at `a`, then shapeSpectrum, octaveScale into
 * `octave` and shsCandidates on it (see each for the other arguments); returns the number kept. The
 * arguments are read from `layout`, which find()'s class writes once: four doubles (step, minLog2,
 * minPitchHz, maxPitchHz), then 26 int32s in the order below. One argument, not thirty: until V8
 * has optimised the caller, each argument of a call into WebAssembly costs as much as a small loop.
 */
export function findCandidates(layout: usize): i32 {
  const p = layout + 32;
  const magnitude32 = <usize>ldi(p, 0);
  const a = <usize>ldi(p, 1);
  const n = ldi(p, 2);
  const maxima = <usize>ldi(p, 3);
  const m = ldi(p, 4);
  const octave = <usize>ldi(p, 5);
  for (let i = 0; i < n; i++) st(a, i, <f64>ld32(magnitude32, i));
  shapeSpectrum(a, n, maxima);
  octaveScale(
    a,
    n,
    <usize>ldi(p, 6),
    <usize>ldi(p, 7),
    <usize>ldi(p, 8),
    <usize>ldi(p, 9),
    <usize>ldi(p, 10),
    <usize>ldi(p, 11),
    m,
    <usize>ldi(p, 12),
    <usize>ldi(p, 13),
    <usize>ldi(p, 14),
    <usize>ldi(p, 15),
    <usize>ldi(p, 16),
    octave,
  );
  return shsCandidates(
    octave,
    m,
    <usize>ldi(p, 17),
    <usize>ldi(p, 18),
    ldi(p, 19),
    <usize>ldi(p, 20),
    ldi(p, 21),
    <usize>ldi(p, 22),
    <usize>ldi(p, 23),
    <usize>ldi(p, 24),
    <usize>ldi(p, 25),
    ld(layout, 0),
    ld(layout, 1),
    ld(layout, 2),
    ld(layout, 3),
  );
}
