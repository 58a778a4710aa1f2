/**
 * The frame loop of the energy and spectral LLDs as WebAssembly (assembly/energySpectralFrames.ts):
 * this class lays out an instance's memory, writes the tables the JavaScript computes (FFT, mel
 * filterbank, equal loudness, RASTA, band edges, slope, sharpness and DCT), then feeds the module
 * blocks of frames and copies each block's LLD rows out. The module computes the same float32 and
 * double operations as openSMILE's C++, so these are openSMILE's values bit for bit, at full speed
 * from the first frame (as JavaScript, the loop cost V8's optimising compiler a share of a short
 * file's run, and float32 rounding costs a conversion per operation).
 */
import wasmBase64 from '../../assembly/energySpectralFrames.wasm.js';
import type { SpectralBand } from './bandEnergies.js';
import type { MelFilterbank } from './melFilterbank.js';
import { oouraTables } from './oouraRealFft32.js';
import { instantiateWasm } from './wasmInstance.js';

/** Everything the frame loop reads besides the signal. */
export interface EnergySpectralTables {
  readonly fftSize: number;
  readonly frameLengthSamples: number;
  readonly hopSamples: number;
  /** pcm_zcr's frame (60 ms, on the same hop). */
  readonly zcrFrameLengthSamples: number;
  /** frameLengthSamples float32 weights. */
  readonly window: Float32Array;
  readonly binHz: number;
  readonly mel: MelFilterbank;
  /** Equal-loudness weight per mel band. */
  readonly loudness: Float32Array;
  /** RASTA's b0..b4 and pole (float32), and the frames its output stays 0. */
  readonly rasta: { readonly coefficients: Float32Array; readonly pole: number; readonly warmupFrames: number };
  readonly fbands: readonly SpectralBand[];
  readonly rollOffFractions: readonly number[];
  readonly slope: { readonly sumF: number; readonly denominator: number; readonly scale: number };
  /** z·g(z) per bin of 1..binCount−1 (psySharpness). */
  readonly sharpnessWeights: Float64Array;
  /** The DCT's cosines (coefficient-major, mel bands within) and lifter factors (mfcc). */
  readonly mfcc: { readonly cosTable: Float32Array; readonly lifter: Float32Array };
}

interface FramesExports {
  layout(...args: number[]): void;
  frames(signal: number, firstFrame: number, count: number, out: number, stride: number): void;
  zeroCrossingRates(signal: number, firstFrame: number, count: number, length: number, hop: number, out: number): void;
}

/** pcm_zcr's row, the one whose frames are 60 ms. */
const ZCR_ROW = 3;

/** Frames per call: the samples (1.6 s) and LLD rows of a block stay in the processor's cache. */
const BLOCK_FRAMES = 160;

/** Samples that `count` frames from a block's start read: to the end of the last 20 ms or 60 ms (pcm_zcr) frame. */
const blockSamples = (t: EnergySpectralTables, count: number): number => (count - 1) * t.hopSamples + Math.max(t.frameLengthSamples, t.zcrFrameLengthSamples);

/**
 * What the module imports (AssemblyScript names an undecorated import's module after its file):
 * Math.pow for the arguments assembly/lib/v8Pow.ts leaves to it.
 */
export const MATH_IMPORTS = { v8Pow: { pow: Math.pow } };

export class EnergySpectralFrames {
  /** LLD rows per frame: the 4 energy and the 55 spectral LLDs. */
  readonly rowCount: number;
  private readonly exports: FramesExports;
  private readonly signalBlock: Float32Array;
  private readonly rows: Float32Array;
  private readonly rastaState: Float32Array;
  private readonly previousMagnitudes: Float32Array;
  /** Byte addresses of the signal block and of the LLD rows in the instance's memory. */
  private readonly signalAt: number;
  private readonly rowsAt: number;

  constructor(private readonly tables: EnergySpectralTables) {
    const { fftSize, frameLengthSamples, window, mel, loudness, rasta, fbands, rollOffFractions, slope, sharpnessWeights, mfcc } = tables;
    const binCount = fftSize / 2 + 1;
    const bandCount = mel.bandCount;
    const mfccCount = mfcc.lifter.length;
    this.rowCount = 4 + bandCount + fbands.length + rollOffFractions.length + 9 + mfccCount;
    const { w, swaps } = oouraTables(fftSize);
    const signalCapacity = blockSamples(tables, BLOCK_FRAMES);

    let end = 0;
    /** The next `bytes` bytes, 8-aligned. */
    const take = (bytes: number): number => {
      const at = end;
      end += Math.ceil(bytes / 8) * 8;
      return at;
    };
    const fftA = take(4 * fftSize);
    const fftW = take(4 * w.length);
    const fftSwaps = take(4 * swaps.length);
    const windowAt = take(4 * frameLengthSamples);
    const spectra = take(4 * 4 * binCount);
    const melAt = take(4 * 2 * binCount);
    const bandsAt = take(4 * (3 * bandCount + 6 + 4 * bandCount));
    const spectralTables = take(8 * (4 * fbands.length + rollOffFractions.length + 3 + sharpnessWeights.length));
    const mfccAt = take(4 * (mfcc.cosTable.length + mfccCount + bandCount));
    const signalAt = take(4 * signalCapacity);
    const rowsAt = take(4 * this.rowCount * BLOCK_FRAMES);
    const scratch = take(8 * (4 + rollOffFractions.length) + 4 * (bandCount + mfccCount));
    const { exports, buffer } = instantiateWasm<FramesExports>(wasmBase64, end, MATH_IMPORTS);
    this.exports = exports;

    new Float32Array(buffer, fftW, w.length).set(w);
    new Int32Array(buffer, fftSwaps, swaps.length).set(swaps);
    new Float32Array(buffer, windowAt, frameLengthSamples).set(window);
    this.previousMagnitudes = new Float32Array(buffer, spectra + 4 * binCount, binCount);
    new Int32Array(buffer, melAt, binCount).set(mel.lowerBand);
    new Float32Array(buffer, melAt + 4 * binCount, binCount).set(mel.lowerWeight);
    const bands = new Float32Array(buffer, bandsAt, 3 * bandCount + 6 + 4 * bandCount);
    bands.set(loudness, bandCount);
    bands.set(rasta.coefficients, 3 * bandCount);
    bands[3 * bandCount + 5] = rasta.pole;
    this.rastaState = bands.subarray(3 * bandCount + 6);
    const doubles = new Float64Array(buffer, spectralTables, 4 * fbands.length + rollOffFractions.length + 3 + sharpnessWeights.length);
    fbands.forEach((b, i) => doubles.set([b.firstBin, b.lastBin, b.firstWeight, b.lastWeight], 4 * i));
    doubles.set(rollOffFractions, 4 * fbands.length);
    doubles.set([slope.sumF, slope.denominator, slope.scale], 4 * fbands.length + rollOffFractions.length);
    doubles.set(sharpnessWeights, 4 * fbands.length + rollOffFractions.length + 3);
    const mfccTables = new Float32Array(buffer, mfccAt, mfcc.cosTable.length + mfccCount);
    mfccTables.set(mfcc.cosTable);
    mfccTables.set(mfcc.lifter, mfcc.cosTable.length);
    this.signalBlock = new Float32Array(buffer, signalAt, signalCapacity);
    this.rows = new Float32Array(buffer, rowsAt, this.rowCount * BLOCK_FRAMES);
    exports.layout(
      fftSize,
      fftA,
      fftW,
      fftSwaps,
      swaps.length,
      frameLengthSamples,
      tables.hopSamples,
      windowAt,
      tables.binHz,
      spectra,
      mel.firstBin,
      mel.lastBin,
      melAt,
      bandCount,
      bandsAt,
      rasta.warmupFrames,
      fbands.length,
      rollOffFractions.length,
      spectralTables,
      mfccCount,
      mfccAt,
      scratch,
    );
    this.signalAt = signalAt;
    this.rowsAt = rowsAt;
  }

  /**
   * The LLDs of frames 0..frameCount−1 of `signal` (frame t at hopSamples·t) into contours[j][t];
   * pcm_zcr (row 3) of its contours[3].length 60 ms frames.
   */
  compute(signal: Float32Array, frameCount: number, contours: Float32Array[]): void {
    const { hopSamples, zcrFrameLengthSamples } = this.tables;
    const zcr = contours[ZCR_ROW];
    this.rastaState.fill(0);
    this.previousMagnitudes.fill(0);
    for (let first = 0; first < frameCount; first += BLOCK_FRAMES) {
      const count = Math.min(BLOCK_FRAMES, frameCount - first);
      const zcrCount = Math.max(0, Math.min(count, zcr.length - first));
      const start = first * hopSamples;
      // The signal's end clips the longer zcr frames' tail: those frames past it are not computed.
      this.signalBlock.set(signal.subarray(start, start + blockSamples(this.tables, count)));
      this.exports.frames(this.signalAt, first, count, this.rowsAt, BLOCK_FRAMES);
      this.exports.zeroCrossingRates(this.signalAt, first, zcrCount, zcrFrameLengthSamples, hopSamples, this.rowsAt + 4 * ZCR_ROW * BLOCK_FRAMES);
      for (let j = 0; j < this.rowCount; j++) {
        const frames = j === ZCR_ROW ? zcrCount : count;
        // A last block may hold 20 ms frames only: set() refuses even no values past the contour's end.
        if (frames > 0) contours[j].set(this.rows.subarray(j * BLOCK_FRAMES, j * BLOCK_FRAMES + frames), first);
      }
    }
  }
}
