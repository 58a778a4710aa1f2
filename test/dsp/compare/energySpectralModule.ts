/**
 * The per-frame functions of assembly/energySpectralFrames.ts, each called on arrays the test gives:
 * the module the pipeline runs, its exports one at a time (the arrays are copied into its memory).
 */
import wasmBase64 from '../../../assembly/energySpectralFrames.wasm.js';
import type { SpectralBand } from '../../../dsp/compare/bandEnergies.js';
import { MATH_IMPORTS } from '../../../dsp/compare/energySpectralFrames.js';
import type { MelFilterbank } from '../../../dsp/compare/melFilterbank.js';
import { oouraTables } from '../../../dsp/compare/oouraRealFft32.js';
import { instantiateWasm } from '../../../dsp/compare/wasmInstance.js';

interface Exports {
  magnitude(n: number, a: number, w: number, swaps: number, swapCount: number, frame: number, window: number, length: number, out: number): void;
  rmsEnergy(frame: number, length: number): number;
  zeroCrossingRates(signal: number, firstFrame: number, count: number, length: number, hop: number, out: number): void;
  melBandPowers(power: number, firstBin: number, lastBin: number, lowerBand: number, lowerWeight: number, bands: number, out: number): void;
  auditorySpectrumMean(bandPower: number, loudness: number, bands: number): number;
  rastaAuditorySpectrum(bandPower: number, logLoudness: number, rasta: number, state: number, bands: number, active: number, out: number): number;
  bandEnergy(power: number, first: number, last: number, firstWeight: number, lastWeight: number, normBinCount: number): number;
  spectralRollOffs(power: number, firstBin: number, lastBin: number, hz: number, fractions: number, fractionCount: number, outHz: number): void;
  spectralFlux(magnitude: number, previous: number, firstBin: number, lastBin: number): number;
  spectralMoments(power: number, firstBin: number, lastBin: number, hz: number, out: number): void;
  spectralEntropy(power: number, firstBin: number, lastBin: number): number;
  spectralSlope(power: number, firstBin: number, lastBin: number, hz: number, sumF: number, denominator: number, scale: number): number;
  psySharpness(power: number, firstBin: number, lastBin: number, weights: number): number;
  spectralHarmonicity(power: number, firstBin: number, lastBin: number, extrema: number): number;
  mfccs(bandPower: number, bands: number, cosTable: number, lifter: number, count: number, logBands: number, out: number): void;
  logf(x: number): number;
  v8Log(x: number): number;
  v8Pow(x: number, y: number): number;
  expf(x: number): number;
}

/** Room for each argument array (a 2048-point transform's scratch fits). */
const SLOT_BYTES = 16384;
const SLOTS = 7;

const { exports, buffer } = instantiateWasm<Exports>(wasmBase64, SLOT_BYTES * SLOTS, MATH_IMPORTS);

/** Copies each array into a slot of its own; returns their byte addresses. */
function load(...arrays: (Float32Array | Float64Array | Int32Array)[]): number[] {
  return arrays.map((a, i) => {
    new Uint8Array(buffer, i * SLOT_BYTES, SLOT_BYTES).fill(0);
    new Uint8Array(buffer, i * SLOT_BYTES, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    return i * SLOT_BYTES;
  });
}

const OUT = (SLOTS - 1) * SLOT_BYTES;

export const logf = (x: number): number => exports.logf(x);
export const expf = (x: number): number => exports.expf(x);

export function rmsEnergy(signal: Float32Array, start: number, length: number): number {
  const [at] = load(signal.subarray(start, start + length));
  return exports.rmsEnergy(at, length);
}

/** pcm_zcr of frames 0..count−1 of `signal` (frame t at hop·t), in one call. */
export function zeroCrossingRates(signal: Float32Array, length: number, hop: number, count: number): Float32Array {
  const [at] = load(signal);
  exports.zeroCrossingRates(at, 0, count, length, hop, OUT);
  return new Float32Array(buffer, OUT, count).slice();
}

export function melBandPowers(fb: MelFilterbank, power: Float32Array): Float32Array {
  const [p, band, weight] = load(power, fb.lowerBand, fb.lowerWeight);
  exports.melBandPowers(p, fb.firstBin, fb.lastBin, band, weight, fb.bandCount, OUT);
  return new Float32Array(buffer, OUT, fb.bandCount).slice();
}

export function auditorySpectrumMean(bandPower: Float32Array, loudness: Float32Array): number {
  const [p, e] = load(bandPower, loudness);
  return exports.auditorySpectrumMean(p, e, bandPower.length);
}

/**
 * RASTA-filtered auditory spectra of consecutive frames of band powers from a zero state, output 0
 * for the first `warmupFrames`; returns each frame's bands and their mean.
 */
export function rastaAuditorySpectra(
  framesBandPower: Float32Array[],
  logLoudness: Float32Array,
  coefficients: Float32Array,
  pole: number,
  warmupFrames: number,
): { bands: Float32Array; mean: number }[] {
  const bandCount = logLoudness.length;
  const [, e, rasta, state] = load(new Float32Array(bandCount), logLoudness, Float32Array.from([...coefficients, pole]), new Float32Array(4 * bandCount));
  return framesBandPower.map((bandPower, t) => {
    new Float32Array(buffer, 0, bandCount).set(bandPower);
    const mean = exports.rastaAuditorySpectrum(0, e, rasta, state, bandCount, t >= warmupFrames ? 1 : 0, OUT);
    return { bands: new Float32Array(buffer, OUT, bandCount).slice(), mean };
  });
}

export function bandEnergy(power: Float32Array, band: SpectralBand, normBinCount: number): number {
  const [p] = load(power);
  return exports.bandEnergy(p, band.firstBin, band.lastBin, band.firstWeight, band.lastWeight, normBinCount);
}

export function spectralRollOffs(power: Float32Array, firstBin: number, lastBin: number, binHz: number, fractions: readonly number[]): Float64Array {
  const [p, f] = load(power, Float64Array.from(fractions));
  exports.spectralRollOffs(p, firstBin, lastBin, binHz, f, fractions.length, OUT);
  return new Float64Array(buffer, OUT, fractions.length).slice();
}

export function spectralFlux(magnitude: Float32Array, previous: Float32Array, firstBin: number, lastBin: number): number {
  const [m, p] = load(magnitude, previous);
  return exports.spectralFlux(m, p, firstBin, lastBin);
}

/** [centroid Hz, variance Hz², skewness, kurtosis]. */
export function spectralMoments(power: Float32Array, firstBin: number, lastBin: number, binHz: number): Float64Array {
  const [p] = load(power);
  exports.spectralMoments(p, firstBin, lastBin, binHz, OUT);
  return new Float64Array(buffer, OUT, 4).slice();
}

export function spectralEntropy(power: Float32Array, firstBin: number, lastBin: number): number {
  const [p] = load(power);
  return exports.spectralEntropy(p, firstBin, lastBin);
}

export function spectralSlope(power: Float32Array, firstBin: number, lastBin: number, binHz: number, constants: { sumF: number; denominator: number; scale: number }): number {
  const [p] = load(power);
  return exports.spectralSlope(p, firstBin, lastBin, binHz, constants.sumF, constants.denominator, constants.scale);
}

export function psySharpness(power: Float32Array, firstBin: number, lastBin: number, weights: Float64Array): number {
  const [p, w] = load(power, weights);
  return exports.psySharpness(p, firstBin, lastBin, w);
}

export function spectralHarmonicity(power: Float32Array, firstBin: number, lastBin: number): number {
  const [p] = load(power);
  return exports.spectralHarmonicity(p, firstBin, lastBin, OUT);
}

export function mfccs(bandPower: Float32Array, tables: { cosTable: Float32Array; lifter: Float32Array }): Float32Array {
  const [p, cos, lifter, logBands] = load(bandPower, tables.cosTable, tables.lifter, new Float32Array(bandPower.length));
  exports.mfccs(p, bandPower.length, cos, lifter, tables.lifter.length, logBands, OUT);
  return new Float32Array(buffer, OUT, tables.lifter.length).slice();
}

export const v8Log = (x: number): number => exports.v8Log(x);
export const v8Pow = (x: number, y: number): number => exports.v8Pow(x, y);

/**
 * |X_k|, k = 0..fftSize/2, of signal[start .. start + window.length) · window by the float32 Ooura
 * transform, the frame centred in the zero padding.
 */
export function oouraMagnitudes(signal: Float32Array, start: number, window: Float32Array, fftSize: number): Float32Array {
  const { w, swaps } = oouraTables(fftSize);
  const [a, wAt, swapsAt, frame, windowAt] = load(new Float32Array(fftSize), w, swaps, signal.subarray(start, start + window.length), window);
  exports.magnitude(fftSize, a, wAt, swapsAt, swaps.length, frame, windowAt, window.length, OUT);
  return new Float32Array(buffer, OUT, fftSize / 2 + 1).slice();
}
