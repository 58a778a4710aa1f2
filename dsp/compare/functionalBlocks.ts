/**
 * Assembly of the six functional blocks into the 6,373-feature vector (notes §5, §7), fed with the
 * smoothed LLD contours and their deltas.
 */

import { FRAME_PERIOD_S } from './framing.js';
import { COMPARE_FEATURE_NAMES, F0_COPY_NAME, FUNCTIONAL_BLOCKS, LLD_CSV_NAMES, type FunctionalBlock } from './featureNames.js';

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
 * @param voicingTrim frames the voicing block misses at the end: 2 + the frames the Viterbi pitch
 *   smoother had not yet decided when the input ended (VoicingLlds.framesBeforeEndOfInput). openSMILE's
 *   jitter component does nothing during end-of-input processing, so the voicing level then ends at
 *   the last decided frame; the smoothing flushes (the F0 block sees all of it), the deltas do not
 *   (the Nz block sees 2 frames fewer). That is 3 on 81 of the 84 reference files, 4 on the others.
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

interface ContourUse {
  readonly block: FunctionalBlock;
  /** Index of the contour's first feature in the 6,373-feature vector. */
  readonly offset: number;
}

/** For each input contour name (LLD CSV names and the F0 copy), the blocks that read it and where its features go. */
const CONTOUR_USES: ReadonlyMap<string, readonly ContourUse[]> = (() => {
  const uses = new Map<string, ContourUse[]>([...LLD_CSV_NAMES, F0_COPY_NAME].map((name) => [name, []]));
  let offset = 0;
  for (const block of FUNCTIONAL_BLOCKS) {
    for (const name of block.inputs) {
      const list = uses.get(name);
      if (list === undefined) throw new Error(`block ${block.id} reads ${name}, which is no LLD`);
      list.push({ block, offset });
      offset += block.set.names.length;
    }
  }
  if (offset !== COMPARE_FEATURE_NAMES.length) throw new Error(`the blocks give ${offset} features, not ${COMPARE_FEATURE_NAMES.length}`);
  return uses;
})();

/** Frames of the contour warmUpFunctionals runs: enough for every functional's branches, few enough to cost nothing. */
const WARM_UP_FRAMES = 64;
let warmedUp = false;

/**
 * Runs every functional set once, on a short contour with zeros, both signs, rises and falls, and
 * throws the values away. V8 optimises a functional while its first long loop runs (on-stack
 * replacement), before the code after the loop has ever run; that code then has no type feedback,
 * and the optimised code bails out there on every later call (a soft deoptimisation keeps it), so on
 * a 10-minute recording the functionals of most contours ran unoptimised (about 1 GB of boxed
 * doubles). Run first on a short contour, every line has feedback when V8 compiles it.
 */
function warmUpFunctionals(): void {
  warmedUp = true;
  const contour = Float32Array.from({ length: WARM_UP_FRAMES }, (_, i) => Math.sin(i) * (i % 7));
  for (const block of FUNCTIONAL_BLOCKS) block.set.compute(contour, FRAME_PERIOD_S, new Float32Array(block.set.names.length), 0);
}

/**
 * Writes every functional of one contour, in each block that reads it, into `out` (the 6,373-feature
 * vector). Contours can thus be handed over one at a time, in any order, and dropped afterwards.
 * @param name an LLD CSV name (`X_sma`, `X_sma_de`) or F0_COPY_NAME
 * @param contour the smoothed contour or delta; it may hold more frames than a block sees
 */
export function computeContourFunctionals(
  name: string,
  contour: Float32Array,
  frameCounts: Readonly<Record<BlockId, number>>,
  out: Float32Array,
  framePeriodS = FRAME_PERIOD_S,
): void {
  const uses = CONTOUR_USES.get(name);
  if (uses === undefined) throw new Error(`no functionals for ${name}`);
  if (!warmedUp) warmUpFunctionals();
  for (const { block, offset } of uses) {
    const frames = Math.max(0, frameCounts[block.id]);
    const prefix = contour.subarray(0, Math.min(frames, contour.length));
    block.set.compute(prefix, framePeriodS, out, offset, block.nonZeroFramesOnly);
  }
}

/**
 * The 6,373 ComParE_2016 functionals in name order.
 * @param llds smoothed contours and deltas; each may hold more frames than its block sees
 * @param frameCounts frames seen per block, see blockFrameCounts
 * @param framePeriodS LLD frame period (default 0.01 s)
 */
export function computeFunctionalBlocks(llds: SmoothedLlds, frameCounts: Readonly<Record<BlockId, number>>, framePeriodS = FRAME_PERIOD_S): Float32Array {
  if (llds.voicing.length !== EXPECTED_COUNTS.voicing || llds.voicingDeltas.length !== EXPECTED_COUNTS.voicing) {
    throw new Error(`expected ${EXPECTED_COUNTS.voicing} voicing contours and deltas`);
  }
  if (llds.energySpectral.length !== EXPECTED_COUNTS.energySpectral || llds.energySpectralDeltas.length !== EXPECTED_COUNTS.energySpectral) {
    throw new Error(`expected ${EXPECTED_COUNTS.energySpectral} energy/spectral contours and deltas`);
  }
  // LLD_CSV_NAMES is Nz, A, B then their deltas in the same order.
  const ordered = [...llds.voicing, ...llds.energySpectral, ...llds.voicingDeltas, ...llds.energySpectralDeltas];
  const out = new Float32Array(COMPARE_FEATURE_NAMES.length);
  LLD_CSV_NAMES.forEach((name, i) => computeContourFunctionals(name, ordered[i], frameCounts, out, framePeriodS));
  computeContourFunctionals(F0_COPY_NAME, llds.voicing[0], frameCounts, out, framePeriodS);
  return out;
}
