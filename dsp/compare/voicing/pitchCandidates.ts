import wasmBase64 from '../../../assembly/pitchCandidates.wasm.js';
import { instantiateWasm } from '../wasmInstance.js';
import { OctaveScaleSpectrum } from './octaveScaleSpectrum.js';
import { shsHarmonics, type PitchCandidates, type ShsOptions } from './shsPitch.js';

/**
 * One G60 frame's SHS pitch candidates from its linear magnitude spectrum: openSMILE's cSpecScale
 * (peak enhancement, [1 2 1]/4 smoothing, octave-scale spline and auditory weighting;
 * octaveScaleSpectrum.ts) and cPitchShs (shsPitch.ts). The three steps run as WebAssembly
 * (assembly/pitchCandidates.ts) on one instance's memory, which this class lays out: the spectrum,
 * the octave-scale spectrum and the candidates stay there from step to step, and only the magnitudes
 * are copied in. Every operation is the float64 or float32 one the JavaScript it replaced did, in
 * the same order, and exp is JavaScript's Math.exp, so the candidates are the same bits. find() runs
 * the three steps in one call of one argument, the offsets and settings it reads from the memory
 * (until V8 has optimised the frame loop, every argument of a call into WebAssembly is dear);
 * shape(), octaveScale() and detect() run one step each.
 */

export interface PitchCandidateOptions {
  /** Number of magnitude bins of the input spectrum (fftSize/2+1). */
  binCount: number;
  /** Bin spacing of the input spectrum in Hz. */
  binSpacingHz: number;
  /** Lowest frequency of the octave axis in Hz (cSpecScale `minF`, 25). */
  octaveMinFrequencyHz?: number;
  shs?: ShsOptions;
}

interface PitchCandidateExports {
  shapeSpectrum(a: number, n: number, maxima: number): void;
  octaveScale(
    magnitude: number,
    n: number,
    upper: number,
    lower: number,
    carry: number,
    y2Factor: number,
    u: number,
    y2: number,
    m: number,
    lowerKnot: number,
    weightA: number,
    weightC: number,
    weightD: number,
    auditoryWeight: number,
    out: number,
  ): void;
  shsCandidates(
    spectrum: number,
    n: number,
    shifts: number,
    weights: number,
    harmonics: number,
    ss: number,
    nCand: number,
    peakIndex: number,
    f0Hz: number,
    voicing: number,
    score: number,
    step: number,
    minLog2: number,
    minPitchHz: number,
    maxPitchHz: number,
  ): number;
  findCandidates(layout: number): number;
}

export class PitchCandidateFinder {
  readonly octave: OctaveScaleSpectrum;
  /** The linear spectrum in the module's memory (binCount values): find() copies the magnitudes here; shape() works on it in place. */
  readonly spectrum: Float64Array;
  /** The octave-scale spectrum (octave.pointCount values), written by octaveScale(), read by detect(). */
  readonly octaveSpectrum: Float32Array;
  /** Written by detect() (views of the module's memory). */
  readonly candidates: PitchCandidates;
  private readonly exports: PitchCandidateExports;
  /** The magnitudes as find() copies them in (float32; the module widens them into `spectrum`). */
  private readonly magnitude32: Float32Array;
  private readonly harmonicCount: number;
  private readonly minPitchHz: number;
  private readonly maxPitchHz: number;
  /** Byte offsets in the module's memory. */
  private readonly at: Record<'upper' | 'lower' | 'carry' | 'y2Factor' | 'u' | 'y2' | 'weightA' | 'weightC' | 'weightD' | 'auditoryWeight' | 'layout', number> &
    Record<'maxima' | 'magnitude32' | 'lowerKnot' | 'octave' | 'ss' | 'shifts' | 'weights' | 'peakIndex' | 'f0Hz' | 'voicing' | 'score', number>;

  constructor(options: PitchCandidateOptions) {
    const octave = new OctaveScaleSpectrum({ binCount: options.binCount, binSpacingHz: options.binSpacingHz, minFrequencyHz: options.octaveMinFrequencyHz });
    this.octave = octave;
    const shs = options.shs ?? {};
    this.harmonicCount = shs.harmonicCount ?? 15;
    this.minPitchHz = shs.minPitchHz ?? 52;
    this.maxPitchHz = shs.maxPitchHz ?? 620;
    const nCand = shs.candidateCount ?? 6;
    const { shifts, weights } = shsHarmonics(this.harmonicCount, shs.compressionFactor ?? 0.85, octave.pointsPerOctave);

    const n = octave.binCount;
    const m = octave.pointCount;
    // The doubles first (the spectrum at 0), then the 4-byte values.
    let end = 8 * n;
    const take = (bytes: number): number => {
      const at = end;
      end += bytes;
      return at;
    };
    this.at = {
      upper: take(8 * n),
      lower: take(8 * n),
      carry: take(8 * n),
      y2Factor: take(8 * n),
      u: take(8 * n),
      y2: take(8 * n),
      weightA: take(8 * m),
      weightC: take(8 * m),
      weightD: take(8 * m),
      auditoryWeight: take(8 * m),
      // findCandidates' arguments: 4 doubles, then 26 int32s.
      layout: take(8 * 4 + 4 * 26),
      maxima: take(4 * n),
      magnitude32: take(4 * n),
      lowerKnot: take(4 * m),
      octave: take(4 * m),
      ss: take(4 * m),
      shifts: take(4 * shifts.length),
      weights: take(4 * weights.length),
      peakIndex: take(4 * nCand),
      f0Hz: take(4 * nCand),
      voicing: take(4 * nCand),
      score: take(4 * nCand),
    };
    const { exports, buffer } = instantiateWasm<PitchCandidateExports>(wasmBase64, end, { javascriptMath: { exp: Math.exp } });
    this.exports = exports;
    const at = this.at;
    for (const name of ['upper', 'lower', 'carry', 'y2Factor', 'weightA', 'weightC', 'weightD', 'auditoryWeight'] as const) {
      new Float64Array(buffer, at[name], octave[name].length).set(octave[name]);
    }
    new Int32Array(buffer, at.lowerKnot, m).set(octave.lowerKnot);
    new Int32Array(buffer, at.shifts, shifts.length).set(shifts);
    new Float32Array(buffer, at.weights, weights.length).set(weights);
    this.spectrum = new Float64Array(buffer, 0, n);
    this.magnitude32 = new Float32Array(buffer, at.magnitude32, n);
    this.octaveSpectrum = new Float32Array(buffer, at.octave, m);
    this.candidates = {
      f0Hz: new Float32Array(buffer, at.f0Hz, nCand),
      voicing: new Float32Array(buffer, at.voicing, nCand),
      score: new Float32Array(buffer, at.score, nCand),
      count: 0,
    };
    new Float64Array(buffer, at.layout, 4).set([octave.log2Step, octave.minLog2Frequency, this.minPitchHz, this.maxPitchHz]);
    // findCandidates reads its int32 arguments in this order: the frame's buffers, the spline's tables, the octave
    // axis's knots and weights (octaveScale's order), then shsCandidates' arguments.
    const spline = (['upper', 'lower', 'carry', 'y2Factor', 'u', 'y2'] as const).map((name) => at[name]);
    const knotsAndWeights = (['lowerKnot', 'weightA', 'weightC', 'weightD', 'auditoryWeight'] as const).map((name) => at[name]);
    const shsArguments = [at.shifts, at.weights, this.harmonicCount, at.ss, nCand, at.peakIndex, at.f0Hz, at.voicing, at.score];
    new Int32Array(buffer, at.layout + 32, 26).set([at.magnitude32, 0, n, at.maxima, m, at.octave, ...spline, ...knotsAndWeights, ...shsArguments]);
  }

  /** The candidates of the frame whose magnitude spectrum (binCount values) is `magnitude`. */
  find(magnitude: Float32Array): PitchCandidates {
    this.magnitude32.set(magnitude);
    this.candidates.count = this.exports.findCandidates(this.at.layout);
    return this.candidates;
  }

  /** Peak enhancement, then [1 2 1]/4 smoothing, of `spectrum` in place (cSpecScale `specEnhance=1`, `specSmooth=1`; see assembly/pitchCandidates.ts). */
  shape(): void {
    this.exports.shapeSpectrum(0, this.octave.binCount, this.at.maxima);
  }

  /** `spectrum` on the octave axis, auditory-weighted, into `octaveSpectrum`. */
  octaveScale(): void {
    const { at, octave } = this;
    this.exports.octaveScale(
      0,
      octave.binCount,
      at.upper,
      at.lower,
      at.carry,
      at.y2Factor,
      at.u,
      at.y2,
      octave.pointCount,
      at.lowerKnot,
      at.weightA,
      at.weightC,
      at.weightD,
      at.auditoryWeight,
      at.octave,
    );
  }

  /** The SHS candidates of `octaveSpectrum`. */
  detect(): PitchCandidates {
    const { at, octave, candidates } = this;
    candidates.count = this.exports.shsCandidates(
      at.octave,
      octave.pointCount,
      at.shifts,
      at.weights,
      this.harmonicCount,
      at.ss,
      candidates.f0Hz.length,
      at.peakIndex,
      at.f0Hz,
      at.voicing,
      at.score,
      octave.log2Step,
      octave.minLog2Frequency,
      this.minPitchHz,
      this.maxPitchHz,
    );
    return candidates;
  }
}
