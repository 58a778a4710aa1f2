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
  jitterStart(
    N: number,
    sampleRateHz: number,
    searchRangeRel: number,
    minPeriods: number,
    minCorrelation: number,
    floorDb: number,
    lenF: number,
    ppLen: number,
    scratch: number,
  ): void;
  frameWindow(f0Hz: number): number;
  readIndex(): number;
  windowOffset(): number;
  frameValues(out: number): void;
}

/** Bytes of the module's memory before its scratch: the four values of a frame. */
const VALUES_BYTES = 16;

/** One instance per thread: jitterStart resets its state, and its memory is zeroed for each signal. */
let instance: { exports: PitchJitterExports; memory: WebAssembly.Memory } | undefined;

/**
 * The frame loop runs as WebAssembly (assembly/pitchJitter.ts), with JavaScript's Math.log10
 * imported, one call per frame: the module keeps the streaming state and its scratch (grown with
 * its memory when a read or a period needs it), says which samples the frame reads, which are
 * copied in, and leaves the frame's four values at the start of its memory. The period search's
 * correlations, for every candidate lag at once, come from prefix sums of x and x² of the read and
 * four partial sums of the products (two pairs of f64x2 lanes, each lane multiplying and adding as
 * scalar code would); a period's amplitude is its peak-to-peak value with the first and last sample
 * skipped, as openSMILE does.
 * @param f0Hz F0 per frame in Hz, 0 for unvoiced (F0final after the energy gate).
 */
export function computePitchJitter(signal: Float32Array, f0Hz: Float32Array, options: PitchJitterOptions): PitchJitterContours {
  const nFrames = f0Hz.length;
  const out: PitchJitterContours = {
    jitterLocal: new Float32Array(nFrames),
    jitterDDP: new Float32Array(nFrames),
    shimmerLocal: new Float32Array(nFrames),
    logHNR: new Float32Array(nFrames),
  };
  const lenF = options.frameLengthSamples;
  // A reused instance's memory is zeroed, as a new one's is (the module grows it where a frame needs more).
  if (instance === undefined) instance = instantiateWasm<PitchJitterExports>(wasmBase64, VALUES_BYTES + 16 * 8 * lenF, { javascriptMath: { log10: Math.log10 } });
  else new Uint8Array(instance.memory.buffer).fill(0);
  const { exports, memory } = instance;
  exports.jitterStart(
    signal.length,
    options.sampleRateHz,
    options.searchRangeRel ?? 0.25,
    Math.max(2, options.minPeriods ?? 2),
    f32(options.minCorrelation ?? 0.5),
    f32(options.logHnrFloorDb ?? -100),
    lenF,
    options.hopSamples,
    VALUES_BYTES,
  );
  let values = new Float32Array(memory.buffer, 0, 4);
  for (let frame = 0; frame < nFrames; frame++) {
    const samples = exports.frameWindow(f0Hz[frame]);
    // The module grew its memory if the frame needed more scratch: the old views are detached then.
    if (values.buffer !== memory.buffer) values = new Float32Array(memory.buffer, 0, 4);
    if (samples > 0) {
      const from = exports.readIndex();
      new Float32Array(memory.buffer, exports.windowOffset(), samples).set(signal.subarray(from, from + samples));
    }
    exports.frameValues(0);
    out.jitterLocal[frame] = values[0];
    out.jitterDDP[frame] = values[1];
    out.shimmerLocal[frame] = values[2];
    out.logHNR[frame] = values[3];
  }
  return out;
}
