/** Times functionals (notes §6), with openSMILE's float32 level computation and segment normalisation. */

import type { ContourStats } from './contourStats.js';
import { timesCountsLoop } from './functionalLoops.js';

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
  // The counts in one pass as WebAssembly (assembly/functionalLoops.ts).
  const [below25, below50, below75, below90, rises, leftCurves] = timesCountsLoop(x, [level(0.25), level(0.5), level(0.75), level(0.9)]);
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
