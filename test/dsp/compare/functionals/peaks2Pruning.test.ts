import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contourStats } from '../../../../dsp/compare/functionals/contourStats.js';
import { peaks2 } from '../../../../dsp/compare/functionals/peaks2.js';

/**
 * The boundaries of peaks2's pruning passes (cFunctionalPeaks2's comparisons, kept as openSMILE makes
 * them), each on a hand-made contour whose answer changes if its comparison is flipped. Every contour
 * spans 0..10, so the absolute threshold is 0.1 · 10 = 1 exactly in float32.
 */

const FRAME_S = 0.01;

const close = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);

/** Slope in value per second over `frames` frames. */
const perSecond = (rise: number, frames: number) => rise / (frames * FRAME_S);

test('pass 3: of two equal maxima in a row the first stays (a later maximum must be higher to replace it)', () => {
  // Maxima 10 (t=3), 8 (t=6), 10 (t=9), no strict minimum between them (plateaus at 7 and 6); each rises
  // at least 1 above the extremum before it, so passes 2a/2b keep all three. Pass 3 drops 8, then the
  // second 10 (y <= lastMax); with y < lastMax it would drop the first 10 and keep t=9.
  const x = Float32Array.from([0, 0, 3, 10, 7, 7, 8, 6, 6, 10, 3, 0, 0, 0]);
  const p = peaks2(x, contourStats(x), FRAME_S);
  close(p.peakMeanAbs, 10, 'peakMeanAbs');
  close(p.meanPeakDist, 0, 'meanPeakDist');
  // One maximum, at t=3: rising from x[0] over 3 frames, then falling to x[13] over 10.
  close(p.meanRisingSlope, perSecond(10, 3), 'meanRisingSlope');
  close(p.meanFallingSlope, perSecond(-10, 10), 'meanFallingSlope');
});

test('pass 3: of two equal minima in a row the first stays (a later minimum must be lower to replace it)', () => {
  // The contour above upside down: minima 0 (t=3), 2 (t=6), 0 (t=9); pass 3 keeps the first 0 (y >= lastMin).
  const x = Float32Array.from([0, 0, 3, 10, 7, 7, 8, 6, 6, 10, 3, 0, 0, 0], (v) => 10 - v);
  const p = peaks2(x, contourStats(x), FRAME_S);
  close(p.peakMeanAbs, 0, 'peakMeanAbs (no maximum)');
  close(p.minRangeRel, 0, 'minRangeRel');
  // One minimum, at t=3: falling from x[0] over 3 frames (max − min, positive), then rising to x[13] over 10.
  close(p.meanFallingSlope, perSecond(10, 3), 'meanFallingSlope');
  close(p.meanRisingSlope, perSecond(10, 10), 'meanRisingSlope');
});

test('pass 2b: a minimum exactly the threshold below the preceding maximum stays (only a shallower one goes)', () => {
  // Maximum 10 (t=3), minimum 9 (t=5), maximum 10 (t=7). The minimum lies 1 = the threshold below the
  // maximum before it: kept (lastMax − y < threshold is false), so both maxima stay, alternating with it.
  // With <= it would go, and pass 3 would then drop the second 10: one maximum, no peak distance.
  const x = Float32Array.from([0, 0, 5, 10, 9.5, 9, 9.5, 10, 5, 0, 0, 0]);
  const p = peaks2(x, contourStats(x), FRAME_S);
  close(p.peakMeanAbs, 10, 'peakMeanAbs');
  close(p.meanPeakDist, 4 * FRAME_S, 'meanPeakDist (maxima at t=3 and t=7)');
  // openSMILE's spread of peak distances, measured from the last minimum: |(7 − 5) − 4| frames.
  close(p.peakDistStddev, 2 * FRAME_S, 'peakDistStddev');
  // Rising: x[0] → 10 over 3 frames, 9 → 10 over 2; falling: 10 → 9 over 2, then 10 → x[11] over 4 (the end).
  close(p.meanRisingSlope, (perSecond(10, 3) + perSecond(1, 2)) / 2, 'meanRisingSlope');
  close(p.meanFallingSlope, (perSecond(1, 2) + perSecond(-10, 4)) / 2, 'meanFallingSlope');
});
