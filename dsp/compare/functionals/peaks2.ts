/**
 * Peaks2 functionals (notes §6), a line-by-line port of openSMILE's cFunctionalPeaks2 with the
 * ComParE options (relThresh 0.1, absolute threshold, norm = seconds, ratio limiting). The pruning
 * passes are order-dependent and openSMILE's quirks are kept on purpose: the ×1.05 comparison in
 * double, peakDistStddev measured from the last minimum, the end slope left out of the slope std,
 * and the no-extrema slope divided by N frames rather than by time.
 */

import type { ContourStats } from './contourStats.js';
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

const MIN = 0;
const MAX = 1;

/** "No element" in the list's links. */
const NONE = -1;

/**
 * openSMILE's doubly linked min/max list; a removed element keeps its own links, as there. Elements
 * are indices into typed arrays that are kept and reused from one contour to the next: a list of
 * objects would put thousands of short-lived objects per contour on the JS heap, which then grows
 * with the length of the recording.
 */
class ExtremumList {
  first = NONE;
  last = NONE;
  type = new Uint8Array(0);
  x = new Int32Array(0);
  y = new Float64Array(0);
  prev = new Int32Array(0);
  next = new Int32Array(0);

  /** Replaces the list with the strict local maxima and minima of `contour` at t = 2..N−3, in order. */
  collect(contour: Float32Array): void {
    const n = contour.length;
    if (this.type.length < n) {
      this.type = new Uint8Array(n);
      this.x = new Int32Array(n);
      this.y = new Float64Array(n);
      this.prev = new Int32Array(n);
      this.next = new Int32Array(n);
    }
    const { type, x, y, prev, next } = this;
    // Every frame is written at the end of the list, which grows by the extremum test's 0/1: no
    // branch to mispredict on noisy contours. MAX is 1 and MIN 0, so the maximum test is the type.
    let count = 0;
    for (let t = 2; t < n - 2; t++) {
      const v = contour[t];
      const before = contour[t - 1];
      const after = contour[t + 1];
      const isMax = +(v > before) & +(v > after);
      type[count] = isMax;
      x[count] = t;
      y[count] = v;
      count += isMax | (+(v < before) & +(v < after));
    }
    for (let el = 0; el < count; el++) {
      prev[el] = el - 1;
      next[el] = el + 1 < count ? el + 1 : NONE;
    }
    this.first = count > 0 ? 0 : NONE;
    this.last = count > 0 ? count - 1 : NONE;
  }

  remove(el: number): void {
    const prev = this.prev[el];
    const next = this.next[el];
    if (prev !== NONE) {
      this.next[prev] = next;
      if (next !== NONE) this.prev[next] = prev;
      else this.last = prev;
    } else {
      this.first = next;
      if (next !== NONE) this.prev[next] = NONE;
      else this.last = NONE;
    }
  }
}

/** The one list peaks2 works in (calls are synchronous, so they never overlap). */
const extremumList = new ExtremumList();

/** Local extrema at t = 2..N−3, pruned by three passes (minimum rise/fall, small minima, alternation). */
function findExtrema(x: Float32Array, absThresh: number): ExtremumList {
  const list = extremumList;
  list.collect(x);
  const below = (diff: number): boolean => diff < absThresh;

  // Pass 2a: a maximum must rise enough above its predecessor and the last minimum.
  let el = list.first;
  let lastVal = x[0];
  let lastMin = x[0];
  let lastMax = x[0];
  let minFlag = false;
  let lastMaxEl = NONE;
  while (el !== NONE) {
    if (list.type[el] === MAX) {
      if (below(Math.abs(f32(list.y[el] - lastVal)))) {
        if (below(f32(list.y[el] - lastMin))) {
          list.remove(el);
        } else {
          if (list.y[el] > lastMax * 1.05) {
            if (lastMaxEl !== NONE) list.remove(lastMaxEl);
            lastMax = list.y[el];
            lastMaxEl = el;
          } else if (minFlag) {
            lastMax = list.y[el];
            lastMaxEl = el;
          } else {
            list.remove(el);
          }
          minFlag = false;
        }
      } else {
        minFlag = false;
        lastMax = list.y[el];
        lastMaxEl = el;
      }
    } else if (!below(Math.abs(f32(list.y[el] - lastVal)))) {
      minFlag = true;
      lastMin = list.y[el];
    }
    lastVal = list.y[el];
    el = list.next[el];
  }

  // Pass 2b: drop minima too shallow below the preceding maximum.
  el = list.first;
  lastMax = x[0];
  while (el !== NONE) {
    if (list.type[el] === MIN) {
      if (below(f32(lastMax - list.y[el]))) list.remove(el);
    } else {
      lastMax = list.y[el];
    }
    el = list.next[el];
  }

  // Pass 3: of consecutive extrema of one type keep the highest maximum / lowest minimum.
  el = list.first;
  let lastMinEl = NONE;
  lastMax = x[0];
  lastMin = x[0];
  minFlag = false;
  let init = true;
  while (el !== NONE) {
    if (list.type[el] === MIN) {
      if (!minFlag || init) {
        lastMin = list.y[el];
        lastMinEl = el;
        minFlag = true;
        init = false;
      } else if (list.y[el] >= lastMin) {
        list.remove(el);
      } else if (lastMinEl !== el && lastMinEl !== NONE) {
        list.remove(lastMinEl);
        lastMinEl = el;
        lastMin = list.y[el];
      }
    } else {
      if (minFlag || init) {
        lastMax = list.y[el];
        lastMaxEl = el;
        minFlag = false;
        init = false;
      } else if (list.y[el] <= lastMax) {
        list.remove(el);
      } else if (lastMaxEl !== el && lastMaxEl !== NONE) {
        list.remove(lastMaxEl);
        lastMaxEl = el;
        lastMax = list.y[el];
      }
    }
    el = list.next[el];
  }
  return list;
}

/**
 * Rising (min→max) and falling (max→min) slopes in value per second, with the slope to the end.
 * Falling slopes between extrema are max − min (positive); the one to the end is x_end − max.
 */
function slopeStatistics(
  x: Float32Array,
  list: ExtremumList,
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
  for (let el = list.first; el !== NONE; el = list.next[el]) {
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
  for (let el = list.first; el !== NONE; el = list.next[el]) {
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
  const list = findExtrema(x, f32(f32(relThresh) * range));

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
  for (let el = list.first; el !== NONE; el = list.next[el]) {
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
  for (let el = list.first; el !== NONE; el = list.next[el]) {
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
