import wasmBase64 from '../../../assembly/pitchJitter.wasm.js';
import { instantiateWasm } from '../wasmInstance.js';

/**
 * Jitter, shimmer and harmonics-to-noise ratio by waveform matching, driven by the smoothed F0
 * contour, as openSMILE's cPitchJitter computes them in ComParE_2016 (notes §3.1 items 3–6).
 *
 * For each F0 frame the component reads the waveform from where the previous frame's last complete
 * period ended (`lastIdx`), at least one hop and at least `minPeriods` maximal periods. Starting at
 * the first sample it finds the next period length as the best normalised cross-correlation peak
 * between consecutive segments for lags T0·(1 ± searchRangeRel), refines it by a parabola, and
 * accepts the period when the refined correlation exceeds `minCorrelation`. Period history (for the
 * differences) carries over between consecutive voiced frames and is reset by an unvoiced frame.
 * The reading position is streaming state, so frames cannot be computed independently.
 *
 * Outputs per frame (openSMILE's rules): unvoiced frames give 0 jitter/shimmer and the logHNR floor;
 * a voiced frame without an accepted period repeats the previous values; one with accepted periods
 * but no period difference yet gives jitter 0. Values are clipped to ≤ 1. logHNR = 20·log10(H/N)
 * in dB, floored; a noise part of exactly 0 leaves it at 0 (openSMILE never sets it then).
 */

export interface PitchJitterOptions {
  sampleRateHz: number;
  /** F0 frame length and hop in samples (60 ms and 10 ms in ComParE). */
  frameLengthSamples: number;
  hopSamples: number;
  /** Relative period search range (`searchRangeRel`, 0.25 in ComParE). */
  searchRangeRel?: number;
  /** Minimum number of periods to read (`minNumPeriods`, default 2). */
  minPeriods?: number;
  /** Correlation a period must exceed to count (`minCC`, default 0.5). */
  minCorrelation?: number;
  /** Floor of logHNR in dB, also the value of unvoiced frames (`lgHNRfloor`, default −100). */
  logHnrFloorDb?: number;
}

export interface PitchJitterContours {
  jitterLocal: Float32Array;
  jitterDDP: Float32Array;
  shimmerLocal: Float32Array;
  logHNR: Float32Array;
}

const f32 = Math.fround;

interface PitchJitterExports {
  jitterContours(
    signal: number,
    N: number,
    f0: number,
    nFrames: number,
    sampleRateHz: number,
    searchRangeRel: number,
    minPeriods: number,
    minCorrelation: number,
    floorDb: number,
    lenF: number,
    ppLen: number,
    jitterLocal: number,
    jitterDDP: number,
    shimmerLocal: number,
    logHNR: number,
    scratch: number,
  ): void;
}

/**
 * The frame loop runs as WebAssembly (assembly/pitchJitter.ts), with JavaScript's Math.log10
 * imported: its memory holds the signal, the F0 contour and the four output contours, then the
 * scratch of one frame, which the module grows (with the memory) when a read or a period needs it.
 * For each frame the loop reads lastIdx.. as described above; the period search's correlations, for
 * every candidate lag at once, come from prefix sums of x and x² of the read and four partial sums
 * of the products (two pairs of f64x2 lanes, each lane multiplying and adding as scalar code would);
 * the accepted period's amplitude is the peak-to-peak value of the period with its first and last
 * sample skipped, as openSMILE does.
 * @param f0Hz F0 per frame in Hz, 0 for unvoiced (F0final after the energy gate).
 */
export function computePitchJitter(signal: Float32Array, f0Hz: Float32Array, options: PitchJitterOptions): PitchJitterContours {
  const nFrames = f0Hz.length;
  const N = signal.length;
  const f0At = 4 * N;
  const outAt = f0At + 4 * nFrames;
  const scratchAt = outAt + 16 * nFrames;
  // Room for the first frames' scratch too (the module grows it where it must).
  const { exports, memory } = instantiateWasm<PitchJitterExports>(wasmBase64, scratchAt + 8 * 16 * options.frameLengthSamples);
  new Float32Array(memory.buffer, 0, N).set(signal);
  new Float32Array(memory.buffer, f0At, nFrames).set(f0Hz);
  exports.jitterContours(
    0,
    N,
    f0At,
    nFrames,
    options.sampleRateHz,
    options.searchRangeRel ?? 0.25,
    Math.max(2, options.minPeriods ?? 2),
    f32(options.minCorrelation ?? 0.5),
    f32(options.logHnrFloorDb ?? -100),
    options.frameLengthSamples,
    options.hopSamples,
    outAt,
    outAt + 4 * nFrames,
    outAt + 8 * nFrames,
    outAt + 12 * nFrames,
    scratchAt,
  );
  const contour = (k: number) => new Float32Array(memory.buffer.slice(outAt + 4 * k * nFrames, outAt + 4 * (k + 1) * nFrames));
  return { jitterLocal: contour(0), jitterDDP: contour(1), shimmerLocal: contour(2), logHNR: contour(3) };
}
