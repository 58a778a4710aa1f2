/**
 * The per-frame work of dsp/compare/energySpectralLlds.ts (see there and the files it names for each
 * descriptor's definition), compiled to WebAssembly by scripts/buildWasm.mjs: for a block of 20 ms
 * frames, the Hamming spectrum (Ooura's float32 transform, lib/oouraRealFft32.ts), the
 * power, the mel bands, the auditory spectrum with RASTA, and the 58 energy and spectral LLDs other
 * than pcm_zcr, written as one row of the block per LLD; then pcm_zcr of the block's 60 ms frames.
 * Every operation is the one openSMILE's C++ does, in its order and precision: an f32 operation where it computes in float, f64 where in
 * double, rounding to f32 where it stores a float. V8's Math.log and Math.pow, which the JavaScript
 * called, are ported in lib/v8Log.ts and lib/v8Pow.ts, glibc's logf and expf (openSMILE's C++ calls
 * them on floats) in lib/glibcFloat32Math.ts. The JavaScript
 * computes the tables and lays out the memory (`layout`).
 */
import { magnitude } from './lib/oouraRealFft32';
import { expf, logf } from './lib/glibcFloat32Math';
import { v8Log } from './lib/v8Log';
import { v8Pow } from './lib/v8Pow';

export { expf, logf, magnitude, v8Log, v8Pow };

function ld(p: usize, i: i32): f32 {
  return load<f32>(p + ((<usize>i) << 2));
}

function st(p: usize, i: i32, v: f32): void {
  store<f32>(p + ((<usize>i) << 2), v);
}

function ldd(p: usize, i: i32): f64 {
  return load<f64>(p + ((<usize>i) << 3));
}

function stdAt(p: usize, i: i32, v: f64): void {
  store<f64>(p + ((<usize>i) << 3), v);
}

function ldi(p: usize, i: i32): i32 {
  return load<i32>(p + ((<usize>i) << 2));
}

/** openSMILE's melfloor (cPlp): band powers below it are raised to it. */
const AUDITORY_FLOOR: f32 = <f32>9.3e-10;
/** cPlp's compression exponent, a float. */
const COMPRESSION: f32 = <f32>0.33;
/** psySharpness's factor, a double (a literal inside a float expression would be a float here). */
const SHARPNESS_SCALE: f64 = 0.11;
/** smileStat_entropy's floor, a double. */
const ENTROPY_FLOOR: f64 = 1e-7;

// The layout (byte addresses and sizes), set once per instance by `layout`.
let fftSize: i32;
let fftA: usize;
let fftW: usize;
let fftSwaps: usize;
let fftSwapCount: i32;
let frameLength: i32;
let hop: i32;
let window: usize;
let binCount: i32;
let binHz: f64;
let magnitudes: usize;
let previousMagnitudes: usize;
let power: usize;
let melFirstBin: i32;
let melLastBin: i32;
let melLowerBand: usize;
let melLowerWeight: usize;
let bandCount: i32;
let bandPower: usize;
let loudness: usize;
let logLoudness: usize;
let rasta: usize;
let rastaState: usize;
let rastaWarmupFrames: i32;
let fbands: usize;
let fbandCount: i32;
let rollOffFractions: usize;
let rollOffCount: i32;
let slopeConstants: usize;
let sharpnessWeights: usize;
let extrema: usize;
let moments: usize;
let rollOffHz: usize;
let aud: usize;
let mfccOut: usize;
let mfccCos: usize;
let mfccLifter: usize;
let mfccCount: i32;
let mfccLogBands: usize;

/**
 * Sets the addresses of the tables and scratch the JavaScript has laid out; see
 * dsp/compare/energySpectralFrames.ts for what each holds.
 */
export function layout(
  fftSize_: i32,
  fftA_: usize,
  fftW_: usize,
  fftSwaps_: usize,
  fftSwapCount_: i32,
  frameLength_: i32,
  hop_: i32,
  window_: usize,
  binHz_: f64,
  spectra: usize,
  melFirstBin_: i32,
  melLastBin_: i32,
  mel: usize,
  bandCount_: i32,
  bands: usize,
  rastaWarmupFrames_: i32,
  fbandCount_: i32,
  rollOffCount_: i32,
  spectralTables: usize,
  mfccCount_: i32,
  mfcc: usize,
  scratch: usize,
): void {
  fftSize = fftSize_;
  fftA = fftA_;
  fftW = fftW_;
  fftSwaps = fftSwaps_;
  fftSwapCount = fftSwapCount_;
  frameLength = frameLength_;
  hop = hop_;
  window = window_;
  binHz = binHz_;
  binCount = fftSize / 2 + 1;
  const spectrumBytes = (<usize>binCount) << 2;
  // spectra: magnitudes, previous magnitudes, power, harmonicity's extrema (binCount floats each).
  magnitudes = spectra;
  previousMagnitudes = magnitudes + spectrumBytes;
  power = previousMagnitudes + spectrumBytes;
  extrema = power + spectrumBytes;
  // mel: per bin an int32 band, then per bin a float32 weight.
  melFirstBin = melFirstBin_;
  melLastBin = melLastBin_;
  melLowerBand = mel;
  melLowerWeight = mel + spectrumBytes;
  // bands: band powers, equal-loudness weights, their logs (float32, bandCount each), RASTA's 5
  // coefficients and pole (float32), then its 4 delay elements per band.
  bandCount = bandCount_;
  const bandBytes = (<usize>bandCount) << 2;
  bandPower = bands;
  loudness = bandPower + bandBytes;
  logLoudness = loudness + bandBytes;
  rasta = logLoudness + bandBytes;
  rastaState = rasta + 4 * 6;
  rastaWarmupFrames = rastaWarmupFrames_;
  // spectralTables (float64): per band energy [first bin, last bin, first weight, last weight], the
  // roll-off fractions, the slope's [Σf, denominator, scale], one sharpness weight per bin of 1..binCount−1.
  fbandCount = fbandCount_;
  rollOffCount = rollOffCount_;
  fbands = spectralTables;
  rollOffFractions = fbands + 8 * 4 * fbandCount;
  slopeConstants = rollOffFractions + 8 * rollOffCount;
  sharpnessWeights = slopeConstants + 8 * 3;
  // mfcc: the cosine table (mfccCount × bandCount), the lifter (mfccCount), the log bands (bandCount), float32.
  mfccCount = mfccCount_;
  mfccCos = mfcc;
  mfccLifter = mfccCos + ((<usize>mfccCount * bandCount) << 2);
  mfccLogBands = mfccLifter + ((<usize>mfccCount) << 2);
  // scratch: the moments and roll-off points (float64), the auditory spectrum and the MFCCs (float32).
  moments = scratch;
  rollOffHz = moments + 8 * 4;
  aud = rollOffHz + 8 * rollOffCount;
  mfccOut = aud + ((<usize>bandCount) << 2);
  for (let m = 0; m < bandCount; m++) st(logLoudness, m, logf(ld(loudness, m)));
}

/**
 * The LLDs of `count` consecutive frames, the first of which is frame `firstFrame` of the signal
 * (RASTA's warm-up and the flux's first frame count from frame 0, so blocks come in order, from a
 * zeroed RASTA state). The frames' samples start at `signal` (frame i at hop·i). Writes LLD j of frame
 * i to out[j·stride + i] in energySpectralLlds.ts's order, skipping row 3 (pcm_zcr).
 */
export function frames(signal: usize, firstFrame: i32, count: i32, out: usize, stride: i32): void {
  const firstBin = 1;
  const lastBin = binCount - 1;
  const rfiltRow = 4;
  const fbandRow = rfiltRow + bandCount;
  const rollOffRow = fbandRow + fbandCount;
  const fluxRow = rollOffRow + rollOffCount;
  const mfccRow = fluxRow + 9;
  for (let i = 0; i < count; i++) {
    const t = firstFrame + i;
    const frame = signal + ((<usize>(i * hop)) << 2);
    const o = out + ((<usize>i) << 2);

    st(o, 2 * stride, <f32>rmsEnergy(frame, frameLength));
    magnitude(fftSize, fftA, fftW, fftSwaps, fftSwapCount, frame, window, frameLength, magnitudes);
    for (let k = 0; k < binCount; k++) {
      const m = ld(magnitudes, k);
      st(power, k, m * m);
    }

    melBandPowers(power, melFirstBin, melLastBin, melLowerBand, melLowerWeight, bandCount, bandPower);
    st(o, 0, auditorySpectrumMean(bandPower, loudness, bandCount));
    st(o, stride, rastaAuditorySpectrum(bandPower, logLoudness, rasta, rastaState, bandCount, t >= rastaWarmupFrames, aud));
    for (let m = 0; m < bandCount; m++) st(o, (rfiltRow + m) * stride, ld(aud, m));

    for (let b = 0; b < fbandCount; b++) {
      const band = fbands + 32 * b;
      st(o, (fbandRow + b) * stride, <f32>bandEnergy(power, <i32>ldd(band, 0), <i32>ldd(band, 1), ldd(band, 2), ldd(band, 3), lastBin - firstBin + 1));
    }
    spectralRollOffs(power, firstBin, lastBin, binHz, rollOffFractions, rollOffCount, rollOffHz);
    for (let r = 0; r < rollOffCount; r++) st(o, (rollOffRow + r) * stride, <f32>ldd(rollOffHz, r));
    st(o, fluxRow * stride, t == 0 ? 0 : <f32>spectralFlux(magnitudes, previousMagnitudes, firstBin, lastBin));
    spectralMoments(power, firstBin, lastBin, binHz, moments);
    st(o, (fluxRow + 1) * stride, <f32>ldd(moments, 0));
    st(o, (fluxRow + 2) * stride, <f32>spectralEntropy(power, firstBin, lastBin));
    st(o, (fluxRow + 3) * stride, <f32>ldd(moments, 1));
    st(o, (fluxRow + 4) * stride, <f32>ldd(moments, 2));
    st(o, (fluxRow + 5) * stride, <f32>ldd(moments, 3));
    st(o, (fluxRow + 6) * stride, <f32>spectralSlope(power, firstBin, lastBin, binHz, ldd(slopeConstants, 0), ldd(slopeConstants, 1), ldd(slopeConstants, 2)));
    st(o, (fluxRow + 7) * stride, psySharpness(power, firstBin, lastBin, sharpnessWeights));
    st(o, (fluxRow + 8) * stride, <f32>spectralHarmonicity(power, firstBin, lastBin, extrema));
    mfccs(bandPower, bandCount, mfccCos, mfccLifter, mfccCount, mfccLogBands, mfccOut);
    for (let c = 0; c < mfccCount; c++) st(o, (mfccRow + c) * stride, ld(mfccOut, c));

    memory.copy(previousMagnitudes, magnitudes, (<usize>binCount) << 2);
  }
}

/** pcm_zcr's running crossing count, carried from one block to the next: exact, and as the JavaScript this replaced had it. */
let zcrCount: i32 = 0;
let zcrCrossings: f64 = 0;
/** Whether zcrCrossings is zcrCount: frame 0's count survives being a rate times the length. */
let zcrExact: bool = true;

/**
 * pcm_zcr (notes §3.2 item 10) of `count` consecutive frames of `length` samples: the crossings
 * counted at samples 1..length−2 of the frame, divided by the length, so digital silence gives
 * (L−2)/L (our own: meyda's zcr uses another crossing rule and does not divide by L). The first
 * frame is frame `firstFrame` (blocks come in order); frame i starts at signal + hop·i and goes to
 * out[i]. A running count: per frame the hop samples it adds, and after it the hop it drops, so each
 * frame costs 2·hop samples instead of `length`, and a block needs only its own frames' samples. The
 * JavaScript this replaced kept the count in double, starting from frame 0's count as a rate times
 * the length: that is the count again for all but 24 counts (31, 62, 123, …), and then every step
 * is exact integer arithmetic, so an integer count gives its bits; otherwise the count runs in
 * double, one crossing at a time, as it did.
 */
export function zeroCrossingRates(signal: usize, firstFrame: i32, count: i32, length: i32, hop: i32, out: usize): void {
  for (let i = 0; i < count; i++) {
    const frame = signal + ((<usize>(i * hop)) << 2);
    if (firstFrame + i == 0) {
      zcrCount = crossingsIn(frame, 1, length - 1);
      zcrCrossings = (<f64>zcrCount / <f64>length) * <f64>length;
      zcrExact = zcrCrossings == <f64>zcrCount;
    } else if (zcrExact) {
      zcrCount += crossingsIn(frame, length - 1 - hop, length - 1);
    } else {
      for (let k = length - 1 - hop; k < length - 1; k++) zcrCrossings += <f64>crossesAt(frame, k);
    }
    st(out, i, <f32>((zcrExact ? <f64>zcrCount : zcrCrossings) / <f64>length));
    if (zcrExact) zcrCount -= crossingsIn(frame, 1, hop + 1);
    else for (let k = 1; k < hop + 1; k++) zcrCrossings -= <f64>crossesAt(frame, k);
  }
}

/** The crossings at samples from..to−1 of a frame. */
function crossingsIn(frame: usize, from: i32, to: i32): i32 {
  let crossings: i32 = 0;
  for (let k = from; k < to; k++) crossings += crossesAt(frame, k);
  return crossings;
}

/**
 * 1 where openSMILE's cMZcr counts a zero crossing at sample k: x[k−1]·x[k] < 0, or x[k] = 0 and
 * x[k−1]·x[k+1] ≤ 0, the products in double (exact for floats).
 */
function crossesAt(frame: usize, k: i32): i32 {
  // Bitwise, not logical, operators: no branch to mispredict on noise.
  const previous = <f64>ld(frame, k - 1);
  const x = <f64>ld(frame, k);
  return (<i32>(previous * x < 0)) | ((<i32>(x == 0)) & (<i32>(previous * <f64>ld(frame, k + 1) <= 0)));
}

/**
 * pcm_RMSenergy (notes §3.2 item 9): sqrt(mean(x²)) over the raw, unwindowed frame. openSMILE squares
 * each float sample in float and sums the squares in double; squaring in double is the same
 * definition but moves the LPC functionals of this contour by more than 1e-3.
 */
export function rmsEnergy(frame: usize, length: i32): f64 {
  let sum: f64 = 0;
  for (let i = 0; i < length; i++) {
    const x = ld(frame, i);
    sum += <f64>(x * x);
  }
  return Math.sqrt(sum / <f64>length);
}

/** cMelspec's band powers (melFilterbank.ts), summed in float32. */
export function melBandPowers(power: usize, firstBin: i32, lastBin: i32, lowerBand: usize, lowerWeight: usize, bands: i32, out: usize): void {
  memory.fill(out, 0, (<usize>bands) << 2);
  for (let k = firstBin; k <= lastBin; k++) {
    const m = ldi(lowerBand, k);
    const p = ld(power, k);
    const a = p * ld(lowerWeight, k);
    if (m >= 0) st(out, m, ld(out, m) + a);
    if (m < bands - 1) st(out, m + 1, ld(out, m + 1) + (p - a));
  }
}

/**
 * audspec_lengthL1norm (auditorySpectrum.ts): the float mean over bands of
 * (max(p, floor)·E)^0.33, pow in double rounded to float.
 */
export function auditorySpectrumMean(bandPower: usize, loudness: usize, bands: i32): f32 {
  let sum: f32 = 0;
  for (let m = 0; m < bands; m++) {
    const p = ld(bandPower, m);
    sum += <f32>v8Pow(<f64>((p < AUDITORY_FLOOR ? AUDITORY_FLOOR : p) * ld(loudness, m)), <f64>COMPRESSION);
  }
  return sum / <f32>bands;
}

/**
 * audSpec_Rfilt (auditorySpectrum.ts): logf of the floored band powers, RASTA-filtered (output 0
 * until `active`, the feedback only from then on), plus ln E, times 0.33, expf, per band into `out`.
 * Returns audspecRasta_lengthL1norm, their float mean.
 * @param rasta float32 b0..b4 and the pole; @param state 4 float32 delay elements per band
 */
export function rastaAuditorySpectrum(bandPower: usize, logLoudness: usize, rasta: usize, state: usize, bands: i32, active: bool, out: usize): f32 {
  const b0 = ld(rasta, 0);
  const b1 = ld(rasta, 1);
  const b2 = ld(rasta, 2);
  const b3 = ld(rasta, 3);
  const b4 = ld(rasta, 4);
  const feedback: f32 = active ? ld(rasta, 5) : 0;
  let sum: f32 = 0;
  for (let m = 0; m < bands; m++) {
    const p = ld(bandPower, m);
    const x = logf(p < AUDITORY_FLOOR ? AUDITORY_FLOOR : p);
    const s = m * 4;
    const y = b0 * x + ld(state, s);
    st(state, s, b1 * x + ld(state, s + 1) + feedback * y);
    st(state, s + 1, b2 * x + ld(state, s + 2));
    st(state, s + 2, b3 * x + ld(state, s + 3));
    st(state, s + 3, b4 * x);
    const filtered: f32 = active ? y : 0;
    const v = expf((filtered + ld(logLoudness, m)) * COMPRESSION);
    st(out, m, v);
    sum += v;
  }
  return sum / <f32>bands;
}

/** ΣP over firstBin..lastBin, in double, in bin order (every descriptor sums it the same way). */
function totalPower(power: usize, firstBin: i32, lastBin: i32): f64 {
  let sum: f64 = 0;
  for (let k = firstBin; k <= lastBin; k++) sum += <f64>ld(power, k);
  return sum;
}

/** Σ f_k·P_k over firstBin..lastBin, f_k = k·hz, in double, in bin order. */
function frequencyWeightedPower(power: usize, firstBin: i32, lastBin: i32, hz: f64): f64 {
  let sum: f64 = 0;
  for (let k = firstBin; k <= lastBin; k++) sum += <f64>k * hz * <f64>ld(power, k);
  return sum;
}

/** pcm_fftMag_fband (bandEnergies.ts, notes §3.3 item 12): edge bins weighted, summed in double, over the range's bin count. */
export function bandEnergy(power: usize, first: i32, last: i32, firstWeight: f64, lastWeight: f64, normBinCount: i32): f64 {
  let sum = <f64>ld(power, first) * firstWeight;
  for (let k = first + 1; k < last; k++) sum += <f64>ld(power, k);
  sum += <f64>ld(power, last) * lastWeight;
  return sum / <f64>normBinCount;
}

/**
 * Spectral roll-off points (notes §3.3 item 13): for each fraction p (ascending), the frequency of the
 * first bin (from firstBin on) where the cumulative power reaches p·(total power over
 * firstBin..lastBin), into `outHz` (float64). Our own: meyda's spectralRolloff works on magnitudes,
 * with a fixed 99% and from the top down.
 */
export function spectralRollOffs(power: usize, firstBin: i32, lastBin: i32, hz: f64, fractions: usize, fractionCount: i32, outHz: usize): void {
  const total = totalPower(power, firstBin, lastBin);
  let cumulative: f64 = 0;
  let next = 0;
  for (let k = firstBin; k <= lastBin && next < fractionCount; k++) {
    cumulative += <f64>ld(power, k);
    while (next < fractionCount && cumulative >= ldd(fractions, next) * total) stdAt(outHz, next++, <f64>k * hz);
  }
  // Only reachable with NaN input: openSMILE leaves a point it never reached at 0.
  while (next < fractionCount) stdAt(outHz, next++, 0);
}

/**
 * pcm_fftMag_spectralFlux (notes §3.3 item 14): sqrt(mean_k (|X_k| − |X_k,prev|)²) over
 * firstBin..lastBin, on un-normalised magnitudes, the differences in double. The first frame has no
 * predecessor and gets 0 (the caller's job). Our own: meyda's spectralFlux is half-wave rectified and
 * not a mean.
 */
export function spectralFlux(magnitude: usize, previous: usize, firstBin: i32, lastBin: i32): f64 {
  let sum: f64 = 0;
  for (let k = firstBin; k <= lastBin; k++) {
    const d = <f64>ld(magnitude, k) - <f64>ld(previous, k);
    sum += d * d;
  }
  return Math.sqrt(sum / <f64>(lastBin - firstBin + 1));
}

/**
 * Spectral centroid, variance, skewness and kurtosis (notes §3.3 items 15, 17): moments of
 * f_k = k·binHz weighted by the power P_k over firstBin..lastBin, about the centroid.
 * Skewness = Σ(f−c)³P/(ΣP·σ³), kurtosis = Σ(f−c)⁴P/(ΣP·σ⁴) (not excess); 0 when σ² = 0.
 * Writes [centroid Hz, variance Hz², skewness, kurtosis] into `out` (float64). Our own: meyda's
 * moments use bin indices instead of Hz and the magnitude instead of the power.
 */
export function spectralMoments(power: usize, firstBin: i32, lastBin: i32, hz: f64, out: usize): void {
  const sumP = totalPower(power, firstBin, lastBin);
  const sumFP = frequencyWeightedPower(power, firstBin, lastBin, hz);
  // openSMILE keeps the centroid in float32 and takes the moments about that value.
  const centroid: f64 = sumP != 0 ? <f64>(<f32>(sumFP / sumP)) : 0;
  let m2: f64 = 0;
  let m3: f64 = 0;
  let m4: f64 = 0;
  for (let k = firstBin; k <= lastBin; k++) {
    const d = <f64>k * hz - centroid;
    const a = d * d * <f64>ld(power, k);
    m2 += a;
    m3 += a * d;
    m4 += a * d * d;
  }
  const variance: f64 = sumP != 0 ? m2 / sumP : 0;
  store<f64>(out, centroid);
  store<f64>(out, variance, 8);
  store<f64>(out, variance > 0 ? m3 / (sumP * variance * Math.sqrt(variance)) : 0, 16);
  store<f64>(out, variance != 0 ? m4 / (sumP * variance * variance) : 0, 24);
}

/**
 * pcm_fftMag_spectralEntropy (notes §3.3 item 16): Shannon entropy in bits of the power spectrum over
 * firstBin..lastBin taken as a distribution, as openSMILE's smileStat_entropy computes it: each power
 * (not each probability) is floored at 1e-7 before dividing by the (unfloored) sum, and the sum
 * itself is floored at float32(1e-7). The log is V8's Math.log, as the JavaScript had it.
 */
export function spectralEntropy(power: usize, firstBin: i32, lastBin: i32): f64 {
  let total = totalPower(power, firstBin, lastBin);
  const totalFloor = <f64>(<f32>ENTROPY_FLOOR);
  if (total < totalFloor) total = totalFloor;
  let sum: f64 = 0;
  let flooredBins = 0;
  for (let k = firstBin; k <= lastBin; k++) {
    const q = <f64>ld(power, k);
    if (q <= ENTROPY_FLOOR) {
      flooredBins++;
    } else {
      const p = q / total;
      sum += p * v8Log(p);
    }
  }
  // Floored bins all contribute the same term: one log for all of them (quiet spectra have many).
  if (flooredBins > 0) {
    const p = ENTROPY_FLOOR / total;
    sum += <f64>flooredBins * p * v8Log(p);
  }
  return -sum / Math.LN2;
}

/** pcm_fftMag_spectralSlope (spectralSlope.ts, notes §3.3 item 18), from the constants Σf, N·Σf² − (Σf)² and the scale. */
export function spectralSlope(power: usize, firstBin: i32, lastBin: i32, hz: f64, sumF: f64, denominator: f64, scale: f64): f64 {
  const sumP = totalPower(power, firstBin, lastBin);
  const sumFP = frequencyWeightedPower(power, firstBin, lastBin, hz);
  return ((<f64>(lastBin - firstBin + 1) * sumFP - sumF * sumP) / denominator) * scale;
}

/** pcm_fftMag_psySharpness (psySharpness.ts, notes §3.3 item 19): weights[k − firstBin] is z·g(z) of bin k, a double. */
export function psySharpness(power: usize, firstBin: i32, lastBin: i32, weights: usize): f32 {
  const sumP = totalPower(power, firstBin, lastBin);
  let sumWP: f32 = 0;
  for (let k = firstBin; k <= lastBin; k++) sumWP += <f32>(ldd(weights, k - firstBin) * <f64>ld(power, k));
  return sumP != 0 ? <f32>(SHARPNESS_SCALE * <f64>(<f32>(<f64>sumWP / sumP))) : 0;
}

/**
 * pcm_fftMag_spectralHarmonicity (notes §3.3 item 20): bins firstBin+2..lastBin−2 that are strict
 * local maxima or minima of the power against 2 bins on each side are the extrema; the absolute
 * differences between consecutive extrema are summed in float32, halved (each peak counted once) and
 * divided by the number of bins of the range. `extrema` is scratch for up to lastBin floats: the
 * first pass stores every bin's value and advances by the extremum test's 0/1.
 */
export function spectralHarmonicity(power: usize, firstBin: i32, lastBin: i32, extrema: usize): f64 {
  let count = 0;
  for (let j = firstBin + 2; j <= lastBin - 2; j++) {
    const p = ld(power, j);
    const a = ld(power, j - 2);
    const b = ld(power, j - 1);
    const c = ld(power, j + 1);
    const d = ld(power, j + 2);
    st(extrema, count, p);
    // Bitwise, not logical, operators: no branch to mispredict on noise.
    count += ((<i32>(a < p)) & (<i32>(b < p)) & (<i32>(p > c)) & (<i32>(p > d))) | ((<i32>(a > p)) & (<i32>(b > p)) & (<i32>(p < c)) & (<i32>(p < d)));
  }
  let sum: f32 = 0;
  for (let i = 1; i < count; i++) sum += abs<f32>(ld(extrema, i) - ld(extrema, i - 1));
  return <f64>(sum / 2) / <f64>(lastBin - firstBin + 1);
}

/**
 * mfcc (mfcc.ts): logf of the band powers ×32767² floored at 1, the float32 DCT, the lifter; the
 * coefficients into `out` (float32).
 * @param logBands scratch for `bands` floats
 */
export function mfccs(bandPower: usize, bands: i32, cosTable: usize, lifter: usize, count: i32, logBands: usize, out: usize): void {
  const scale = <f32>(32767.0 * 32767.0);
  for (let m = 0; m < bands; m++) {
    const e = ld(bandPower, m) * scale;
    st(logBands, m, logf(e < 1 ? 1 : e));
  }
  for (let c = 0; c < count; c++) {
    let acc: f32 = 0;
    const row = c * bands;
    for (let m = 0; m < bands; m++) acc += ld(logBands, m) * ld(cosTable, row + m);
    st(out, c, acc * ld(lifter, c));
  }
}
