/** Times functionals (notes §6), with openSMILE's float32 level computation and segment normalisation. */

import type { ContourStats } from './contourStats.js';

const f32 = Math.fround;

export const TIMES_NAMES = ['upleveltime25', 'upleveltime50', 'upleveltime75', 'upleveltime90', 'risetime', 'leftctime'] as const;
export type Times = Record<(typeof TIMES_NAMES)[number], number>;

/**
 * upleveltimeP = #(x > min + P%·range)/N; risetime = #(x_t > x_{t−1})/(N−1);
 * leftctime = #((x_{t+1}−x_t) > (x_t−x_{t−1}))/(N−2) (0 where the divisor is 0).
 */
export function times(x: Float32Array, stats: ContourStats): Times {
  const n = x.length;
  if (n === 0) return { upleveltime25: 0, upleveltime50: 0, upleveltime75: 0, upleveltime90: 0, risetime: 0, leftctime: 0 };
  const range = f32(stats.max - stats.min);
  const level = (p: number): number => f32(f32(f32(p) * range) + stats.min);
  const l25 = level(0.25);
  const l50 = level(0.5);
  const l75 = level(0.75);
  const l90 = level(0.9);
  let below25 = 0;
  let below50 = 0;
  let below75 = 0;
  let below90 = 0;
  let rises = 0;
  let leftCurves = 0;
  // One pass; stepIn = x[i] − x[i−1] is the previous iteration's step out.
  let stepIn = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    // Counts advance by the comparisons' 0/1: no branches to mispredict on noisy contours.
    below25 += +(v <= l25);
    below50 += +(v <= l50);
    below75 += +(v <= l75);
    below90 += +(v <= l90);
    if (i + 1 < n) {
      const next = x[i + 1];
      rises += +(v < next);
      const stepOut = f32(next - v);
      if (i > 0) leftCurves += +(stepOut > stepIn);
      stepIn = stepOut;
    }
  }
  const norm1 = n - 1;
  const norm2 = n - 2;
  return {
    upleveltime25: f32((n - below25) / n),
    upleveltime50: f32((n - below50) / n),
    upleveltime75: f32((n - below75) / n),
    upleveltime90: f32((n - below90) / n),
    risetime: norm1 !== 0 ? f32(rises / norm1) : 0,
    leftctime: norm2 !== 0 ? f32(leftCurves / norm2) : 0,
  };
}
