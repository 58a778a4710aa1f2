import wasmBase64 from '../../../assembly/shsPitch.wasm.js';
import { instantiateWasm } from '../wasmInstance.js';
import { parabolaVertex, type Vertex } from './parabola.js';

/**
 * Subharmonic summation (SHS) pitch candidates from an octave-scale spectrum, as openSMILE's
 * cPitchShs with cPitchBase's range filter computes them (notes §3.1 steps 4–6).
 */

export interface ShsOptions {
  /** Number of octave-axis points of the input spectrum. */
  pointCount: number;
  /** Points per octave of the input axis (float32, as cSpecScale publishes it). */
  pointsPerOctave: number;
  /** log2 frequency of point 0 and the spacing of the points, in octaves. */
  minLog2Frequency: number;
  log2Step: number;
  /** Harmonics summed, including the fundamental (`nHarmonics`, default 15). */
  harmonicCount?: number;
  /** Weight ratio between successive harmonics (`compressionFactor`, default 0.85). */
  compressionFactor?: number;
  /** Candidates kept (`nCandidates`, default 6). */
  candidateCount?: number;
  /** Accepted candidate range in Hz (`minPitch` 52, `maxPitch` 620). */
  minPitchHz?: number;
  maxPitchHz?: number;
}

/** Per-frame candidates, owned by the detector and overwritten by each call. */
export interface PitchCandidates {
  /** Candidate F0 in Hz, 0 for an empty slot; slot 0 holds the highest score. */
  f0Hz: Float32Array;
  /** Voicing 1 − mean(SS)/score, or 0 when the peak is not above the mean. */
  voicing: Float32Array;
  /** Interpolated SHS peak value. */
  score: Float32Array;
  /** Number of candidates inside the range. */
  count: number;
}

const f32 = Math.fround;

interface ShsExports {
  subharmonicSum(spectrum: number, n: number, shifts: number, weights: number, harmonics: number, ss: number): void;
}

export class ShsPitchDetector {
  readonly candidates: PitchCandidates;
  private readonly n: number;
  /** The subharmonic sum runs as WebAssembly (assembly/shsPitch.ts); its memory holds, at these byte offsets, the input spectrum, the sum, the shifts and the weights. */
  private readonly exports: ShsExports;
  private readonly spectrumAt: number;
  private readonly sumAt: number;
  private readonly shiftsAt: number;
  private readonly weightsAt: number;
  private readonly input: Float32Array;
  private readonly sum: Float32Array;
  private readonly peakIndex: Int32Array;
  private readonly minLog2: number;
  private readonly step: number;
  private readonly minPitchHz: number;
  private readonly maxPitchHz: number;
  private readonly harmonicCount: number;
  private readonly vertex: Vertex = { x: 0, y: 0 };

  constructor(options: ShsOptions) {
    this.n = options.pointCount;
    this.harmonicCount = options.harmonicCount ?? 15;
    const compression = f32(options.compressionFactor ?? 0.85);
    const nCand = options.candidateCount ?? 6;
    this.minPitchHz = options.minPitchHz ?? 52;
    this.maxPitchHz = options.maxPitchHz ?? 620;
    this.minLog2 = options.minLog2Frequency;
    this.step = options.log2Step;
    // Harmonic h sits log2(h) octaves above the fundamental; its weight is compression^(h−1),
    // accumulated in float32 as openSMILE does.
    const shifts = new Int32Array(this.harmonicCount + 1);
    const weights = new Float32Array(this.harmonicCount + 1);
    let scale = compression;
    for (let h = 2; h <= this.harmonicCount; h++) {
      shifts[h] = Math.floor(options.pointsPerOctave * (Math.log(h) / Math.LN2));
      weights[h] = scale;
      scale = f32(scale * compression);
    }
    this.spectrumAt = 0;
    this.sumAt = 4 * this.n;
    this.shiftsAt = this.sumAt + 4 * this.n;
    this.weightsAt = this.shiftsAt + 4 * shifts.length;
    const { exports, buffer } = instantiateWasm<ShsExports>(wasmBase64, this.weightsAt + 4 * weights.length);
    this.exports = exports;
    new Int32Array(buffer, this.shiftsAt, shifts.length).set(shifts);
    new Float32Array(buffer, this.weightsAt, weights.length).set(weights);
    this.input = new Float32Array(buffer, this.spectrumAt, this.n);
    this.sum = new Float32Array(buffer, this.sumAt, this.n);
    this.peakIndex = new Int32Array(nCand);
    this.candidates = {
      f0Hz: new Float32Array(nCand),
      voicing: new Float32Array(nCand),
      score: new Float32Array(nCand),
      count: 0,
    };
  }

  /** Finds the candidates of one frame's octave-scale spectrum (pointCount values). */
  detect(spectrum: Float32Array): PitchCandidates {
    const { n, sum: ss, peakIndex, candidates: c, vertex } = this;
    const { f0Hz, voicing, score } = c;
    const nCand = f0Hz.length;
    // SS[j] = (X[j] + Σ_h w_h·X[j + shift_h]) / H, accumulated harmonic by harmonic and rounded to
    // float32 after each addition as openSMILE does, so peak ties resolve the same way. (The float32
    // product itself is exact in double precision; openSMILE rounds it once more, which changes the
    // sum only in rare last-bit cases.)
    this.input.set(spectrum.subarray(0, n));
    this.exports.subharmonicSum(this.spectrumAt, n, this.shiftsAt, this.weightsAt, this.harmonicCount, this.sumAt);

    // Greedy peak picking: every local maximum is inserted into a list sorted by height.
    score.fill(0);
    let found = 0;
    let mean = ss[0];
    for (let i = 1; i < n - 1; i++) {
      const v = ss[i];
      // Sorted descending: a peak not above the last of a full list cannot enter it.
      // Bitwise &: one predictable branch (peaks are few) instead of two data-dependent ones.
      if ((+(ss[i - 1] < v) & +(v > ss[i + 1])) !== 0 && (found < nCand || v > score[nCand - 1])) {
        for (let j = 0; j < nCand; j++) {
          if (score[j] === 0 || score[j] < v) {
            for (let k = nCand - 1; k > j; k--) {
              score[k] = score[k - 1];
              peakIndex[k] = peakIndex[k - 1];
            }
            peakIndex[j] = i;
            score[j] = v;
            if (found < nCand) found++;
            break;
          }
        }
      }
      mean += v;
    }
    mean = (mean + ss[n - 1]) / n;

    // Parabolic refinement on the log2 axis, then back to Hz; keep the in-range candidates in order.
    let kept = 0;
    for (let i = 0; i < found; i++) {
      const j = peakIndex[i];
      const x0 = f32(f32((j - 1) * this.step) + this.minLog2);
      const x1 = f32(f32(j * this.step) + this.minLog2);
      const x2 = f32(f32((j + 1) * this.step) + this.minLog2);
      parabolaVertex(x0, ss[j - 1], x1, ss[j], x2, ss[j + 1], vertex);
      const f = f32(Math.exp(vertex.x * Math.LN2));
      if (f > this.maxPitchHz || f < this.minPitchHz) continue;
      const sc = vertex.y;
      f0Hz[kept] = f;
      score[kept] = sc;
      voicing[kept] = sc > 0 && sc > mean ? 1 - mean / sc : 0;
      kept++;
    }
    for (let i = kept; i < nCand; i++) {
      f0Hz[i] = 0;
      voicing[i] = 0;
      score[i] = 0;
    }
    c.count = kept;

    // The best-scoring candidate (after refinement) goes to slot 0. Swapped unconditionally (a no-op
    // when it is there already): a branch taken in few frames would be a call V8 compiled without
    // feedback, and its first use would throw the optimised detect away.
    let best = 0;
    for (let i = 1; i < nCand; i++) if (score[i] > score[best]) best = i;
    swap(f0Hz, 0, best);
    swap(voicing, 0, best);
    swap(score, 0, best);
    return c;
  }
}

function swap(a: Float32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
