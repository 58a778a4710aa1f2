import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contourStats } from '../../../../dsp/compare/functionals/contourStats.js';
import { extremes } from '../../../../dsp/compare/functionals/extremes.js';
import { percentiles } from '../../../../dsp/compare/functionals/percentiles.js';
import { moments } from '../../../../dsp/compare/functionals/moments.js';
import { means } from '../../../../dsp/compare/functionals/means.js';
import { times } from '../../../../dsp/compare/functionals/times.js';

const f32 = (a: number[]): Float32Array => Float32Array.from(a);
const close = (actual: number, expected: number, tol = 1e-6): void => assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${actual} ≠ ${expected}`);

test('contourStats: min, max and float32 mean', () => {
  assert.deepEqual(contourStats(f32([3, -1, 4])), { min: -1, max: 4, mean: 2, maxIndex: 2, minIndex: 1 });
  assert.deepEqual(contourStats(new Float32Array(0)), { min: 0, max: 0, mean: 0, maxIndex: -1, minIndex: -1 });
});

test('extremes: range and relative position of the first max and min', () => {
  const x = f32([3, 1, 4, 1, 5, 9, 2, 9]);
  assert.deepEqual(extremes(x, contourStats(x)), { range: 8, maxPos: 5 / 8, minPos: 1 / 8 });
});

test('percentiles interpolate linearly like numpy', () => {
  const shuffled = Float32Array.from({ length: 11 }, (_, i) => (i * 4) % 11);
  const p = percentiles(shuffled);
  close(p.quartile1, 2.5);
  close(p.quartile2, 5);
  close(p.quartile3, 7.5);
  close(p['iqr1-2'], 2.5);
  close(p['iqr2-3'], 2.5);
  close(p['iqr1-3'], 5);
  close(p['percentile1.0'], 0.1);
  close(p['percentile99.0'], 9.9);
  close(p['pctlrange0-1'], 9.8);
  // numpy.percentile([1, 2, 4, 8], 30) = 1.9 (0.3 as the low percentile)
  close(percentiles(f32([8, 2, 1, 4]), 0.3)['percentile1.0'], 1.9);
  assert.equal(percentiles(f32([7]))['percentile99.0'], 7);
});

test('moments: population σ, skewness and (non-excess) kurtosis of a textbook set', () => {
  const x = f32([2, 4, 4, 4, 5, 5, 7, 9]);
  const m = moments(x, contourStats(x).mean);
  close(m.stddev, 2);
  close(m.skewness, 42 / 8 / 8);
  close(m.kurtosis, 356 / 8 / 16);
  assert.deepEqual(moments(f32([3, 3, 3]), 3), { stddev: 0, skewness: 0, kurtosis: 0 });
});

test('means: amean, flatness over non-zero values, posamean, rqmean, nnz', () => {
  const x = f32([1, 4, 0, -2]);
  const m = means(x, contourStats(x).mean);
  close(m.amean, 0.75);
  close(m.flatness, 2 / 1.75); // geometric mean of 1, 4, 2 is 2; mean |x| over all 4 is 1.75
  close(m.posamean, 2.5);
  close(m.rqmean, Math.sqrt(21 / 4));
  close(m.nnz, 0.75);
  assert.equal(means(f32([0, 0]), 0).flatness, 1);
});

test('times: up-level times, rise time and left-curvature time', () => {
  const ramp = Float32Array.from({ length: 11 }, (_, i) => i);
  const t = times(ramp, contourStats(ramp));
  close(t.upleveltime25, 8 / 11);
  close(t.upleveltime50, 5 / 11);
  close(t.upleveltime75, 3 / 11);
  close(t.upleveltime90, 1 / 11);
  close(t.risetime, 1);
  close(t.leftctime, 0);
  const convex = Float32Array.from({ length: 8 }, (_, i) => i * i);
  close(times(convex, contourStats(convex)).leftctime, 1);
  const single = f32([4]);
  assert.equal(times(single, contourStats(single)).risetime, 0);
});
