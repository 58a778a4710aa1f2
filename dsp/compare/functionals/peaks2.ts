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
  'meanPeakDist', 'peakDistStddev', 'peakRangeAbs', 'peakRangeRel', 'peakMeanAbs', 'peakMeanMeanDist',
  'peakMeanRel', 'minRangeRel', 'meanRisingSlope', 'stddevRisingSlope', 'meanFallingSlope', 'stddevFallingSlope',
] as const;
export type Peaks2 = Record<(typeof PEAKS2_NAMES)[number], number>;

const MIN = 0;
const MAX = 1;

interface Extremum {
  type: typeof MIN | typeof MAX;
  x: number;
  y: number;
  prev: Extremum | null;
  next: Extremum | null;
}

/** openSMILE's doubly linked min/max list; a removed element keeps its own links, as there. */
class ExtremumList {
  first: Extremum | null = null;
  last: Extremum | null = null;

  add(type: typeof MIN | typeof MAX, y: number, x: number): void {
    const el: Extremum = { type, x, y, prev: this.last, next: null };
    if (this.last === null) this.first = el;
    else this.last.next = el;
    this.last = el;
  }

  remove(el: Extremum): void {
    if (el.prev !== null) {
      el.prev.next = el.next;
      if (el.next !== null) el.next.prev = el.prev;
      else this.last = el.prev;
    } else {
      this.first = el.next;
      if (el.next !== null) el.next.prev = null;
      else this.last = null;
    }
  }
}

/** Local extrema at t = 2..N−3, pruned by three passes (minimum rise/fall, small minima, alternation). */
function findExtrema(x: Float32Array, absThresh: number): ExtremumList {
  const n = x.length;
  const list = new ExtremumList();
  const below = (diff: number): boolean => diff < absThresh;

  for (let i = 2; i < n - 2; i++) {
    if (x[i] > x[i - 1] && x[i] > x[i + 1]) list.add(MAX, x[i], i);
    else if (x[i] < x[i - 1] && x[i] < x[i + 1]) list.add(MIN, x[i], i);
  }

  // Pass 2a: a maximum must rise enough above its predecessor and the last minimum.
  let el = list.first;
  let lastVal = x[0];
  let lastMin = x[0];
  let lastMax = x[0];
  let minFlag = false;
  let lastMaxEl: Extremum | null = null;
  while (el !== null) {
    if (el.type === MAX) {
      if (below(Math.abs(f32(el.y - lastVal)))) {
        if (below(f32(el.y - lastMin))) {
          list.remove(el);
        } else {
          if (el.y > lastMax * 1.05) {
            if (lastMaxEl !== null) list.remove(lastMaxEl);
            lastMax = el.y;
            lastMaxEl = el;
          } else if (minFlag) {
            lastMax = el.y;
            lastMaxEl = el;
          } else {
            list.remove(el);
          }
          minFlag = false;
        }
      } else {
        minFlag = false;
        lastMax = el.y;
        lastMaxEl = el;
      }
    } else if (!below(Math.abs(f32(el.y - lastVal)))) {
      minFlag = true;
      lastMin = el.y;
    }
    lastVal = el.y;
    el = el.next;
  }

  // Pass 2b: drop minima too shallow below the preceding maximum.
  el = list.first;
  lastMax = x[0];
  while (el !== null) {
    if (el.type === MIN) {
      if (below(f32(lastMax - el.y))) list.remove(el);
    } else {
      lastMax = el.y;
    }
    el = el.next;
  }

  // Pass 3: of consecutive extrema of one type keep the highest maximum / lowest minimum.
  el = list.first;
  let lastMinEl: Extremum | null = null;
  lastMax = x[0];
  lastMin = x[0];
  minFlag = false;
  let init = true;
  while (el !== null) {
    if (el.type === MIN) {
      if (!minFlag || init) {
        lastMin = el.y;
        lastMinEl = el;
        minFlag = true;
        init = false;
      } else if (el.y >= lastMin) {
        list.remove(el);
      } else if (lastMinEl !== el && lastMinEl !== null) {
        list.remove(lastMinEl);
        lastMinEl = el;
        lastMin = el.y;
      }
    } else {
      if (minFlag || init) {
        lastMax = el.y;
        lastMaxEl = el;
        minFlag = false;
        init = false;
      } else if (el.y <= lastMax) {
        list.remove(el);
      } else if (lastMaxEl !== el && lastMaxEl !== null) {
        list.remove(lastMaxEl);
        lastMaxEl = el;
        lastMax = el.y;
      }
    }
    el = el.next;
  }
  return list;
}

/**
 * Rising (min→max) and falling (max→min) slopes in value per second, with the slope to the end.
 * Falling slopes between extrema are max − min (positive); the one to the end is x_end − max.
 */
function slopeStatistics(x: Float32Array, list: ExtremumList, framePeriodS: number): {
  meanRising: number; stddevRising: number; meanFalling: number; stddevFalling: number;
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
  for (let el = list.first; el !== null; el = el.next) {
    if (el.type === MIN) {
      lastMin = el.y;
      lastMinPos = el.x;
      if (lastMinPos - lastMaxPos > 0) {
        meanFalling = f32(meanFalling + slope(lastMin, lastMax, lastMinPos - lastMaxPos));
        nFalling++;
        lastIsMax = 0;
      }
    } else {
      lastMax = el.y;
      lastMaxPos = el.x;
      if (lastMaxPos - lastMinPos > 0) {
        meanRising = f32(meanRising + slope(lastMin, lastMax, lastMaxPos - lastMinPos));
        nRising++;
        lastIsMax = 1;
      }
    }
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
  for (let el = list.first; el !== null; el = el.next) {
    if (el.type === MIN) {
      lastMin = el.y;
      lastMinPos = el.x;
      if (lastMinPos - lastMaxPos > 0) {
        const d = f32(slope(lastMin, lastMax, lastMinPos - lastMaxPos) - meanFalling);
        varFalling = f32(varFalling + f32(d * d));
      }
    } else {
      lastMax = el.y;
      lastMaxPos = el.x;
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
  let lastMaxEl: Extremum | null = null;
  let lastMinEl: Extremum | null = null;
  for (let el = list.first; el !== null; el = el.next) {
    if (el.type === MIN) {
      if (lastMinEl === null) {
        minMin = el.y;
        minMax = el.y;
      } else {
        if (minMin > el.y) minMin = el.y;
        if (minMax < el.y) minMax = el.y;
      }
      lastMinEl = el;
    } else {
      if (lastMaxEl === null) {
        peakMin = el.y;
        peakMax = el.y;
      } else {
        nPeakDist++;
        peakDist = f32(peakDist + (el.x - lastMaxEl.x));
        if (peakMin > el.y) peakMin = el.y;
        if (peakMax < el.y) peakMax = el.y;
      }
      lastMaxEl = el;
      peakMean = f32(peakMean + el.y);
      nPeaks++;
    }
  }
  if (nPeaks > 1) {
    peakMean = f32(peakMean / nPeaks);
    if (nPeakDist > 1) peakDist = f32(peakDist / nPeakDist);
  }

  // openSMILE measures the spread of peak distances from the last minimum, not the last maximum.
  let peakDistVar = 0;
  lastMaxEl = null;
  lastMinEl = null;
  for (let el = list.first; el !== null; el = el.next) {
    if (el.type === MIN) {
      lastMinEl = el;
    } else if (lastMaxEl === null) {
      lastMaxEl = el;
    } else if (lastMinEl !== null) {
      const d = f32((el.x - lastMinEl.x) - peakDist);
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
