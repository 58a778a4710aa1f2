import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contourStats } from '../../../../dsp/compare/functionals/contourStats.js';
import { peaks2 } from '../../../../dsp/compare/functionals/peaks2.js';

const close = (actual: number, expected: number, tol = 1e-4): void => assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${actual} ≠ ${expected}`);

test('peaks2 of a sine: peak spacing, means and slopes (with openSMILE quirks)', () => {
  // period 20 frames: maxima (3) at 5, 25, 45, minima (1) at 15, 35, 55
  const x = Float32Array.from({ length: 60 }, (_, t) => 2 + Math.sin((2 * Math.PI * t) / 20));
  const stats = contourStats(x);
  const p = peaks2(x, stats, 0.01);
  close(p.meanPeakDist, 0.2);
  // measured from the preceding minimum (10 frames) instead of the preceding maximum (20)
  close(p.peakDistStddev, 0.1);
  close(p.peakRangeAbs, 0, 1e-6);
  close(p.peakRangeRel, 0, 1e-6);
  close(p.peakMeanAbs, 3);
  close(p.peakMeanMeanDist, 3 - stats.mean);
  close(p.peakMeanRel, 3 / stats.mean);
  close(p.minRangeRel, 0, 1e-6);
  // rising: 2→3 over 5 frames, then 1→3 over 10 frames twice (20/s each), plus the end segment
  // from the minimum at 55 to x[59], which openSMILE counts in the mean but not in the std
  const endSlope = (x[59] - 1) / (4 * 0.01);
  const rising = [20, 20, 20, endSlope];
  const meanRising = rising.reduce((a, b) => a + b) / 4;
  close(p.meanRisingSlope, meanRising);
  close(p.stddevRisingSlope, Math.sqrt((3 * (20 - meanRising) ** 2) / 4));
  close(p.meanFallingSlope, 20);
  close(p.stddevFallingSlope, 0, 1e-3);
});

test('peaks2 prunes an extremum pair smaller than 10% of the range', () => {
  const up = [0, 1, 2, 3, 4, 5.2, 5.1, 6, 7, 8, 9, 10];
  const down = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
  const x = Float32Array.from([...up, ...down, 1, 2, 3, 4, 5, 6, 7, 8]);
  const p = peaks2(x, contourStats(x), 0.01);
  // one maximum (10 at frame 11) and one minimum (0 at frame 21) survive
  close(p.peakMeanAbs, 10);
  close(p.meanPeakDist, 0);
  close(p.meanRisingSlope, (10 / 0.11 + x[29] / 0.08) / 2);
  close(p.meanFallingSlope, 10 / 0.1);
});

test('peaks2 without extrema: a single slope over N frames, not seconds (openSMILE)', () => {
  const x = Float32Array.from({ length: 10 }, (_, t) => t);
  const p = peaks2(x, contourStats(x), 0.01);
  close(p.meanRisingSlope, 9 / 10);
  assert.equal(p.meanFallingSlope, 0);
  assert.equal(p.peakMeanAbs, 0);
  assert.equal(peaks2(new Float32Array(5), contourStats(new Float32Array(5)), 0.01).peakMeanRel, 20);
});
