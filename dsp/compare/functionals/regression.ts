/**
 * Regression functionals (notes §6): least-squares line and parabola over the frame index, with
 * openSMILE's ratio limiting, value normalisation (`normInputs=1`) and time scaling, plus the
 * temporal centroid. Sums in double as in openSMILE, outputs in float32.
 */

import type { ContourStats } from './contourStats.js';
import { regressionErrorsLoop, regressionSumsLoop } from './functionalLoops.js';
import { ratioLimit } from './ratioLimit.js';

const f32 = Math.fround;

export const REGRESSION_NAMES = ['linregc1', 'linregc2', 'linregerrQ', 'qregc1', 'qregc2', 'qregc3', 'qregerrQ', 'centroid'] as const;
export type Regression = Record<(typeof REGRESSION_NAMES)[number], number>;

const finiteOr0 = (v: number): number => (Number.isFinite(v) ? v : 0);

/**
 * @param framesPerTimeUnit time scale of the slopes: 1 = per frame (`normRegCoeff=0`, voicing block),
 *   1/framePeriod = per second (`normRegCoeff=2`, LLD block)
 */
export function regression(x: Float32Array, stats: ContourStats, framesPerTimeUnit = 1): Regression {
  const n = x.length;
  if (n === 0) {
    return { linregc1: 0, linregc2: 0, linregerrQ: 0, qregc1: 0, qregc2: 0, qregc3: 0, qregerrQ: 0, centroid: 0 };
  }
  const { min, max, mean } = stats;
  let range = f32(max - min);
  let rangeInv: number;
  if (range <= 0) {
    range = 1;
    rangeInv = 0;
  } else {
    rangeInv = 1 / range;
  }

  const sum = mean * n;
  // The sums in double, in ascending order, as WebAssembly (assembly/functionalLoops.ts).
  const [absSum, numAbs, num, num2] = regressionSumsLoop(x);
  let centroid = absSum !== 0 ? numAbs / absSum : 0;
  centroid = ratioLimit(centroid, n, n) / n;

  let m = 0;
  let t: number;
  let a = 0;
  let b = 0;
  let c = 0;
  if (n > 1) {
    const nnm1 = n * (n - 1);
    const s1 = nnm1 / 2;
    const s2 = (nnm1 * (2 * n - 1)) / 6;
    const s1ds2 = s1 / s2;
    const denominator = n - s1 * s1ds2;
    t = denominator === 0 ? 0 : (sum - num * s1ds2) / denominator;
    m = (num - t * s1) / s2;
    const s3 = s1 * s1;
    const n1 = n - 1;
    const s4 = (s2 * (3 * (n1 * n1 + n1) - 1)) / 5;
    const s3s3 = s3 * s3;
    const s2s2 = s2 * s2;
    const s1s2 = s1 * s2;
    const det = s4 * s2 * n + 2 * s3 * s1s2 - s2s2 * s2 - s3s3 * n - s3 * s4;
    if (det !== 0) {
      a = ((s2 * n - s3) * num2 + (s1s2 - s3 * n) * num + (s3 * s1 - s2s2) * sum) / det;
      b = ((s1s2 - s3 * n) * num2 + (s4 * n - s2s2) * num + (s3 * s2 - s4 * s1) * sum) / det;
      c = ((s3 * s1 - s2s2) * num2 + (s3 * s2 - s4 * s1) * num + (s4 * s2 - s3s3) * sum) / det;
    }
  } else {
    t = c = x[0];
  }

  const [linearError, quadraticError] = regressionErrorsLoop(x, m, t, a, b, c, rangeInv);

  const slopeLimit = range / 10;
  const curvatureLimit = Math.sqrt(range / 10);
  m = ratioLimit(m, slopeLimit, slopeLimit + 0.01);
  a = ratioLimit(a, curvatureLimit, curvatureLimit + 0.01);
  b = ratioLimit(b, slopeLimit, slopeLimit + 0.01);
  m *= framesPerTimeUnit;
  a *= framesPerTimeUnit * framesPerTimeUnit;
  b *= framesPerTimeUnit;
  m *= rangeInv;
  t = (t - min) * rangeInv;
  a *= rangeInv;
  b *= rangeInv;
  c = (c - min) * rangeInv;

  return {
    linregc1: f32(finiteOr0(m)),
    linregc2: f32(finiteOr0(t)),
    linregerrQ: f32(finiteOr0(linearError / n)),
    qregc1: f32(finiteOr0(a)),
    qregc2: f32(finiteOr0(b)),
    qregc3: f32(finiteOr0(c)),
    qregerrQ: f32(finiteOr0(quadraticError / n)),
    centroid: f32(finiteOr0(centroid)),
  };
}
