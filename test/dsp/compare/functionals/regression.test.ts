import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contourStats } from '../../../../dsp/compare/functionals/contourStats.js';
import { ratioLimit } from '../../../../dsp/compare/functionals/ratioLimit.js';
import { regression } from '../../../../dsp/compare/functionals/regression.js';

const close = (actual: number, expected: number, tol = 1e-6): void => assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${actual} ≠ ${expected}`);

test('ratioLimit is linear inside the limit and saturates at limit + excess', () => {
  assert.equal(ratioLimit(0.25, 1, 1), 0.25);
  assert.equal(ratioLimit(-1, 1, 1), -1);
  close(ratioLimit(20, 10, 10), 10 + 10 * Math.tanh((Math.sqrt(11) - 1) / 5), 1e-6);
  close(ratioLimit(-20, 10, 10), -(10 + 10 * Math.tanh((Math.sqrt(11) - 1) / 5)), 1e-6);
  close(ratioLimit(1e30, 10, 10), 20, 1e-6);
});

test('regression of a line: slope and offset normalised by the range, zero error', () => {
  const n = 21;
  const x = Float32Array.from({ length: n }, (_, t) => 2 + 0.5 * t);
  const stats = contourStats(x);
  const range = 10;
  const perFrame = regression(x, stats, 1);
  close(perFrame.linregc1, 0.5 / range);
  close(perFrame.linregc2, 0);
  close(perFrame.linregerrQ, 0);
  close(perFrame.qregc1, 0, 1e-9);
  close(perFrame.qregc2, 0.5 / range);
  close(perFrame.qregc3, 0, 1e-9);
  close(perFrame.qregerrQ, 0);
  let weighted = 0;
  let total = 0;
  x.forEach((v, t) => ((weighted += t * v), (total += v)));
  close(perFrame.centroid, weighted / total / n);
  const perSecond = regression(x, stats, 100);
  close(perSecond.linregc1, (0.5 * 100) / range);
});

test('regression of a parabola recovers a, b, c; a steep b is soft-limited', () => {
  const n = 21;
  const x = Float32Array.from({ length: n }, (_, t) => (t - 10) ** 2);
  const r = regression(x, contourStats(x), 1);
  const range = 100;
  close(r.qregc1, 1 / range, 1e-5);
  // b = −20 exceeds range/10 = 10 and goes through the soft limiter
  close(r.qregc2, ratioLimit(-20, 10, 10.01) / range, 1e-5);
  close(r.qregc3, 100 / range, 1e-5);
  close(r.qregerrQ, 0, 1e-9);
});

test('a constant contour (range 0) gives zero regression outputs', () => {
  const x = new Float32Array(12).fill(3);
  const r = regression(x, contourStats(x), 100);
  const outputs = [r.linregc1, r.linregc2, r.linregerrQ, r.qregc1, r.qregc2, r.qregc3, r.qregerrQ];
  assert.deepEqual(
    outputs.map((v) => v + 0),
    [0, 0, 0, 0, 0, 0, 0],
  );
  close(r.centroid, 5.5 / 12);
});
