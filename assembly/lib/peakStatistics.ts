/**
 * peaks2.ts's statistics of the extrema that functionalLoops.ts's `extrema` kept: the peaks' range,
 * mean and spacing, the minima's range, and the rising and falling slopes. Each double operation
 * is the JavaScript's double operation and each `<f32>` a Math.fround at the same place, so the
 * results are its bits (see peaks2.ts for openSMILE's quirks these keep).
 */
import { ld, ld32, ldi, st } from './memoryAccess';

/** An extremum's type when it is a minimum (a maximum's is 1). */
const MIN: i32 = 0;
const NONE: i32 = -1;

/** (to − from) per second over `frames` frames, in float32. */
function slope(from: f64, to: f64, frames: i32, period: f32): f64 {
  return <f64>(<f32>(<f64>(<f32>(to - from)) / <f64>(<f32>(<f64>(<f32>frames) * <f64>period))));
}

/**
 * The `count` extrema (int32 `type`s and `positions`, double `values`) of the n ≥ 1 floats at `x`,
 * summarised into the doubles out[0..10]: peakMax, peakMin, peakMean, peakDist (frames),
 * peakDistStddev (frames), minMax, minMin, meanRising, stddevRising, meanFalling, stddevFalling
 * (slopes in value per second; `period` is the frame period in seconds, a float32).
 */
export function peakStatistics(x: usize, n: i32, period: f32, type: usize, positions: usize, values: usize, count: i32, out: usize): void {
  let peakMax: f64 = 0;
  let peakMin: f64 = 0;
  let peakDist: f64 = 0;
  let nPeakDist = 0;
  let peakMean: f64 = 0;
  let nPeaks = 0;
  let minMax: f64 = 0;
  let minMin: f64 = 0;
  let lastMaxEl = NONE;
  let lastMinEl = NONE;
  for (let el = 0; el < count; el++) {
    const y = ld(values, el);
    if (ldi(type, el) == MIN) {
      if (lastMinEl == NONE) {
        minMin = y;
        minMax = y;
      } else {
        if (minMin > y) minMin = y;
        if (minMax < y) minMax = y;
      }
      lastMinEl = el;
    } else {
      if (lastMaxEl == NONE) {
        peakMin = y;
        peakMax = y;
      } else {
        nPeakDist++;
        peakDist = <f64>(<f32>(peakDist + <f64>(ldi(positions, el) - ldi(positions, lastMaxEl))));
        if (peakMin > y) peakMin = y;
        if (peakMax < y) peakMax = y;
      }
      lastMaxEl = el;
      peakMean = <f64>(<f32>(peakMean + y));
      nPeaks++;
    }
  }
  if (nPeaks > 1) {
    peakMean = <f64>(<f32>(peakMean / <f64>nPeaks));
    if (nPeakDist > 1) peakDist = <f64>(<f32>(peakDist / <f64>nPeakDist));
  }

  // openSMILE measures the spread of peak distances from the last minimum, not the last maximum.
  let peakDistVar: f64 = 0;
  lastMaxEl = NONE;
  lastMinEl = NONE;
  for (let el = 0; el < count; el++) {
    if (ldi(type, el) == MIN) {
      lastMinEl = el;
    } else if (lastMaxEl == NONE) {
      lastMaxEl = el;
    } else if (lastMinEl != NONE) {
      const d = <f64>(<f32>(<f64>(ldi(positions, el) - ldi(positions, lastMinEl)) - peakDist));
      peakDistVar = <f64>(<f32>(peakDistVar + <f64>(<f32>(d * d))));
      lastMaxEl = el;
    }
  }
  if (nPeakDist > 1) peakDistVar = <f64>(<f32>(peakDistVar / <f64>nPeakDist));
  st(out, 0, peakMax);
  st(out, 1, peakMin);
  st(out, 2, peakMean);
  st(out, 3, peakDist);
  st(out, 4, peakDistVar > 0 ? <f64>(<f32>Math.sqrt(peakDistVar)) : 0);
  st(out, 5, minMax);
  st(out, 6, minMin);
  slopeStatistics(x, n, period, type, positions, values, count, out + 7 * 8);
}

/**
 * Rising (min→max) and falling (max→min) slopes, with the slope to the end, into out[0..3]: mean
 * and std of the rising, then of the falling. Falling slopes between extrema are max − min
 * (positive); the one to the end is x_end − max; with no extrema, one slope over all N frames.
 */
function slopeStatistics(x: usize, n: i32, period: f32, type: usize, positions: usize, values: usize, count: i32, out: usize): void {
  const first = <f64>ld32(x, 0);
  const end = <f64>ld32(x, n - 1);
  let meanRising: f64 = 0;
  let meanFalling: f64 = 0;
  let nRising = 0;
  let nFalling = 0;
  let lastIsMax = -1;
  let lastMax = first;
  let lastMaxPos = 0;
  let lastMin = first;
  let lastMinPos = 0;
  for (let el = 0; el < count; el++) {
    const falling = ldi(type, el) == MIN;
    if (falling) {
      lastMin = ld(values, el);
      lastMinPos = ldi(positions, el);
    } else {
      lastMax = ld(values, el);
      lastMaxPos = ldi(positions, el);
    }
    // A minimum ends a falling slope from the last maximum, a maximum a rising one from the last minimum.
    const run = falling ? lastMinPos - lastMaxPos : lastMaxPos - lastMinPos;
    if (run <= 0) continue;
    const s = slope(lastMin, lastMax, run, period);
    if (falling) {
      meanFalling = <f64>(<f32>(meanFalling + s));
      nFalling++;
    } else {
      meanRising = <f64>(<f32>(meanRising + s));
      nRising++;
    }
    lastIsMax = falling ? 0 : 1;
  }
  if (lastIsMax == 1) {
    if (n - 1 - lastMaxPos > 0) {
      meanFalling = <f64>(<f32>(meanFalling + slope(lastMax, end, n - 1 - lastMaxPos, period)));
      nFalling++;
    }
  } else if (lastIsMax == 0) {
    if (n - 1 - lastMinPos > 0) {
      meanRising = <f64>(<f32>(meanRising + slope(lastMin, end, n - 1 - lastMinPos, period)));
      nRising++;
    }
  } else {
    const overall = <f64>(<f32>(<f64>(<f32>(end - first)) / <f64>n));
    if (overall > 0) {
      meanRising = overall;
      nRising = 1;
    } else if (overall < 0) {
      meanFalling = overall;
      nFalling = 1;
    }
  }
  if (nRising > 1) meanRising = <f64>(<f32>(meanRising / <f64>nRising));
  if (nFalling > 1) meanFalling = <f64>(<f32>(meanFalling / <f64>nFalling));

  let varRising: f64 = 0;
  let varFalling: f64 = 0;
  lastMax = first;
  lastMaxPos = 0;
  lastMin = first;
  lastMinPos = 0;
  for (let el = 0; el < count; el++) {
    if (ldi(type, el) == MIN) {
      lastMin = ld(values, el);
      lastMinPos = ldi(positions, el);
      if (lastMinPos - lastMaxPos > 0) {
        const d = <f64>(<f32>(slope(lastMin, lastMax, lastMinPos - lastMaxPos, period) - meanFalling));
        varFalling = <f64>(<f32>(varFalling + <f64>(<f32>(d * d))));
      }
    } else {
      lastMax = ld(values, el);
      lastMaxPos = ldi(positions, el);
      if (lastMaxPos - lastMinPos != 0) {
        const d = <f64>(<f32>(slope(lastMin, lastMax, lastMaxPos - lastMinPos, period) - meanRising));
        varRising = <f64>(<f32>(varRising + <f64>(<f32>(d * d))));
      }
    }
  }
  if (nRising > 1) varRising = <f64>(<f32>(varRising / <f64>nRising));
  if (nFalling > 1) varFalling = <f64>(<f32>(varFalling / <f64>nFalling));
  st(out, 0, meanRising);
  st(out, 1, varRising > 0 ? <f64>(<f32>Math.sqrt(varRising)) : 0);
  st(out, 2, meanFalling);
  st(out, 3, varFalling > 0 ? <f64>(<f32>Math.sqrt(varFalling)) : 0);
}
