import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autocorrelationF32, levinsonDurbinF32, lpc } from '../../../../dsp/compare/functionals/lpc.js';

const close = (actual: number, expected: number, tol: number): void => assert.ok(Math.abs(actual - expected) <= tol, `${actual} ≠ ${expected} (±${tol})`);

/** Textbook Levinson–Durbin in float64, for comparison. */
function levinson64(r: number[], order: number): { a: number[]; error: number } {
  let a: number[] = [];
  let e = r[0];
  for (let m = 1; m <= order; m++) {
    let acc = r[m];
    for (let i = 1; i < m; i++) acc += a[i - 1] * r[m - i];
    const k = -acc / e;
    const next = a.map((ai, i) => ai + k * a[m - 2 - i]);
    next.push(k);
    a = next;
    e *= 1 - k * k;
  }
  return { a, error: e };
}

test('autocorrelation has no window and no mean removal', () => {
  assert.deepEqual(Array.from(autocorrelationF32(Float32Array.from([1, 2, 3]), 3)), [14, 8, 3, 0]);
});

test('lpc of a geometric decay is a first-order predictor', () => {
  const x = Float32Array.from({ length: 64 }, (_, t) => 0.5 ** t);
  const r = lpc(x);
  close(r.lpc0, -0.5, 1e-6);
  for (const k of ['lpc1', 'lpc2', 'lpc3', 'lpc4']) close(r[k], 0, 1e-6);
  // r0 = 4/3, one step of Levinson leaves r0·(1 − 0.25) = 1, divided by N
  close(r.lpgain, 1 / 64, 1e-8);
});

test('float32 Levinson agrees with float64 on a well-conditioned signal', () => {
  const x = Float32Array.from({ length: 200 }, (_, t) => Math.sin(0.3 * t) + 0.5 * Math.cos(1.1 * t) + 0.1 * Math.sin(2.9 * t * t));
  const r = autocorrelationF32(x, 5);
  const f = levinsonDurbinF32(r, 5);
  const d = levinson64(Array.from(r), 5);
  d.a.forEach((a, i) => close(f.coefficients[i], a, 1e-4));
  close(f.error, d.error, 1e-3 * d.error);
});

test('an all-zero contour gives zero gain and coefficients', () => {
  const r = lpc(new Float32Array(10));
  assert.deepEqual(Object.values(r), [0, 0, 0, 0, 0, 0]);
});
