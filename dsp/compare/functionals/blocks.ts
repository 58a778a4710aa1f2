/**
 * Assembly of the six functional blocks into the 6,373-feature vector (notes §5, §7), fed with the
 * smoothed LLD contours and their deltas.
 */

import { FRAME_PERIOD_S } from '../framing.js';
import { COMPARE_FEATURE_NAMES, F0_COPY_NAME, FUNCTIONAL_BLOCKS, LLD_CSV_NAMES, type FunctionalBlock } from '../featureNames.js';

export type BlockId = FunctionalBlock['id'];

/** Smoothed LLD contours and deltas in LLD CSV order (notes §3): Nz (6), then A (4) and B (55). */
export interface SmoothedLlds {
  readonly voicing: readonly Float32Array[];
  readonly voicingDeltas: readonly Float32Array[];
  readonly energySpectral: readonly Float32Array[];
  readonly energySpectralDeltas: readonly Float32Array[];
}

/**
 * How many leading frames each block sees (notes §7): openSMILE's blocks compute at end of input
 * before the window processors flush, so each sees a prefix of its input.
 * @param n60 number of complete 60 ms frames
 * @param voicingTrim frames the voicing block misses at the end: 3, or 4 when the jitter component
 *   lagged one more frame (content-dependent, notes §7)
 */
export function blockFrameCounts(n60: number, voicingTrim = 3): Record<BlockId, number> {
  return {
    A: n60 - 2,
    B: n60 + 2,
    Nz: n60 - voicingTrim,
    F0: n60 - voicingTrim + 2,
    LLD: n60,
    Delta: n60 - 2,
  };
}

const EXPECTED_COUNTS = { voicing: 6, energySpectral: 59 };

/**
 * The 6,373 ComParE_2016 functionals in name order.
 * @param llds smoothed contours and deltas; each may hold more frames than its block sees
 * @param frameCounts frames seen per block, see blockFrameCounts
 * @param framePeriodS LLD frame period (default 0.01 s)
 */
export function computeFunctionalBlocks(
  llds: SmoothedLlds,
  frameCounts: Readonly<Record<BlockId, number>>,
  framePeriodS = FRAME_PERIOD_S,
): Float32Array {
  if (llds.voicing.length !== EXPECTED_COUNTS.voicing || llds.voicingDeltas.length !== EXPECTED_COUNTS.voicing) {
    throw new Error(`expected ${EXPECTED_COUNTS.voicing} voicing contours and deltas`);
  }
  if (llds.energySpectral.length !== EXPECTED_COUNTS.energySpectral || llds.energySpectralDeltas.length !== EXPECTED_COUNTS.energySpectral) {
    throw new Error(`expected ${EXPECTED_COUNTS.energySpectral} energy/spectral contours and deltas`);
  }
  // LLD_CSV_NAMES is Nz, A, B then their deltas in the same order.
  const ordered = [...llds.voicing, ...llds.energySpectral, ...llds.voicingDeltas, ...llds.energySpectralDeltas];
  const byName = new Map<string, Float32Array>(LLD_CSV_NAMES.map((name, i) => [name, ordered[i]]));
  byName.set(F0_COPY_NAME, llds.voicing[0]);

  const out = new Float32Array(COMPARE_FEATURE_NAMES.length);
  let offset = 0;
  for (const block of FUNCTIONAL_BLOCKS) {
    const frames = Math.max(0, frameCounts[block.id]);
    for (const name of block.inputs) {
      const contour = byName.get(name);
      if (contour === undefined) throw new Error(`no contour for ${name}`);
      const prefix = contour.subarray(0, Math.min(frames, contour.length));
      const x = block.nonZeroFramesOnly ? prefix.filter((v) => v !== 0) : prefix;
      block.set.compute(x, framePeriodS, out, offset);
      offset += block.set.names.length;
    }
  }
  return out;
}
