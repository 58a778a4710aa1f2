/**
 * Peaks2 functionals (notes §6), a line-by-line port of openSMILE's cFunctionalPeaks2 with the
 * ComParE options (relThresh 0.1, absolute threshold, norm = seconds, ratio limiting). The pruning
 * passes are order-dependent and openSMILE's quirks are kept on purpose: the ×1.05 comparison in
 * double, peakDistStddev measured from the last minimum, the end slope left out of the slope std,
 * and the no-extrema slope divided by N frames rather than by time. The extrema and their pruning
 * passes run as WebAssembly (assembly/functionalLoops.ts).
 */

import type { ContourStats } from './contourStats.js';
import { extremaLoop, type Extrema } from './functionalLoops.js';
import { clipUnity, ratioLimit } from './ratioLimit.js';

const f32 = Math.fround;

export const PEAKS2_NAMES = [
  'meanPeakDist',
  'peakDistStddev',
  'peakRangeAbs',
  'peakRangeRel',
  'peakMeanAbs',
  'peakMeanMeanDist',
  'peakMeanRel',
  'minRangeRel',
  'meanRisingSlope',
  'stddevRisingSlope',
  'meanFallingSlope',
  'stddevFallingSlope',
] as const;
export type Peaks2 = Record<(typeof PEAKS2_NAMES)[number], number>;

/** An extremum's type when it is a minimum (a maximum's is 1). */
const MIN = 0;

/** "No element" in the last-extremum variables. */
const NONE = -1;

/**
 * Rising (min→max) and falling (max→min) slopes in value per second, with the slope to the end.
 * Falling slopes between extrema are max − min (positive); the one to the end is x_end − max.
 */
function slopeStatistics(
  x: Float32Array,
  list: Extrema,
  framePeriodS: number,
): {
  meanRising: number;
  stddevRising: number;
  meanFalling: number;
  stddevFalling: number;
} {
  const n = x.length;
  const period = f32(framePeriodS);
  /** (to − from) per second over `frames` frames, in float32. */
  const slope = (from: number, to: number, frames: number): number => f32(f32(to - from) / f32(f32(frames) * period));
  let meanRising = 0;
  let meanFalling = 0;
  let nRising = 0;
  let nFalling = 0;
  let lastIsMax = -1;
  let lastMax = x[0];
  let lastMaxPos = 0;
  let lastMin = x[0];
  let lastMinPos = 0;
  for (let el = 0; el < list.count; el++) {
    const falling = list.type[el] === MIN;
    if (falling) [lastMin, lastMinPos] = [list.y[el], list.x[el]];
    else [lastMax, lastMaxPos] = [list.y[el], list.x[el]];
    // A minimum ends a falling slope from the last maximum, a maximum a rising one from the last minimum.
    const run = falling ? lastMinPos - lastMaxPos : lastMaxPos - lastMinPos;
    if (run <= 0) continue;
    const s = slope(lastMin, lastMax, run);
    if (falling) {
      meanFalling = f32(meanFalling + s);
      nFalling++;
    } else {
      meanRising = f32(meanRising + s);
      nRising++;
    }
    lastIsMax = falling ? 0 : 1;
  }
  if (lastIsMax === 1) {
    if (n - 1 - lastMaxPos > 0) {
      meanFalling = f32(meanFalling + slope(lastMax, x[n - 1], n - 1 - lastMaxPos));
      nFalling++;
    }
  } else if (lastIsMax === 0) {
    if (n - 1 - lastMinPos > 0) {
      meanRising = f32(meanRising + slope(lastMin, x[n - 1], n - 1 - lastMinPos));
      nRising++;
    }
  } else {
    const overall = f32(f32(x[n - 1] - x[0]) / n);
    if (overall > 0) {
      meanRising = overall;
      nRising = 1;
    } else if (overall < 0) {
      meanFalling = overall;
      nFalling = 1;
    }
  }
  if (nRising > 1) meanRising = f32(meanRising / nRising);
  if (nFalling > 1) meanFalling = f32(meanFalling / nFalling);

  let varRising = 0;
  let varFalling = 0;
  lastMax = x[0];
  lastMaxPos = 0;
  lastMin = x[0];
  lastMinPos = 0;
  for (let el = 0; el < list.count; el++) {
    if (list.type[el] === MIN) {
      lastMin = list.y[el];
      lastMinPos = list.x[el];
      if (lastMinPos - lastMaxPos > 0) {
        const d = f32(slope(lastMin, lastMax, lastMinPos - lastMaxPos) - meanFalling);
        varFalling = f32(varFalling + f32(d * d));
      }
    } else {
      lastMax = list.y[el];
      lastMaxPos = list.x[el];
      if (lastMaxPos - lastMinPos !== 0) {
        const d = f32(slope(lastMin, lastMax, lastMaxPos - lastMinPos) - meanRising);
        varRising = f32(varRising + f32(d * d));
      }
    }
  }
  if (nRising > 1) varRising = f32(varRising / nRising);
  if (nFalling > 1) varFalling = f32(varFalling / nFalling);
  return {
    meanRising,
    stddevRising: varRising > 0 ? f32(Math.sqrt(varRising)) : 0,
    meanFalling,
    stddevFalling: varFalling > 0 ? f32(Math.sqrt(varFalling)) : 0,
  };
}

/**
 * @param relThresh minimum rise/fall of an extremum relative to the contour range (default 0.1)
 */
export function peaks2(x: Float32Array, stats: ContourStats, framePeriodS: number, relThresh = 0.1): Peaks2 {
  const n = x.length;
  if (n === 0) {
    return Object.fromEntries(PEAKS2_NAMES.map((name) => [name, 0])) as Peaks2;
  }
  const range = f32(stats.max - stats.min);
  // The local extrema at t = 2..N−3, pruned by three passes (minimum rise/fall, small minima, alternation).
  const list = extremaLoop(x, f32(f32(relThresh) * range));

  let peakMax = 0;
  let peakMin = 0;
  let peakDist = 0;
  let nPeakDist = 0;
  let peakMean = 0;
  let nPeaks = 0;
  let minMax = 0;
  let minMin = 0;
  let lastMaxEl = NONE;
  let lastMinEl = NONE;
  for (let el = 0; el < list.count; el++) {
    if (list.type[el] === MIN) {
      if (lastMinEl === NONE) {
        minMin = list.y[el];
        minMax = list.y[el];
      } else {
        if (minMin > list.y[el]) minMin = list.y[el];
        if (minMax < list.y[el]) minMax = list.y[el];
      }
      lastMinEl = el;
    } else {
      if (lastMaxEl === NONE) {
        peakMin = list.y[el];
        peakMax = list.y[el];
      } else {
        nPeakDist++;
        peakDist = f32(peakDist + (list.x[el] - list.x[lastMaxEl]));
        if (peakMin > list.y[el]) peakMin = list.y[el];
        if (peakMax < list.y[el]) peakMax = list.y[el];
      }
      lastMaxEl = el;
      peakMean = f32(peakMean + list.y[el]);
      nPeaks++;
    }
  }
  if (nPeaks > 1) {
    peakMean = f32(peakMean / nPeaks);
    if (nPeakDist > 1) peakDist = f32(peakDist / nPeakDist);
  }

  // openSMILE measures the spread of peak distances from the last minimum, not the last maximum.
  let peakDistVar = 0;
  lastMaxEl = NONE;
  lastMinEl = NONE;
  for (let el = 0; el < list.count; el++) {
    if (list.type[el] === MIN) {
      lastMinEl = el;
    } else if (lastMaxEl === NONE) {
      lastMaxEl = el;
    } else if (lastMinEl !== NONE) {
      const d = f32(list.x[el] - list.x[lastMinEl] - peakDist);
      peakDistVar = f32(peakDistVar + f32(d * d));
      lastMaxEl = el;
    }
  }
  if (nPeakDist > 1) peakDistVar = f32(peakDistVar / nPeakDist);
  const peakDistStddev = peakDistVar > 0 ? f32(Math.sqrt(peakDistVar)) : 0;

  const slopes = slopeStatistics(x, list, framePeriodS);
  const period = f32(framePeriodS);
  const peakRange = f32(peakMax - peakMin);
  const minRange = f32(minMax - minMin);
  return {
    meanPeakDist: f32(peakDist * period),
    peakDistStddev: f32(peakDistStddev * period),
    peakRangeAbs: peakRange,
    peakRangeRel: range !== 0 ? clipUnity(Math.abs(f32(peakRange / range))) : peakRange,
    peakMeanAbs: peakMean,
    peakMeanMeanDist: f32(peakMean - stats.mean),
    peakMeanRel: stats.mean !== 0 ? ratioLimit(f32(peakMean / stats.mean), 10, 10) : 20,
    minRangeRel: range !== 0 ? clipUnity(Math.abs(f32(minRange / range))) : minRange,
    meanRisingSlope: slopes.meanRising,
    stddevRisingSlope: slopes.stddevRising,
    meanFallingSlope: slopes.meanFalling,
    stddevFallingSlope: slopes.stddevFalling,
  };
}
