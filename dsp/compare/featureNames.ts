/**
 * The 65 ComParE_2016 LLD names and the 6,373 functional feature names, in openSMILE's output order
 * (notes §3, §5, §9), generated from the LLD list and the functional sets.
 */

import { DELTA_SET, ENERGY_SPECTRAL_SET, F0_SET, LLD_SET, VOICING_SET, type FunctionalSet } from './functionals/sets.js';

const indexed = (base: string, from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, k) => `${base}[${from + k}]`);

/** Voicing group "Nz" (60 ms frames), smoothed with noZeroSma. */
export const VOICING_LLD_NAMES: readonly string[] = ['F0final_sma', 'voicingFinalUnclipped_sma', 'jitterLocal_sma', 'jitterDDP_sma', 'shimmerLocal_sma', 'logHNR_sma'];

/** Energy and loudness group "A". */
export const ENERGY_LLD_NAMES: readonly string[] = ['audspec_lengthL1norm_sma', 'audspecRasta_lengthL1norm_sma', 'pcm_RMSenergy_sma', 'pcm_zcr_sma'];

/** Spectral group "B" (20 ms frames). */
export const SPECTRAL_LLD_NAMES: readonly string[] = [
  ...indexed('audSpec_Rfilt_sma', 0, 25),
  ...[
    'fband250-650',
    'fband1000-4000',
    'spectralRollOff25.0',
    'spectralRollOff50.0',
    'spectralRollOff75.0',
    'spectralRollOff90.0',
    'spectralFlux',
    'spectralCentroid',
    'spectralEntropy',
    'spectralVariance',
    'spectralSkewness',
    'spectralKurtosis',
    'spectralSlope',
    'psySharpness',
    'spectralHarmonicity',
  ].map((name) => `pcm_fftMag_${name}_sma`),
  ...indexed('mfcc_sma', 1, 14),
];

/** The 59 energy and spectral LLDs, A then B. */
export const ENERGY_SPECTRAL_LLD_NAMES: readonly string[] = [...ENERGY_LLD_NAMES, ...SPECTRAL_LLD_NAMES];

/** `X_sma` → `X_sma_de`, `X_sma[i]` → `X_sma_de[i]` (the index stays last). */
export function deltaName(lldName: string): string {
  const bracket = lldName.indexOf('[');
  return bracket < 0 ? `${lldName}_de` : `${lldName.slice(0, bracket)}_de${lldName.slice(bracket)}`;
}

/** The 130 columns of an LLD CSV after `name;frameTime`: the 65 LLDs (Nz, A, B), then their deltas. */
export const LLD_CSV_NAMES: readonly string[] = (() => {
  const llds = [...VOICING_LLD_NAMES, ...ENERGY_SPECTRAL_LLD_NAMES];
  return [...llds, ...llds.map(deltaName)];
})();

/** The F0-only copy that feeds block 4. */
export const F0_COPY_NAME = 'F0final_sma_ff0';

/** One cFunctionals block: its input contours (by LLD name) and the functionals applied to each. */
export interface FunctionalBlock {
  readonly id: 'A' | 'B' | 'Nz' | 'F0' | 'LLD' | 'Delta';
  readonly inputs: readonly string[];
  readonly set: FunctionalSet;
  /** openSMILE's `nonZeroFuncts=1`: the functionals see only the frames ≠ 0. */
  readonly nonZeroFramesOnly: boolean;
}

/** The six blocks in output order (notes §5). */
export const FUNCTIONAL_BLOCKS: readonly FunctionalBlock[] = [
  { id: 'A', inputs: [...ENERGY_LLD_NAMES, ...ENERGY_LLD_NAMES.map(deltaName)], set: ENERGY_SPECTRAL_SET, nonZeroFramesOnly: false },
  { id: 'B', inputs: [...SPECTRAL_LLD_NAMES, ...SPECTRAL_LLD_NAMES.map(deltaName)], set: ENERGY_SPECTRAL_SET, nonZeroFramesOnly: false },
  { id: 'Nz', inputs: [...VOICING_LLD_NAMES, ...VOICING_LLD_NAMES.map(deltaName)], set: VOICING_SET, nonZeroFramesOnly: true },
  { id: 'F0', inputs: [F0_COPY_NAME], set: F0_SET, nonZeroFramesOnly: false },
  { id: 'LLD', inputs: ENERGY_SPECTRAL_LLD_NAMES, set: LLD_SET, nonZeroFramesOnly: false },
  { id: 'Delta', inputs: ENERGY_SPECTRAL_LLD_NAMES.map(deltaName), set: DELTA_SET, nonZeroFramesOnly: false },
];

/** The 6,373 feature names `<lld>_<functional>` in openSMILE's column order. */
export const COMPARE_FEATURE_NAMES: readonly string[] = FUNCTIONAL_BLOCKS.flatMap((block) =>
  block.inputs.flatMap((lld) => block.set.names.map((functional) => `${lld}_${functional}`)),
);
