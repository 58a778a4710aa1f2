/**
 * Peaks2 functionals (notes §6), a line-by-line port of openSMILE's cFunctionalPeaks2 with the
 * ComParE options (relThresh 0.1, absolute threshold, norm = seconds, ratio limiting). The pruning
 * passes are order-dependent and openSMILE's quirks are kept on purpose: the ×1.05 comparison in
 * double, peakDistStddev measured from the last minimum, the end slope left out of the slope std,
 * and the no-extrema slope divided by N frames rather than by time. The extrema, their pruning
 * passes (assembly/functionalLoops.ts) and the statistics of those kept (assembly/lib/peakStatistics.ts)
 * run as WebAssembly.
 */

import type { ContourStats } from './contourStats.js';
import { peakStatisticsLoop } from './functionalLoops.js';
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

/**
 * @param relThresh minimum rise/fall of an extremum relative to the contour range (default 0.1)
 */
export function peaks2(x: Float32Array, stats: ContourStats, framePeriodS: number, relThresh = 0.1): Peaks2 {
  const n = x.length;
  if (n === 0) {
    return Object.fromEntries(PEAKS2_NAMES.map((name) => [name, 0])) as Peaks2;
  }
  const range = f32(stats.max - stats.min);
  // The local extrema at t = 2..N−3, pruned by three passes (minimum rise/fall, small minima, alternation), and their statistics.
  const [peakMax, peakMin, peakMean, peakDist, peakDistStddev, minMax, minMin, meanRising, stddevRising, meanFalling, stddevFalling] = peakStatisticsLoop(
    x,
    f32(f32(relThresh) * range),
    framePeriodS,
  );
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
    meanRisingSlope: meanRising,
    stddevRisingSlope: stddevRising,
    meanFallingSlope: meanFalling,
    stddevFallingSlope: stddevFalling,
  };
}
