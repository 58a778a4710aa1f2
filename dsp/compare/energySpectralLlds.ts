import { equalLoudnessWeights, RASTA_WARMUP_FRAMES, rastaCoefficients } from './auditorySpectrum.js';
import { spectralBand } from './bandEnergies.js';
import { EnergySpectralFrames } from './energySpectralFrames.js';
import { COMPARE_SAMPLE_RATE_HZ, F20_SAMPLES, F60_SAMPLES, FRAME_PERIOD_S, frameCount, H20_FFT_SIZE, hammingWindow, HOP_SAMPLES } from './framing.js';
import { createMelFilterbank } from './melFilterbank.js';
import { mfccTables } from './mfcc.js';
import { sharpnessWeights } from './psySharpness.js';
import { spectralSlopeConstants } from './spectralSlope.js';

const AUD_BANDS = 26;
const ROLL_OFF_FRACTIONS = [0.25, 0.5, 0.75, 0.9];
const BANDS_HZ: ReadonlyArray<readonly [number, number]> = [
  [250, 650],
  [1000, 4000],
];
const MFCC_FIRST = 1;
const MFCC_LAST = 14;

const rangeNames = (base: string, first: number, last: number): string[] => Array.from({ length: last - first + 1 }, (_, i) => `${base}[${first + i}]`);

/** Group A (energy and loudness), in openSMILE output order. */
export const ENERGY_RAW_LLD_NAMES: readonly string[] = ['audspec_lengthL1norm', 'audspecRasta_lengthL1norm', 'pcm_RMSenergy', 'pcm_zcr'];

/** Group B (spectral), in openSMILE output order. */
export const SPECTRAL_RAW_LLD_NAMES: readonly string[] = [
  ...rangeNames('audSpec_Rfilt', 0, AUD_BANDS - 1),
  ...BANDS_HZ.map(([lo, hi]) => `pcm_fftMag_fband${lo}-${hi}`),
  ...ROLL_OFF_FRACTIONS.map((p) => `pcm_fftMag_spectralRollOff${(p * 100).toFixed(1)}`),
  ...['Flux', 'Centroid', 'Entropy', 'Variance', 'Skewness', 'Kurtosis', 'Slope'].map((s) => `pcm_fftMag_spectral${s}`),
  'pcm_fftMag_psySharpness',
  'pcm_fftMag_spectralHarmonicity',
  ...rangeNames('mfcc', MFCC_FIRST, MFCC_LAST),
];

/** The 4 A then the 55 B names. */
export const ENERGY_SPECTRAL_RAW_LLD_NAMES: readonly string[] = [...ENERGY_RAW_LLD_NAMES, ...SPECTRAL_RAW_LLD_NAMES];

/**
 * openSMILE's column name for an LLD name plus a suffix: the suffix goes before an array index,
 * e.g. ('pcm_RMSenergy', '_sma') → 'pcm_RMSenergy_sma', ('mfcc[3]', '_sma_de') → 'mfcc_sma_de[3]'.
 */
export function lldColumnName(name: string, suffix: string): string {
  const bracket = name.indexOf('[');
  return bracket < 0 ? name + suffix : name.slice(0, bracket) + suffix + name.slice(bracket);
}

/**
 * The 59 energy (A) and spectral (B) low-level descriptors of ComParE_2016, RAW (not yet smoothed),
 * from a 16 kHz mono signal scaled as openSMILE scales int16 (sample/32767).
 *
 * Names are openSMILE's header names without the `_sma` suffix (the index of an array LLD stays at
 * the end: header `audSpec_Rfilt_sma[0]` ↔ name `audSpec_Rfilt[0]`; `lldColumnName` rebuilds the
 * header name). Order: the 4 A LLDs, then the 55 B LLDs, as in openSMILE's output.
 *
 * Frame counts (notes §2, §7): every contour comes from the 20 ms frames (Hamming H20 spectrum or
 * raw F20 for pcm_RMSenergy) and has n20 = floor((N−320)/160)+1 frames, except pcm_zcr, which comes
 * from the raw 60 ms frames and has n60 = floor((N−960)/160)+1 = n20 − 4 frames. Frame k starts at
 * sample 160·k. The functional blocks then use prefixes of the smoothed contours: block A n60−2,
 * block B n20−2, the LLD block n60, the delta block n60−2; openSMILE's LLD CSV shows n60 rows (+1
 * artefact row).
 */
export function computeEnergySpectralLlds(signal: Float32Array): { names: string[]; contours: Float32Array[] } {
  const n20 = frameCount(signal.length, F20_SAMPLES);
  const n60 = frameCount(signal.length, F60_SAMPLES);
  const contours = ENERGY_SPECTRAL_RAW_LLD_NAMES.map((name) => new Float32Array(name === 'pcm_zcr' ? n60 : n20));
  energySpectralFrames().compute(signal, n20, contours);
  return { names: [...ENERGY_SPECTRAL_RAW_LLD_NAMES], contours };
}

/** The frame loop with ComParE's tables: one per thread, reused (its tables cost more than a short file's frames). */
let frameLoop: EnergySpectralFrames | undefined;

function energySpectralFrames(): EnergySpectralFrames {
  if (frameLoop !== undefined) return frameLoop;
  const binCount = H20_FFT_SIZE / 2 + 1;
  const binHz = COMPARE_SAMPLE_RATE_HZ / H20_FFT_SIZE;
  // The spectral descriptors use bins 1..256: DC excluded, Nyquist included (notes §3.3 item 12).
  const firstBin = 1;
  const lastBin = binCount - 1;
  const mel = createMelFilterbank(binCount, binHz, AUD_BANDS);
  frameLoop = new EnergySpectralFrames({
    fftSize: H20_FFT_SIZE,
    frameLengthSamples: F20_SAMPLES,
    hopSamples: HOP_SAMPLES,
    zcrFrameLengthSamples: F60_SAMPLES,
    window: hammingWindow(F20_SAMPLES),
    binHz,
    mel,
    loudness: equalLoudnessWeights(mel.centreFrequenciesHz),
    rasta: { ...rastaCoefficients(FRAME_PERIOD_S), warmupFrames: RASTA_WARMUP_FRAMES },
    fbands: BANDS_HZ.map(([lo, hi]) => spectralBand(lo, hi, binHz)),
    rollOffFractions: ROLL_OFF_FRACTIONS,
    slope: spectralSlopeConstants(firstBin, lastBin, binHz),
    sharpnessWeights: sharpnessWeights(firstBin, lastBin, binHz),
    mfcc: mfccTables(AUD_BANDS, MFCC_FIRST, MFCC_LAST),
  });
  return frameLoop;
}
