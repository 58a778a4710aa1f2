/**
 * The five functional lists of ComParE_2016 (notes §5) as ordered selections from the functional
 * families. Each list is the single source of both the feature names and the computed values.
 */

import { contourStats, type ContourStats } from './contourStats.js';
import { extremes, EXTREMES_NAMES } from './extremes.js';
import { residentContour } from './functionalLoops.js';
import { lpc, LPC_NAMES } from './lpc.js';
import { means } from './means.js';
import { moments, MOMENTS_NAMES } from './moments.js';
import { peaks2, PEAKS2_NAMES } from './peaks2.js';
import { percentiles, PERCENTILES_NAMES } from './percentiles.js';
import { regression, REGRESSION_NAMES } from './regression.js';
import { nonXSegments, relativeThresholdSegments, SEGMENTS_NAMES } from './segments.js';
import { times, TIMES_NAMES } from './times.js';

/** What a functional family sees of one contour. */
export interface ContourContext {
  readonly x: Float32Array;
  readonly stats: ContourStats;
  readonly framePeriodS: number;
}

type Family = (c: ContourContext) => Readonly<Record<string, number>>;

interface Selection {
  readonly family: Family;
  readonly names: readonly string[];
}

export interface FunctionalSet {
  /** Functional names in output order (the part after the last `_` of a feature name). */
  readonly names: readonly string[];
  /**
   * Writes the functionals of `contour` (of its non-zero values only, where nonZeroOnly) at
   * `out[offset…offset+names.length)`.
   */
  compute(contour: Float32Array, framePeriodS: number, out: Float32Array, offset: number, nonZeroOnly?: boolean): void;
}

function functionalSet(selections: readonly Selection[]): FunctionalSet {
  const names = selections.flatMap((s) => s.names);
  return {
    names,
    compute(contour, framePeriodS, out, offset, nonZeroOnly = false) {
      // Copied into the WebAssembly instance once: every frame loop below reads it there.
      const x = residentContour(contour, nonZeroOnly);
      const context: ContourContext = { x, stats: contourStats(x), framePeriodS };
      let k = offset;
      for (const { family, names: picked } of selections) {
        const values = family(context);
        for (const name of picked) out[k++] = values[name];
      }
    },
  };
}

const EXTREMES: Family = (c) => extremes(c.x, c.stats);
const PERCENTILES: Family = (c) => percentiles(c.x);
const MOMENTS: Family = (c) => moments(c.x, c.stats.mean);
const MEANS: Family = (c) => means(c.x, c.stats.mean);
const TIMES: Family = (c) => times(c.x, c.stats);
const LPC: Family = (c) => lpc(c.x);
const RELTH_SEGMENTS: Family = (c) => relativeThresholdSegments(c.x, c.stats, c.framePeriodS);
const VOICED_SEGMENTS: Family = (c) => nonXSegments(c.x, c.framePeriodS);
const PEAKS2: Family = (c) => peaks2(c.x, c.stats, c.framePeriodS);
const REGRESSION_PER_FRAME: Family = (c) => regression(c.x, c.stats, 1);
const REGRESSION_PER_SECOND: Family = (c) => regression(c.x, c.stats, 1 / c.framePeriodS);

const EXTREMES_SEL: Selection = { family: EXTREMES, names: EXTREMES_NAMES };
const PERCENTILES_SEL: Selection = { family: PERCENTILES, names: PERCENTILES_NAMES };
const MOMENTS_SEL: Selection = { family: MOMENTS, names: MOMENTS_NAMES };
const TIMES_SEL: Selection = { family: TIMES, names: TIMES_NAMES };
const LPC_SEL: Selection = { family: LPC, names: LPC_NAMES };
const PEAKS2_SEL: Selection = { family: PEAKS2, names: PEAKS2_NAMES };

/** Blocks 1 and 2: energy/spectral LLDs and their deltas, all frames. */
export const ENERGY_SPECTRAL_SET = functionalSet([EXTREMES_SEL, PERCENTILES_SEL, MOMENTS_SEL, { family: RELTH_SEGMENTS, names: SEGMENTS_NAMES }, TIMES_SEL, LPC_SEL]);

/** Block 3: voicing LLDs and their deltas, applied to the non-zero frames only. */
export const VOICING_SET = functionalSet([
  { family: MEANS, names: ['amean', 'flatness', 'posamean', 'rqmean'] },
  EXTREMES_SEL,
  { family: REGRESSION_PER_FRAME, names: REGRESSION_NAMES },
  PERCENTILES_SEL,
  MOMENTS_SEL,
  TIMES_SEL,
  LPC_SEL,
]);

/** Block 4: the F0 copy `F0final_sma_ff0`. */
export const F0_SET = functionalSet([
  { family: MEANS, names: ['nnz'] },
  { family: VOICED_SEGMENTS, names: SEGMENTS_NAMES },
]);

/** Block 5: energy/spectral LLDs without deltas. */
export const LLD_SET = functionalSet([{ family: MEANS, names: ['amean', 'flatness', 'rqmean'] }, PEAKS2_SEL, { family: REGRESSION_PER_SECOND, names: REGRESSION_NAMES }]);

/** Block 6: deltas of the energy/spectral LLDs. */
export const DELTA_SET = functionalSet([{ family: MEANS, names: ['flatness', 'posamean', 'rqmean'] }, PEAKS2_SEL]);
