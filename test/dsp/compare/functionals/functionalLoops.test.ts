import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  autocorrelationLoop,
  centralMomentsLoop,
  contourSumsLoop,
  crossingsLoop,
  extremaLoop,
  meansSumsLoop,
  peakStatisticsLoop,
  regressionErrorsLoop,
  regressionSumsLoop,
  residentContour,
  timesCountsLoop,
} from '../../../../dsp/compare/functionals/functionalLoops.js';

const f32 = Math.fround;

/** A contour with zeros, negatives, a subnormal and a wide range of magnitudes, of length n. */
function contour(n: number): Float32Array {
  let state = 12345;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const u = state / 2147483648;
    x[i] = i % 7 === 0 ? 0 : (u - 0.4) * 10 ** ((i % 5) - 2);
  }
  if (n > 3) x[3] = 1e-40;
  return x;
}

/** The definition: r_l = Σ_{t≥l} x_t·x_{t−l}, each product and sum rounded to float32, t ascending. */
function autocorrelationByDefinition(x: Float32Array, maxLag: number): number[] {
  const r: number[] = [];
  for (let lag = 0; lag <= maxLag; lag++) {
    let s = 0;
    for (let t = lag; t < x.length; t++) s = f32(s + f32(x[t] * x[t - lag]));
    r.push(s);
  }
  return r;
}

test('autocorrelationLoop: the float32 sums of the definition bit for bit, for every lag count and contour length', () => {
  for (const n of [0, 1, 2, 5, 7, 8, 9, 1000, 6001]) {
    const x = contour(n);
    for (const maxLag of [0, 3, 5, 7, 8, 12]) {
      assert.deepEqual(Array.from(autocorrelationLoop(x, maxLag)), autocorrelationByDefinition(x, maxLag), `n ${n}, maxLag ${maxLag}`);
    }
  }
});

test('meansSumsLoop: the double sums of means.ts bit for bit, and the memory grows for a longer contour', () => {
  for (const n of [0, 1, 100, 70000]) {
    const x = contour(n);
    let absSum = 0;
    let squareSum = 0;
    let logAbsSum = 0;
    let nonZero = 0;
    let positiveSum = 0;
    let positives = 0;
    for (const v of x) {
      absSum += Math.abs(v);
      if (v > 0) {
        positiveSum += v;
        positives++;
      }
      if (v !== 0) {
        logAbsSum += Math.log(Math.abs(v));
        squareSum += v * v;
        nonZero++;
      }
    }
    assert.deepEqual(Array.from(meansSumsLoop(x)), [absSum, squareSum, logAbsSum, nonZero, positiveSum, positives], `n ${n}`);
  }
});

test('crossingsLoop: a boundary at each crossing of the 3-frame running mean, lengths up to the capacity', () => {
  // Runs of three 0s and three 3s: the running mean 1, 2, 3, 2, 1, 0 crosses 1.5 at frames 4, 7, 10, …, 22;
  // the first boundary is measured from −⌊segMinLng/2⌋ = −1.
  const x = Float32Array.from({ length: 24 }, (_, i) => (Math.floor(i / 3) % 2) * 3);
  const thresholds = Float64Array.of(1.5);
  const lengths = new Int32Array(10);
  assert.equal(crossingsLoop(x, thresholds, 2, lengths), 7);
  assert.deepEqual(Array.from(lengths.subarray(0, 7)), [5, 3, 3, 3, 3, 3, 3]);
  const capped = new Int32Array(2);
  assert.equal(crossingsLoop(x, thresholds, 2, capped), 2);
  assert.deepEqual(Array.from(capped), [5, 3]);
  // segMinLng 3: a crossing 3 frames after the last boundary is not one.
  assert.equal(crossingsLoop(x, thresholds, 3, lengths), 4);
  assert.deepEqual(Array.from(lengths.subarray(0, 4)), [5, 6, 6, 6]);
});

test('extremaLoop: strict extrema at t = 2..N−3, a taller maximum replacing a close one and a shallow minimum dropped', () => {
  const plain = extremaLoop(Float32Array.of(0, 0, 3, 0, 3, 0, 0), 1);
  assert.deepEqual([plain.count, Array.from(plain.type), Array.from(plain.x), Array.from(plain.y)], [3, [1, 0, 1], [2, 3, 4], [3, 0, 3]]);
  // 4.5 rises only 1 above the minimum 3.5 (below the threshold 1.5) but exceeds 4 × 1.05: it replaces
  // the maximum 4 (pass 2a); the minimum 3.5 then lies less than 1.5 below the last maximum (pass 2b).
  const pruned = extremaLoop(Float32Array.of(0, 0, 4, 3.5, 4.5, 0, 0, 0), 1.5);
  assert.deepEqual([pruned.count, Array.from(pruned.type), Array.from(pruned.x), Array.from(pruned.y)], [1, [1], [4], [4.5]]);
  assert.equal(extremaLoop(Float32Array.of(0, 1, 0, 1), 0).count, 0);
});

test('regressionSumsLoop and regressionErrorsLoop: hand-computed sums and squared errors over the frame index', () => {
  const x = Float32Array.of(1, -2, 3);
  // Σ|x| = 6, Σ|x|·i = 0 + 2 + 6, Σx·i = 0 − 2 + 6, Σx·i² = 0 − 2 + 12.
  assert.deepEqual(Array.from(regressionSumsLoop(x)), [6, 8, 4, 10]);
  // Line i: residuals 1, −3, 1; parabola i² + i + 1: residuals 0, −5, −4; both halved before squaring.
  assert.deepEqual(Array.from(regressionErrorsLoop(x, 1, 0, 1, 1, 1, 0.5)), [0.25 + 2.25 + 0.25, 0 + 6.25 + 4]);
});

test('residentContour: the contour in the instance, or only its non-zero values in order (−0 is zero, NaN is not), read in place by the loops', () => {
  const x = Float32Array.of(0, 2, -0, NaN, -3, 0, 5);
  const all = residentContour(x, false);
  assert.deepEqual(Array.from(all), Array.from(x));
  const nonZero = residentContour(x, true);
  assert.deepEqual(Array.from(nonZero), [2, NaN, -3, 5]);
  assert.deepEqual(Array.from(contourSumsLoop(residentContour(Float32Array.of(0, 4, 0, -1), true))), [-1, 4, 3, 0, 1]);
});

test('contourSumsLoop: a min or max replaced only by a strictly smaller or larger value (the first of ±0 stays, a later NaN never enters), the double sum, the first frames of each', () => {
  const [min, max, sum, maxIndex, minIndex] = contourSumsLoop(Float32Array.of(-0, 1, 0, NaN, -2.5, 1, -2.5));
  assert.deepEqual([min, max, maxIndex, minIndex], [-2.5, 1, 1, 4]);
  assert.ok(Number.isNaN(sum));
  // The first frame equal to each, as the search openSMILE makes (−0 equals +0; nothing equals NaN).
  assert.deepEqual(Array.from(contourSumsLoop(Float32Array.of(9, 1, 9, 0))).slice(3), [0, 3]);
  assert.deepEqual(Array.from(contourSumsLoop(Float32Array.of(-0, 2, 0))).slice(3), [1, 0]);
  assert.deepEqual(Array.from(contourSumsLoop(Float32Array.of(NaN, 2, 0))).slice(3), [-1, -1]);
  assert.ok(Object.is(contourSumsLoop(Float32Array.of(-0, 0))[1], -0));
  assert.ok(Object.is(contourSumsLoop(Float32Array.of(0, -0))[0], 0));
  const x = contour(1000);
  let expected = x[0];
  for (let i = 1; i < x.length; i++) expected += x[i];
  assert.equal(contourSumsLoop(x)[2], expected);
});

test('timesCountsLoop: level counts, rises and left curvatures by the definition, float32 steps', () => {
  for (const n of [1, 2, 3, 1000]) {
    const x = contour(n);
    const levels: [number, number, number, number] = [-0.1, 0, f32(0.05), 1];
    const expected = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      levels.forEach((level, k) => (expected[k] += +(x[i] <= level)));
      if (i + 1 < n) expected[4] += +(x[i] < x[i + 1]);
      if (i >= 1 && i + 1 < n) expected[5] += +(f32(x[i + 1] - x[i]) > f32(x[i] - x[i - 1]));
    }
    assert.deepEqual(Array.from(timesCountsLoop(x, levels)), expected, `n ${n}`);
  }
  // Steps 1, 2, 2: one left curvature (2 > 1), not two; rises 3.
  assert.deepEqual(Array.from(timesCountsLoop(Float32Array.of(0, 1, 3, 5), [0, 1, 3, 5])), [1, 2, 3, 4, 3, 1]);
});

test('centralMomentsLoop: the double sums of d², d³ and d⁴ bit for bit, and a hand-computed case', () => {
  const x = contour(6001);
  const mean = f32(0.01);
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const v of x) {
    const d = v - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d * d;
  }
  assert.deepEqual(Array.from(centralMomentsLoop(x, mean)), [m2, m3, m4]);
  // About 2: deviations −2, 0, 3 → 4 + 0 + 9, −8 + 0 + 27, 16 + 0 + 81.
  assert.deepEqual(Array.from(centralMomentsLoop(Float32Array.of(0, 2, 5), 2)), [13, 19, 97]);
});

test('peakStatisticsLoop: hand-computed peak spacing (from the last minimum, as openSMILE) and slopes, float32 arithmetic', () => {
  // Maxima 4 at 2, 4, 6 and minima 0 at 3, 5 all survive; frames of 0.5 s.
  const [peakMax, peakMin, peakMean, peakDist, peakDistStddev, minMax, minMin, meanRising, stddevRising, meanFalling, stddevFalling] = peakStatisticsLoop(
    Float32Array.of(0, 0, 4, 0, 4, 0, 4, 0, 0),
    1,
    0.5,
  );
  // Peaks 2 frames apart; measured from the minima, 1 frame each: deviations −1, −1.
  assert.deepEqual([peakMax, peakMin, peakMean, peakDist, peakDistStddev, minMax, minMin], [4, 4, 4, 2, 1, 0, 0]);
  // Rising: 4 per s over 2 frames (from x[0]), then 8, 8; falling: 8, 8, and −4 to the end (x[8] = 0 over 2 frames).
  const rising = f32(20 / 3);
  assert.equal(meanRising, rising);
  assert.equal(meanFalling, 4);
  const squares = [4 - rising, 8 - rising, 8 - rising].reduce((sum, d) => f32(sum + f32(f32(d) * f32(d))), 0);
  assert.equal(stddevRising, f32(Math.sqrt(f32(squares / 3))));
  // The slope to the end counts in the mean, not in the std.
  assert.equal(stddevFalling, f32(Math.sqrt(f32(32 / 3))));
});
