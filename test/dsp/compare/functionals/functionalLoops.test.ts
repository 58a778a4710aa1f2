import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autocorrelationLoop, meansSumsLoop } from '../../../../dsp/compare/functionals/functionalLoops.js';

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
