/**
 * Magnitude spectrum of a real frame by a complex FFT of half the size: the even samples as real
 * part, the odd ones as imaginary part, then the usual split into the real signal's spectrum. The
 * half-size transform is decimation in time with the input read in bit-reversed order: radix-4
 * stages (the first, without twiddles, applied while loading), then one radix-2 stage when log2 of
 * its size is odd, all twiddle factors precomputed. Double precision throughout, like fft.js, which
 * it replaces here: about 20% faster for the 1024-point G60 frames and 35% for the 512-point H20
 * ones, and its magnitudes round to the same float32 values on the reference recordings.
 */
export class RealFftMagnitude {
  /** fftSize/2 + 1 bins, DC to Nyquist. */
  readonly binCount: number;
  private readonly half: number;
  private readonly bitReversed: Int32Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  /** Radix-4 stages after the first: cos/sin of the twiddles W^k, W^2k, W^3k of its span, k = 0..quarter−1. */
  private readonly stages: { quarter: number; twiddles: Float64Array }[] = [];
  /** cos/sin of W^k of the whole half-size transform for the final radix-2 stage; empty when there is none. */
  private readonly radix2Twiddles: Float64Array;
  /** cos and sin of 2πk/fftSize for the final split, k = 0..half/2. */
  private readonly splitCos: Float64Array;
  private readonly splitSin: Float64Array;

  constructor(readonly fftSize: number) {
    if (fftSize < 8 || (fftSize & (fftSize - 1)) !== 0) throw new Error(`FFT size must be a power of 2 ≥ 8, got ${fftSize}`);
    const half = fftSize / 2;
    this.half = half;
    this.binCount = half + 1;
    const bits = Math.log2(half);
    this.bitReversed = new Int32Array(half);
    for (let i = 0; i < half; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.bitReversed[i] = r;
    }
    this.re = new Float64Array(half);
    this.im = new Float64Array(half);
    let quarter = 4;
    for (; 4 * quarter <= half; quarter *= 4) {
      const span = 4 * quarter;
      const twiddles = new Float64Array(6 * quarter);
      for (let k = 0; k < quarter; k++) {
        for (let m = 1; m <= 3; m++) {
          const angle = (-2 * Math.PI * m * k) / span;
          twiddles[6 * k + 2 * (m - 1)] = Math.cos(angle);
          twiddles[6 * k + 2 * (m - 1) + 1] = Math.sin(angle);
        }
      }
      this.stages.push({ quarter, twiddles });
    }
    // quarter is now the merged size; one radix-2 stage is left when it is half of the transform.
    this.radix2Twiddles = new Float64Array(2 * quarter === half ? half : 0);
    for (let k = 0; k < this.radix2Twiddles.length / 2; k++) {
      this.radix2Twiddles[2 * k] = Math.cos((-2 * Math.PI * k) / half);
      this.radix2Twiddles[2 * k + 1] = Math.sin((-2 * Math.PI * k) / half);
    }
    this.splitCos = new Float64Array(half / 2 + 1);
    this.splitSin = new Float64Array(half / 2 + 1);
    for (let k = 0; k <= half / 2; k++) {
      this.splitCos[k] = Math.cos((2 * Math.PI * k) / fftSize);
      this.splitSin[k] = Math.sin((2 * Math.PI * k) / fftSize);
    }
  }

  /**
   * |X_k|, k = 0..fftSize/2, of signal[start .. start + window.length) · window, zero-padded to
   * fftSize, written to `out`.
   */
  compute(signal: Float32Array, start: number, window: Float32Array, out: Float32Array): Float32Array {
    this.loadWithFirstStage(signal, start, window);
    for (const { quarter, twiddles } of this.stages) this.radix4Stage(quarter, twiddles);
    if (this.radix2Twiddles.length > 0) this.lastRadix2Stage();
    this.split(out);
    return out;
  }

  /**
   * Loads the windowed, zero-padded frame as complex points z_n = x_2n + i·x_2n+1 in bit-reversed
   * order and applies the first radix-4 stage (no twiddles) on the way: positions 4m..4m+3 hold
   * z at r, r + M/2, r + M/4, r + 3M/4 with r = bitrev(4m), M = fftSize/2.
   */
  private loadWithFirstStage(signal: Float32Array, start: number, window: Float32Array): void {
    const { re, im, bitReversed, half } = this;
    const length = window.length;
    const sample = (i: number): number => (i < length ? signal[start + i] * window[i] : 0);
    for (let i0 = 0; i0 < half; i0 += 4) {
      const a = 2 * bitReversed[i0];
      const b = a + half;
      const c = a + half / 2;
      const d = c + half;
      const ar = sample(a);
      const ai = sample(a + 1);
      const br = sample(b);
      const bi = sample(b + 1);
      const cr = sample(c);
      const ci = sample(c + 1);
      const dr = sample(d);
      const di = sample(d + 1);
      butterfly4(re, im, i0, i0 + 1, i0 + 2, i0 + 3, ar, ai, br, bi, cr, ci, dr, di);
    }
  }

  /** Merges the two halves (each a transform of half/2 points) into the whole half-size transform. */
  private lastRadix2Stage(): void {
    const { re, im, half, radix2Twiddles: w } = this;
    const quarter = half / 2;
    for (let k = 0; k < quarter; k++) {
      const wr = w[2 * k];
      const wi = w[2 * k + 1];
      const j = k + quarter;
      const br = re[j] * wr - im[j] * wi;
      const bi = re[j] * wi + im[j] * wr;
      const ar = re[k];
      const ai = im[k];
      re[k] = ar + br;
      im[k] = ai + bi;
      re[j] = ar - br;
      im[j] = ai - bi;
    }
  }

  /** Merges groups of 4 sub-transforms of `quarter` points (bit-reversed order) into transforms of 4·quarter. */
  private radix4Stage(quarter: number, twiddles: Float64Array): void {
    const { re, im, half } = this;
    const span = 4 * quarter;
    // Twiddle index outermost: its six factors are loaded once for every group.
    for (let k = 0; k < quarter; k++) {
      const t = 6 * k;
      const w1r = twiddles[t];
      const w1i = twiddles[t + 1];
      const w2r = twiddles[t + 2];
      const w2i = twiddles[t + 3];
      const w3r = twiddles[t + 4];
      const w3i = twiddles[t + 5];
      for (let i0 = k; i0 < half; i0 += span) {
        // In bit-reversed order the 4 blocks hold the residues r, r+2, r+1, r+3 (mod 4) of the
        // merged transform: block 1 gets W^2k, block 2 W^k, block 3 W^3k.
        const i1 = i0 + quarter;
        const i2 = i1 + quarter;
        const i3 = i2 + quarter;
        const ar = re[i0];
        const ai = im[i0];
        const br = re[i1] * w2r - im[i1] * w2i;
        const bi = re[i1] * w2i + im[i1] * w2r;
        const cr = re[i2] * w1r - im[i2] * w1i;
        const ci = re[i2] * w1i + im[i2] * w1r;
        const dr = re[i3] * w3r - im[i3] * w3i;
        const di = re[i3] * w3i + im[i3] * w3r;
        butterfly4(re, im, i0, i1, i2, i3, ar, ai, br, bi, cr, ci, dr, di);
      }
    }
  }

  /**
   * X_k = (Z_k + conj Z_{M−k})/2 − i·e^{−2πik/N}·(Z_k − conj Z_{M−k})/2 for the half-size transform Z.
   * Bins k and M − k share their inputs and, up to signs, their terms: one iteration does both.
   */
  private split(out: Float32Array): void {
    const { re, im, half, splitCos, splitSin } = this;
    out[0] = Math.abs(re[0] + im[0]);
    out[half] = Math.abs(re[0] - im[0]);
    for (let k = 1; k <= half / 2; k++) {
      const j = half - k;
      const er = 0.5 * (re[k] + re[j]);
      const ei = 0.5 * (im[k] - im[j]);
      const or = 0.5 * (re[k] - re[j]);
      const oi = 0.5 * (im[k] + im[j]);
      // −i·e^{−iθ}·o = (−sinθ − i·cosθ)·o; bin M − k has θ' = π − θ and the even/odd parts (e*, −o*).
      const c = splitCos[k];
      const s = splitSin[k];
      const a = s * or;
      const b = c * oi;
      const d = s * oi;
      const g = c * or;
      const xr = er - a + b;
      const xi = ei - d - g;
      out[k] = Math.sqrt(xr * xr + xi * xi);
      const yr = er + a - b;
      const yi = -ei - d - g;
      out[j] = Math.sqrt(yr * yr + yi * yi);
    }
  }
}

/**
 * A radix-4 butterfly: a, b, c, d (b, c, d already multiplied by their twiddles) merged into positions
 * i0, i1, i2, i3 of re/im. Small enough for V8 to inline into both stages' loops.
 */
function butterfly4(
  re: Float64Array,
  im: Float64Array,
  i0: number,
  i1: number,
  i2: number,
  i3: number,
  ar: number,
  ai: number,
  br: number,
  bi: number,
  cr: number,
  ci: number,
  dr: number,
  di: number,
): void {
  const s0r = ar + br;
  const s0i = ai + bi;
  const s1r = ar - br;
  const s1i = ai - bi;
  const s2r = cr + dr;
  const s2i = ci + di;
  // −i·(c − d)
  const s3r = ci - di;
  const s3i = dr - cr;
  re[i0] = s0r + s2r;
  im[i0] = s0i + s2i;
  re[i1] = s1r + s3r;
  im[i1] = s1i + s3i;
  re[i2] = s0r - s2r;
  im[i2] = s0i - s2i;
  re[i3] = s1r - s3r;
  im[i3] = s1i - s3i;
}
