import { auditoryCompress, auditoryCompressLinear, equalLoudnessWeights, lengthL1Norm, logBandPower, RastaFilter } from './auditorySpectrum.js';
import { bandEnergy, spectralBand } from './bandEnergies.js';
import { rmsEnergy, zeroCrossingRateContour } from './energy.js';
import { COMPARE_SAMPLE_RATE_HZ, F20_SAMPLES, F60_SAMPLES, FRAME_PERIOD_S, frameCount, H20_FFT_SIZE, hammingWindow, HOP_SAMPLES } from './framing.js';
import { logf } from './glibcFloat32Math.js';
import { MagnitudeSpectrum } from './magnitudeSpectrum.js';
import { applyMelFilterbank, createMelFilterbank } from './melFilterbank.js';
import { Mfcc } from './mfcc.js';
import { PsySharpness } from './psySharpness.js';
import { spectralEntropy } from './spectralEntropy.js';
import { spectralFlux } from './spectralFlux.js';
import { spectralHarmonicity } from './spectralHarmonicity.js';
import { spectralMoments } from './spectralMoments.js';
import { spectralRollOffs } from './spectralRollOff.js';
import { SpectralSlope } from './spectralSlope.js';

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
  const [audspecL1, rastaL1, rms, zcr] = contours;
  const rfilt = contours.slice(4, 4 + AUD_BANDS);
  let c = 4 + AUD_BANDS;
  const bands = contours.slice(c, (c += BANDS_HZ.length));
  const rollOffs = contours.slice(c, (c += ROLL_OFF_FRACTIONS.length));
  const [flux, centroid, entropy, variance, skewness, kurtosis, slope, sharpness, harmonicity] = contours.slice(c, (c += 9));
  const mfccs = contours.slice(c);

  const spectrum = new MagnitudeSpectrum(F20_SAMPLES, H20_FFT_SIZE, hammingWindow(F20_SAMPLES));
  const binCount = spectrum.binCount;
  const binHz = COMPARE_SAMPLE_RATE_HZ / H20_FFT_SIZE;
  // The spectral descriptors use bins 1..256: DC excluded, Nyquist included (notes §3.3 item 12).
  const firstBin = 1;
  const lastBin = binCount - 1;
  const nBins = lastBin - firstBin + 1;
  const melFb = createMelFilterbank(binCount, binHz, AUD_BANDS);
  const loudness = equalLoudnessWeights(melFb.centreFrequenciesHz);
  const logLoudness = Float32Array.from(loudness, logf);
  const rasta = new RastaFilter(AUD_BANDS, FRAME_PERIOD_S);
  const fbands = BANDS_HZ.map(([lo, hi]) => spectralBand(lo, hi, binHz));
  const slopeOf = new SpectralSlope(firstBin, lastBin, binHz);
  const sharpnessOf = new PsySharpness(firstBin, lastBin, binHz);
  const mfcc = new Mfcc(AUD_BANDS, MFCC_FIRST, MFCC_LAST);

  let magnitude = new Float32Array(binCount);
  let previousMagnitude = new Float32Array(binCount);
  const power = new Float32Array(binCount);
  const bandPower = new Float64Array(AUD_BANDS);
  const logPower = new Float64Array(AUD_BANDS);
  const rastaLogPower = new Float64Array(AUD_BANDS);
  const aud = new Float32Array(AUD_BANDS);
  const rollOffHz = new Float64Array(ROLL_OFF_FRACTIONS.length);
  const moments = new Float64Array(4);
  const mfccOut = new Float32Array(MFCC_LAST - MFCC_FIRST + 1);

  // Before the frame loop, not after: V8 optimises this function while the loop runs (on-stack
  // replacement), and a call it has not seen yet would throw that code away on the way out.
  zeroCrossingRateContour(signal, F60_SAMPLES, HOP_SAMPLES, zcr);
  const names = [...ENERGY_SPECTRAL_RAW_LLD_NAMES];
  for (let t = 0; t < n20; t++) {
    const start = t * HOP_SAMPLES;
    rms[t] = rmsEnergy(signal, start, F20_SAMPLES);
    spectrum.compute(signal, start, magnitude);
    for (let k = 0; k < binCount; k++) power[k] = magnitude[k] * magnitude[k];

    applyMelFilterbank(melFb, power, bandPower);
    logBandPower(bandPower, logPower);
    audspecL1[t] = lengthL1Norm(auditoryCompressLinear(bandPower, loudness, aud));
    rasta.process(logPower, rastaLogPower);
    auditoryCompress(rastaLogPower, logLoudness, aud);
    for (let m = 0; m < AUD_BANDS; m++) rfilt[m][t] = aud[m];
    rastaL1[t] = lengthL1Norm(aud);

    for (let b = 0; b < fbands.length; b++) bands[b][t] = bandEnergy(power, fbands[b], nBins);
    spectralRollOffs(power, firstBin, lastBin, binHz, ROLL_OFF_FRACTIONS, rollOffHz);
    for (let i = 0; i < rollOffs.length; i++) rollOffs[i][t] = rollOffHz[i];
    flux[t] = t === 0 ? 0 : spectralFlux(magnitude, previousMagnitude, firstBin, lastBin);
    spectralMoments(power, firstBin, lastBin, binHz, moments);
    centroid[t] = moments[0];
    entropy[t] = spectralEntropy(power, firstBin, lastBin);
    variance[t] = moments[1];
    skewness[t] = moments[2];
    kurtosis[t] = moments[3];
    slope[t] = slopeOf.compute(power);
    sharpness[t] = sharpnessOf.compute(power);
    harmonicity[t] = spectralHarmonicity(power, firstBin, lastBin);
    mfcc.compute(bandPower, mfccOut);
    for (let i = 0; i < mfccs.length; i++) mfccs[i][t] = mfccOut[i];

    const swap = previousMagnitude;
    previousMagnitude = magnitude;
    magnitude = swap;
  }
  return { names, contours };
}
