/**
 * The tables of the resampling of a linear-frequency magnitude spectrum onto a log2 (octave) axis by
 * natural cubic spline interpolation, followed by the auditory weighting, as openSMILE's cSpecScale
 * does for the SHS pitch input (`scale=octave`, `interpMethod=spline`, `auditoryWeighting=1`; notes
 * §3.1).
 *
 * The spline's knots (the bins on the log axis) and the target points never change, so the
 * tridiagonal elimination factors, the interval of every target point and its interpolation weights
 * are computed once; a frame then costs one forward and one backward sweep plus one pass over the
 * target points. Those run as WebAssembly (`octaveScale` in assembly/pitchCandidates.ts, which
 * pitchCandidates.ts calls with these tables): per frame
 *   u[i] = upper[i]·(y[i+1]−y[i]) − lower[i]·(y[i]−y[i−1]) − carry[i]·u[i−1]   (u[0] = 0),
 *   y2[i] = y2Factor[i]·y2[i+1] + u[i]   (y2[n−1] = 0),
 *   out[i] = f32(a·y[k] + (1−a)·y[k+1] + c·y2[k] + d·y2[k+1]) · auditoryWeight[i], or 0 when not
 *   positive, with k = lowerKnot[i], a, c, d = weightA, weightC, weightD[i].
 */

const f32 = Math.fround;

export interface OctaveScaleOptions {
  /** Number of magnitude bins of the input spectrum (fftSize/2+1). */
  binCount: number;
  /** Bin spacing of the input spectrum in Hz. */
  binSpacingHz: number;
  /** Lowest frequency of the target axis in Hz (openSMILE `minF`, default 25). */
  minFrequencyHz?: number;
  /** Highest frequency in Hz; default (and whenever out of range) the top bin's frequency (`maxF=-1`). */
  maxFrequencyHz?: number;
  /** Number of target points; default the input bin count (`nPointsTarget=0`). */
  pointCount?: number;
}

export class OctaveScaleSpectrum {
  readonly pointCount: number;
  /** log2 of the lowest target frequency, as openSMILE stores it (float32). */
  readonly minLog2Frequency: number;
  /** Spacing of the target points in octaves, as openSMILE's SHS derives it (float32 arithmetic). */
  readonly log2Step: number;
  /** Target points per octave (float32, the value handed to the SHS stage). */
  readonly pointsPerOctave: number;
  /** Points per octave in double precision, used for the auditory weighting. */
  private readonly pointsPerOctaveExact: number;

  readonly binCount: number;
  // The tables of the per-frame sweeps (see above): binCount values each, then pointCount values each.
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  readonly carry: Float64Array;
  readonly y2Factor: Float64Array;
  readonly lowerKnot: Int32Array;
  readonly weightA: Float64Array;
  readonly weightC: Float64Array;
  readonly weightD: Float64Array;
  readonly auditoryWeight: Float64Array;

  constructor(options: OctaveScaleOptions) {
    const n = options.binCount;
    const minF = options.minFrequencyHz ?? 25;
    const topF = options.binSpacingHz * (n - 1);
    let maxF = options.maxFrequencyHz ?? -1;
    if (maxF <= minF || maxF > topF) maxF = topF;
    const m = options.pointCount ?? n;
    if (n < 3 || m < 2) throw new Error(`OctaveScaleSpectrum needs ≥ 3 bins and ≥ 2 points, got ${n}, ${m}`);
    this.binCount = n;
    this.pointCount = m;

    // Knots: bin k at log2(k·Δf); bin 0 (log2 0) is extrapolated linearly from bins 1 and 2.
    const knots = new Float64Array(n);
    for (let k = 1; k < n; k++) knots[k] = Math.log2(k * options.binSpacingHz);
    knots[0] = 2 * knots[1] - knots[2];

    // Natural spline elimination factors: they depend on the knots only.
    this.upper = new Float64Array(n);
    this.lower = new Float64Array(n);
    this.carry = new Float64Array(n);
    this.y2Factor = new Float64Array(n);
    for (let i = 1; i < n - 1; i++) {
      const span = knots[i + 1] - knots[i - 1];
      const sigma = (knots[i] - knots[i - 1]) / span;
      const p = 1 / (sigma * this.y2Factor[i - 1] + 2);
      this.upper[i] = (6 * p) / ((knots[i + 1] - knots[i]) * span);
      this.lower[i] = (6 * p) / ((knots[i] - knots[i - 1]) * span);
      this.carry[i] = p * sigma;
      this.y2Factor[i] = (sigma - 1) * p;
    }

    const minLog2 = Math.log2(minF);
    const maxLog2 = Math.log2(maxF);
    const step = (maxLog2 - minLog2) / (m - 1);
    this.lowerKnot = new Int32Array(m);
    this.weightA = new Float64Array(m);
    this.weightC = new Float64Array(m);
    this.weightD = new Float64Array(m);
    let upper = 1;
    for (let i = 0; i < m; i++) {
      const x = minLog2 + i * step;
      while (upper < n - 1 && knots[upper] < x) upper++;
      const lower = upper - 1;
      const h = knots[upper] - knots[lower];
      const a = (knots[upper] - x) / h;
      const b = 1 - a;
      const h2 = (h * h) / 6;
      this.lowerKnot[i] = lower;
      this.weightA[i] = a;
      this.weightC[i] = (a * a * a - a) * h2;
      this.weightD[i] = (b * b * b - b) * h2;
    }

    const octaves = Math.log2(maxF / minF);
    this.pointsPerOctaveExact = m / octaves;
    this.pointsPerOctave = f32(this.pointsPerOctaveExact);
    this.minLog2Frequency = f32(minLog2);
    this.log2Step = f32(f32(f32(maxLog2) - this.minLog2Frequency) / (m - 1));

    // Auditory weighting 0.5 + atan(3·(i+1−s)/P)/π with s = P·log2(65/50) − 1 (octave scale only).
    this.auditoryWeight = new Float64Array(m);
    const s = this.pointsPerOctaveExact * Math.log2(65 / 50) - 1;
    for (let i = 0; i < m; i++) this.auditoryWeight[i] = 0.5 + Math.atan((3 * (i + 1 - s)) / this.pointsPerOctaveExact) / Math.PI;
  }
}
