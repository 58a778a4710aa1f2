/**
 * Magnitude spectrum by Ooura's split-radix real FFT (fftsg.c `rdft`, forward) in single
 * precision, as openSMILE compiles it (FLOAT_TYPE_FFT = float; notes §8). Every intermediate is
 * rounded to float32 (Math.fround) in the C code's order of operations, so the bins are
 * openSMILE's float32 spectrum rather than the exact one: enough of a difference for the
 * ill-conditioned LPC functionals of the spectral contours. Windowing (cWindower: a float
 * product), symmetric zero padding (cTransformFFT zeroPadSymmetric=1) and the magnitude
 * (cFFTmagphase: float sqrt(re² + im²)) follow openSMILE too: in float32 they change the rounding.
 * Ported from the split-radix path for n ≥ 64 (cftf1st, cftrec4/cftleaf/cftfx41, bitrv2, rftfsub).
 */
const f = Math.fround;

export class OouraRealFftMagnitude32 {
  /** fftSize/2 + 1 bins, DC to Nyquist. */
  readonly binCount: number;
  /** The frame in place; its transform afterwards, packed as rdft leaves it (a[1] = Nyquist). */
  private readonly a: Float32Array;
  /** Ooura's table: twiddles w[0..nw), then rdft's cosine table c = w[nw..nw+nc). */
  private readonly w: Float32Array;
  private readonly nw: number;
  private readonly nc: number;
  /** Complex-point pairs (i < j, bit-reversed) that bitrv2 swaps: a pure permutation, so its order of swaps is free. */
  private readonly swaps: Int32Array;

  constructor(readonly fftSize: number) {
    if (fftSize < 64 || (fftSize & (fftSize - 1)) !== 0) throw new Error(`FFT size must be a power of 2 ≥ 64, got ${fftSize}`);
    const n = fftSize;
    this.binCount = n / 2 + 1;
    this.a = new Float32Array(n);
    this.nw = n >> 2;
    this.nc = n >> 2;
    this.w = new Float32Array(this.nw + this.nc);
    makewt(this.nw, this.w);
    makect(this.nc, this.w, this.nw);
    const points = n / 2;
    const bits = Math.log2(points);
    const pairs: number[] = [];
    for (let i = 0; i < points; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      if (i < r) pairs.push(i, r);
    }
    this.swaps = Int32Array.from(pairs);
  }

  /**
   * |X_k|, k = 0..fftSize/2, of signal[start .. start + window.length) · window, zero-padded
   * symmetrically to fftSize (floor((fftSize − length)/2) zeros first), written to `out`.
   */
  compute(signal: Float32Array, start: number, window: Float32Array, out: Float32Array): Float32Array {
    const { a, fftSize: n } = this;
    const length = window.length;
    if (length > n) throw new Error(`frame of ${length} samples > FFT size ${n}`);
    const pad = (n - length) >> 1;
    a.fill(0);
    for (let i = 0; i < length; i++) a[pad + i] = signal[start + i] * window[i];
    this.rdftForward();
    out[0] = Math.abs(a[0]);
    for (let k = 1; k < n / 2; k++) {
      const re = a[2 * k];
      const im = a[2 * k + 1];
      out[k] = Math.sqrt(f(f(re * re) + f(im * im)));
    }
    out[n / 2] = Math.abs(a[1]);
    return out;
  }

  private rdftForward(): void {
    const { a, w, nw, nc, fftSize: n } = this;
    cftf1st(n, a, w, nw - (n >> 2));
    if (n > 512) cftrec4(n, a, nw, w);
    else if (n > 128) cftleaf(n, 1, a, 0, nw, w);
    else cftfx41(n, a, nw, w);
    const s = this.swaps;
    for (let p = 0; p < s.length; p += 2) {
      const i = 2 * s[p];
      const j = 2 * s[p + 1];
      const xr = a[i];
      const xi = a[i + 1];
      a[i] = a[j];
      a[i + 1] = a[j + 1];
      a[j] = xr;
      a[j + 1] = xi;
    }
    rftfsub(n, a, nc, w, nw);
    const xi = f(a[0] - a[1]);
    a[0] = a[0] + a[1];
    a[1] = xi;
  }
}

/*
 * Ooura's routines follow, in C's float semantics: a local assignment or a binary operation on
 * floats rounds (f), a store into the Float32Array rounds by itself, and a product of two floats
 * is exact in double, so f(x·y) is the float product. The twiddle tables are computed in double
 * (C's cos/sin) and rounded where the C code stores them in float.
 */

/** Twiddle table for nw ≥ 16 (fftSize ≥ 64). */
function makewt(nw: number, w: Float32Array): void {
  let nwh = nw >> 1;
  const delta = f(f(Math.atan(1)) / nwh);
  const wn4r = f(Math.cos(f(delta * nwh)));
  w[0] = 1;
  w[1] = wn4r;
  w[2] = 0.5 / Math.cos(f(delta * 2));
  w[3] = 0.5 / Math.cos(f(delta * 6));
  for (let j = 4; j < nwh; j += 4) {
    w[j] = Math.cos(f(delta * j));
    w[j + 1] = Math.sin(f(delta * j));
    w[j + 2] = Math.cos(f(f(3 * delta) * j));
    w[j + 3] = -Math.sin(f(f(3 * delta) * j));
  }
  let nw0 = 0;
  while (nwh > 2) {
    const nw1 = nw0 + nwh;
    nwh >>= 1;
    w[nw1] = 1;
    w[nw1 + 1] = wn4r;
    if (nwh === 4) {
      w[nw1 + 2] = w[nw0 + 4];
      w[nw1 + 3] = w[nw0 + 5];
    } else if (nwh > 4) {
      w[nw1 + 2] = 0.5 / w[nw0 + 4];
      w[nw1 + 3] = 0.5 / w[nw0 + 6];
      for (let j = 4; j < nwh; j += 4) {
        w[nw1 + j] = w[nw0 + 2 * j];
        w[nw1 + j + 1] = w[nw0 + 2 * j + 1];
        w[nw1 + j + 2] = w[nw0 + 2 * j + 2];
        w[nw1 + j + 3] = w[nw0 + 2 * j + 3];
      }
    }
    nw0 = nw1;
  }
}

/** The rdft cosine table c[0..nc) stored at w[c0..]. */
function makect(nc: number, w: Float32Array, c0: number): void {
  const nch = nc >> 1;
  const delta = f(f(Math.atan(1)) / nch);
  w[c0] = Math.cos(f(delta * nch));
  w[c0 + nch] = f(0.5 * w[c0]);
  for (let j = 1; j < nch; j++) {
    w[c0 + j] = 0.5 * Math.cos(f(delta * j));
    w[c0 + nc - j] = 0.5 * Math.sin(f(delta * j));
  }
}

function rftfsub(n: number, a: Float32Array, nc: number, w: Float32Array, c0: number): void {
  const m = n >> 1;
  const ks = (2 * nc) / m;
  let kk = 0;
  for (let j = 2; j < m; j += 2) {
    const k = n - j;
    kk += ks;
    const wkr = f(0.5 - w[c0 + nc - kk]);
    const wki = w[c0 + kk];
    const xr = f(a[j] - a[k]);
    const xi = f(a[j + 1] + a[k + 1]);
    const yr = f(f(wkr * xr) - f(wki * xi));
    const yi = f(f(wkr * xi) + f(wki * xr));
    a[j] -= yr;
    a[j + 1] -= yi;
    a[k] += yr;
    a[k + 1] -= yi;
  }
}

function cftf1st(n: number, a: Float32Array, w: Float32Array, w0: number): void {
  const mh = n >> 3;
  const m = 2 * mh;
  let j1 = m;
  let j2 = j1 + m;
  let j3 = j2 + m;
  let x0r = f(a[0] + a[j2]);
  let x0i = f(a[1] + a[j2 + 1]);
  let x1r = f(a[0] - a[j2]);
  let x1i = f(a[1] - a[j2 + 1]);
  let x2r = f(a[j1] + a[j3]);
  let x2i = f(a[j1 + 1] + a[j3 + 1]);
  let x3r = f(a[j1] - a[j3]);
  let x3i = f(a[j1 + 1] - a[j3 + 1]);
  a[0] = x0r + x2r;
  a[1] = x0i + x2i;
  a[j1] = x0r - x2r;
  a[j1 + 1] = x0i - x2i;
  a[j2] = x1r - x3i;
  a[j2 + 1] = x1i + x3r;
  a[j3] = x1r + x3i;
  a[j3 + 1] = x1i - x3r;
  const wn4r = w[w0 + 1];
  const csc1 = w[w0 + 2];
  const csc3 = w[w0 + 3];
  let wd1r = 1;
  let wd1i = 0;
  let wd3r = 1;
  let wd3i = 0;
  let k = 0;
  let wk1r: number, wk1i: number, wk3r: number, wk3i: number;
  let y0r: number, y0i: number, y1r: number, y1i: number, y2r: number, y2i: number, y3r: number, y3i: number;
  for (let j = 2; j < mh - 2; j += 4) {
    k += 4;
    wk1r = f(csc1 * f(wd1r + w[w0 + k]));
    wk1i = f(csc1 * f(wd1i + w[w0 + k + 1]));
    wk3r = f(csc3 * f(wd3r + w[w0 + k + 2]));
    wk3i = f(csc3 * f(wd3i + w[w0 + k + 3]));
    wd1r = w[w0 + k];
    wd1i = w[w0 + k + 1];
    wd3r = w[w0 + k + 2];
    wd3i = w[w0 + k + 3];
    j1 = j + m;
    j2 = j1 + m;
    j3 = j2 + m;
    x0r = f(a[j] + a[j2]);
    x0i = f(a[j + 1] + a[j2 + 1]);
    x1r = f(a[j] - a[j2]);
    x1i = f(a[j + 1] - a[j2 + 1]);
    y0r = f(a[j + 2] + a[j2 + 2]);
    y0i = f(a[j + 3] + a[j2 + 3]);
    y1r = f(a[j + 2] - a[j2 + 2]);
    y1i = f(a[j + 3] - a[j2 + 3]);
    x2r = f(a[j1] + a[j3]);
    x2i = f(a[j1 + 1] + a[j3 + 1]);
    x3r = f(a[j1] - a[j3]);
    x3i = f(a[j1 + 1] - a[j3 + 1]);
    y2r = f(a[j1 + 2] + a[j3 + 2]);
    y2i = f(a[j1 + 3] + a[j3 + 3]);
    y3r = f(a[j1 + 2] - a[j3 + 2]);
    y3i = f(a[j1 + 3] - a[j3 + 3]);
    a[j] = x0r + x2r;
    a[j + 1] = x0i + x2i;
    a[j + 2] = y0r + y2r;
    a[j + 3] = y0i + y2i;
    a[j1] = x0r - x2r;
    a[j1 + 1] = x0i - x2i;
    a[j1 + 2] = y0r - y2r;
    a[j1 + 3] = y0i - y2i;
    x0r = f(x1r - x3i);
    x0i = f(x1i + x3r);
    a[j2] = f(wk1r * x0r) - f(wk1i * x0i);
    a[j2 + 1] = f(wk1r * x0i) + f(wk1i * x0r);
    x0r = f(y1r - y3i);
    x0i = f(y1i + y3r);
    a[j2 + 2] = f(wd1r * x0r) - f(wd1i * x0i);
    a[j2 + 3] = f(wd1r * x0i) + f(wd1i * x0r);
    x0r = f(x1r + x3i);
    x0i = f(x1i - x3r);
    a[j3] = f(wk3r * x0r) + f(wk3i * x0i);
    a[j3 + 1] = f(wk3r * x0i) - f(wk3i * x0r);
    x0r = f(y1r + y3i);
    x0i = f(y1i - y3r);
    a[j3 + 2] = f(wd3r * x0r) + f(wd3i * x0i);
    a[j3 + 3] = f(wd3r * x0i) - f(wd3i * x0r);
    const j0 = m - j;
    j1 = j0 + m;
    j2 = j1 + m;
    j3 = j2 + m;
    x0r = f(a[j0] + a[j2]);
    x0i = f(a[j0 + 1] + a[j2 + 1]);
    x1r = f(a[j0] - a[j2]);
    x1i = f(a[j0 + 1] - a[j2 + 1]);
    y0r = f(a[j0 - 2] + a[j2 - 2]);
    y0i = f(a[j0 - 1] + a[j2 - 1]);
    y1r = f(a[j0 - 2] - a[j2 - 2]);
    y1i = f(a[j0 - 1] - a[j2 - 1]);
    x2r = f(a[j1] + a[j3]);
    x2i = f(a[j1 + 1] + a[j3 + 1]);
    x3r = f(a[j1] - a[j3]);
    x3i = f(a[j1 + 1] - a[j3 + 1]);
    y2r = f(a[j1 - 2] + a[j3 - 2]);
    y2i = f(a[j1 - 1] + a[j3 - 1]);
    y3r = f(a[j1 - 2] - a[j3 - 2]);
    y3i = f(a[j1 - 1] - a[j3 - 1]);
    a[j0] = x0r + x2r;
    a[j0 + 1] = x0i + x2i;
    a[j0 - 2] = y0r + y2r;
    a[j0 - 1] = y0i + y2i;
    a[j1] = x0r - x2r;
    a[j1 + 1] = x0i - x2i;
    a[j1 - 2] = y0r - y2r;
    a[j1 - 1] = y0i - y2i;
    x0r = f(x1r - x3i);
    x0i = f(x1i + x3r);
    a[j2] = f(wk1i * x0r) - f(wk1r * x0i);
    a[j2 + 1] = f(wk1i * x0i) + f(wk1r * x0r);
    x0r = f(y1r - y3i);
    x0i = f(y1i + y3r);
    a[j2 - 2] = f(wd1i * x0r) - f(wd1r * x0i);
    a[j2 - 1] = f(wd1i * x0i) + f(wd1r * x0r);
    x0r = f(x1r + x3i);
    x0i = f(x1i - x3r);
    a[j3] = f(wk3i * x0r) + f(wk3r * x0i);
    a[j3 + 1] = f(wk3i * x0i) - f(wk3r * x0r);
    x0r = f(y1r + y3i);
    x0i = f(y1i - y3r);
    a[j3 - 2] = f(wd3i * x0r) + f(wd3r * x0i);
    a[j3 - 1] = f(wd3i * x0i) - f(wd3r * x0r);
  }
  wk1r = f(csc1 * f(wd1r + wn4r));
  wk1i = f(csc1 * f(wd1i + wn4r));
  wk3r = f(csc3 * f(wd3r - wn4r));
  wk3i = f(csc3 * f(wd3i - wn4r));
  const j0 = mh;
  j1 = j0 + m;
  j2 = j1 + m;
  j3 = j2 + m;
  x0r = f(a[j0 - 2] + a[j2 - 2]);
  x0i = f(a[j0 - 1] + a[j2 - 1]);
  x1r = f(a[j0 - 2] - a[j2 - 2]);
  x1i = f(a[j0 - 1] - a[j2 - 1]);
  x2r = f(a[j1 - 2] + a[j3 - 2]);
  x2i = f(a[j1 - 1] + a[j3 - 1]);
  x3r = f(a[j1 - 2] - a[j3 - 2]);
  x3i = f(a[j1 - 1] - a[j3 - 1]);
  a[j0 - 2] = x0r + x2r;
  a[j0 - 1] = x0i + x2i;
  a[j1 - 2] = x0r - x2r;
  a[j1 - 1] = x0i - x2i;
  x0r = f(x1r - x3i);
  x0i = f(x1i + x3r);
  a[j2 - 2] = f(wk1r * x0r) - f(wk1i * x0i);
  a[j2 - 1] = f(wk1r * x0i) + f(wk1i * x0r);
  x0r = f(x1r + x3i);
  x0i = f(x1i - x3r);
  a[j3 - 2] = f(wk3r * x0r) + f(wk3i * x0i);
  a[j3 - 1] = f(wk3r * x0i) - f(wk3i * x0r);
  x0r = f(a[j0] + a[j2]);
  x0i = f(a[j0 + 1] + a[j2 + 1]);
  x1r = f(a[j0] - a[j2]);
  x1i = f(a[j0 + 1] - a[j2 + 1]);
  x2r = f(a[j1] + a[j3]);
  x2i = f(a[j1 + 1] + a[j3 + 1]);
  x3r = f(a[j1] - a[j3]);
  x3i = f(a[j1 + 1] - a[j3 + 1]);
  a[j0] = x0r + x2r;
  a[j0 + 1] = x0i + x2i;
  a[j1] = x0r - x2r;
  a[j1 + 1] = x0i - x2i;
  x0r = f(x1r - x3i);
  x0i = f(x1i + x3r);
  a[j2] = wn4r * f(x0r - x0i);
  a[j2 + 1] = wn4r * f(x0i + x0r);
  x0r = f(x1r + x3i);
  x0i = f(x1i - x3r);
  a[j3] = -wn4r * f(x0r + x0i);
  a[j3 + 1] = -wn4r * f(x0i - x0r);
  x0r = f(a[j0 + 2] + a[j2 + 2]);
  x0i = f(a[j0 + 3] + a[j2 + 3]);
  x1r = f(a[j0 + 2] - a[j2 + 2]);
  x1i = f(a[j0 + 3] - a[j2 + 3]);
  x2r = f(a[j1 + 2] + a[j3 + 2]);
  x2i = f(a[j1 + 3] + a[j3 + 3]);
  x3r = f(a[j1 + 2] - a[j3 + 2]);
  x3i = f(a[j1 + 3] - a[j3 + 3]);
  a[j0 + 2] = x0r + x2r;
  a[j0 + 3] = x0i + x2i;
  a[j1 + 2] = x0r - x2r;
  a[j1 + 3] = x0i - x2i;
  x0r = f(x1r - x3i);
  x0i = f(x1i + x3r);
  a[j2 + 2] = f(wk1i * x0r) - f(wk1r * x0i);
  a[j2 + 3] = f(wk1i * x0i) + f(wk1r * x0r);
  x0r = f(x1r + x3i);
  x0i = f(x1i - x3r);
  a[j3 + 2] = f(wk3i * x0r) + f(wk3r * x0i);
  a[j3 + 3] = f(wk3i * x0i) - f(wk3r * x0r);
}

function cftrec4(n: number, a: Float32Array, nw: number, w: Float32Array): void {
  let m = n;
  while (m > 512) {
    m >>= 2;
    cftmdl1(m, a, n - m, w, nw - (m >> 1));
  }
  cftleaf(m, 1, a, n - m, nw, w);
  let k = 0;
  for (let j = n - m; j > 0; j -= m) {
    k++;
    const isplt = cfttree(m, j, k, a, nw, w);
    cftleaf(m, isplt, a, j - m, nw, w);
  }
}

function cfttree(n: number, j: number, k: number, a: Float32Array, nw: number, w: Float32Array): number {
  let isplt: number;
  if ((k & 3) !== 0) {
    isplt = k & 1;
    if (isplt !== 0) cftmdl1(n, a, j - n, w, nw - (n >> 1));
    else cftmdl2(n, a, j - n, w, nw - n);
  } else {
    let m = n;
    let i = k;
    for (; (i & 3) === 0; i >>= 2) m <<= 2;
    isplt = i & 1;
    if (isplt !== 0) {
      for (; m > 128; m >>= 2) cftmdl1(m, a, j - m, w, nw - (m >> 1));
    } else {
      for (; m > 128; m >>= 2) cftmdl2(m, a, j - m, w, nw - m);
    }
  }
  return isplt;
}

function cftleaf(n: number, isplt: number, a: Float32Array, a0: number, nw: number, w: Float32Array): void {
  if (n === 512) {
    cftmdl1(128, a, a0, w, nw - 64);
    cftf161(a, a0, w, nw - 8);
    cftf162(a, a0 + 32, w, nw - 32);
    cftf161(a, a0 + 64, w, nw - 8);
    cftf161(a, a0 + 96, w, nw - 8);
    cftmdl2(128, a, a0 + 128, w, nw - 128);
    cftf161(a, a0 + 128, w, nw - 8);
    cftf162(a, a0 + 160, w, nw - 32);
    cftf161(a, a0 + 192, w, nw - 8);
    cftf162(a, a0 + 224, w, nw - 32);
    cftmdl1(128, a, a0 + 256, w, nw - 64);
    cftf161(a, a0 + 256, w, nw - 8);
    cftf162(a, a0 + 288, w, nw - 32);
    cftf161(a, a0 + 320, w, nw - 8);
    cftf161(a, a0 + 352, w, nw - 8);
    if (isplt !== 0) {
      cftmdl1(128, a, a0 + 384, w, nw - 64);
      cftf161(a, a0 + 480, w, nw - 8);
    } else {
      cftmdl2(128, a, a0 + 384, w, nw - 128);
      cftf162(a, a0 + 480, w, nw - 32);
    }
    cftf161(a, a0 + 384, w, nw - 8);
    cftf162(a, a0 + 416, w, nw - 32);
    cftf161(a, a0 + 448, w, nw - 8);
  } else {
    cftmdl1(64, a, a0, w, nw - 32);
    cftf081(a, a0, w, nw - 8);
    cftf082(a, a0 + 16, w, nw - 8);
    cftf081(a, a0 + 32, w, nw - 8);
    cftf081(a, a0 + 48, w, nw - 8);
    cftmdl2(64, a, a0 + 64, w, nw - 64);
    cftf081(a, a0 + 64, w, nw - 8);
    cftf082(a, a0 + 80, w, nw - 8);
    cftf081(a, a0 + 96, w, nw - 8);
    cftf082(a, a0 + 112, w, nw - 8);
    cftmdl1(64, a, a0 + 128, w, nw - 32);
    cftf081(a, a0 + 128, w, nw - 8);
    cftf082(a, a0 + 144, w, nw - 8);
    cftf081(a, a0 + 160, w, nw - 8);
    cftf081(a, a0 + 176, w, nw - 8);
    if (isplt !== 0) {
      cftmdl1(64, a, a0 + 192, w, nw - 32);
      cftf081(a, a0 + 240, w, nw - 8);
    } else {
      cftmdl2(64, a, a0 + 192, w, nw - 64);
      cftf082(a, a0 + 240, w, nw - 8);
    }
    cftf081(a, a0 + 192, w, nw - 8);
    cftf082(a, a0 + 208, w, nw - 8);
    cftf081(a, a0 + 224, w, nw - 8);
  }
}

function cftfx41(n: number, a: Float32Array, nw: number, w: Float32Array): void {
  if (n === 128) {
    cftf161(a, 0, w, nw - 8);
    cftf162(a, 32, w, nw - 32);
    cftf161(a, 64, w, nw - 8);
    cftf161(a, 96, w, nw - 8);
  } else {
    cftf081(a, 0, w, nw - 8);
    cftf082(a, 16, w, nw - 8);
    cftf081(a, 32, w, nw - 8);
    cftf081(a, 48, w, nw - 8);
  }
}

function cftmdl1(n: number, a: Float32Array, a0: number, w: Float32Array, w0: number): void {
  const mh = n >> 3;
  const m = 2 * mh;
  let j1 = a0 + m;
  let j2 = j1 + m;
  let j3 = j2 + m;
  let x0r = f(a[a0] + a[j2]);
  let x0i = f(a[a0 + 1] + a[j2 + 1]);
  let x1r = f(a[a0] - a[j2]);
  let x1i = f(a[a0 + 1] - a[j2 + 1]);
  let x2r = f(a[j1] + a[j3]);
  let x2i = f(a[j1 + 1] + a[j3 + 1]);
  let x3r = f(a[j1] - a[j3]);
  let x3i = f(a[j1 + 1] - a[j3 + 1]);
  a[a0] = x0r + x2r;
  a[a0 + 1] = x0i + x2i;
  a[j1] = x0r - x2r;
  a[j1 + 1] = x0i - x2i;
  a[j2] = x1r - x3i;
  a[j2 + 1] = x1i + x3r;
  a[j3] = x1r + x3i;
  a[j3 + 1] = x1i - x3r;
  const wn4r = w[w0 + 1];
  let k = 0;
  for (let jj = 2; jj < mh; jj += 2) {
    k += 4;
    const wk1r = w[w0 + k];
    const wk1i = w[w0 + k + 1];
    const wk3r = w[w0 + k + 2];
    const wk3i = w[w0 + k + 3];
    const j = a0 + jj;
    j1 = j + m;
    j2 = j1 + m;
    j3 = j2 + m;
    x0r = f(a[j] + a[j2]);
    x0i = f(a[j + 1] + a[j2 + 1]);
    x1r = f(a[j] - a[j2]);
    x1i = f(a[j + 1] - a[j2 + 1]);
    x2r = f(a[j1] + a[j3]);
    x2i = f(a[j1 + 1] + a[j3 + 1]);
    x3r = f(a[j1] - a[j3]);
    x3i = f(a[j1 + 1] - a[j3 + 1]);
    a[j] = x0r + x2r;
    a[j + 1] = x0i + x2i;
    a[j1] = x0r - x2r;
    a[j1 + 1] = x0i - x2i;
    x0r = f(x1r - x3i);
    x0i = f(x1i + x3r);
    a[j2] = f(wk1r * x0r) - f(wk1i * x0i);
    a[j2 + 1] = f(wk1r * x0i) + f(wk1i * x0r);
    x0r = f(x1r + x3i);
    x0i = f(x1i - x3r);
    a[j3] = f(wk3r * x0r) + f(wk3i * x0i);
    a[j3 + 1] = f(wk3r * x0i) - f(wk3i * x0r);
    const j0 = a0 + m - jj;
    j1 = j0 + m;
    j2 = j1 + m;
    j3 = j2 + m;
    x0r = f(a[j0] + a[j2]);
    x0i = f(a[j0 + 1] + a[j2 + 1]);
    x1r = f(a[j0] - a[j2]);
    x1i = f(a[j0 + 1] - a[j2 + 1]);
    x2r = f(a[j1] + a[j3]);
    x2i = f(a[j1 + 1] + a[j3 + 1]);
    x3r = f(a[j1] - a[j3]);
    x3i = f(a[j1 + 1] - a[j3 + 1]);
    a[j0] = x0r + x2r;
    a[j0 + 1] = x0i + x2i;
    a[j1] = x0r - x2r;
    a[j1 + 1] = x0i - x2i;
    x0r = f(x1r - x3i);
    x0i = f(x1i + x3r);
    a[j2] = f(wk1i * x0r) - f(wk1r * x0i);
    a[j2 + 1] = f(wk1i * x0i) + f(wk1r * x0r);
    x0r = f(x1r + x3i);
    x0i = f(x1i - x3r);
    a[j3] = f(wk3i * x0r) + f(wk3r * x0i);
    a[j3 + 1] = f(wk3i * x0i) - f(wk3r * x0r);
  }
  const j0 = a0 + mh;
  j1 = j0 + m;
  j2 = j1 + m;
  j3 = j2 + m;
  x0r = f(a[j0] + a[j2]);
  x0i = f(a[j0 + 1] + a[j2 + 1]);
  x1r = f(a[j0] - a[j2]);
  x1i = f(a[j0 + 1] - a[j2 + 1]);
  x2r = f(a[j1] + a[j3]);
  x2i = f(a[j1 + 1] + a[j3 + 1]);
  x3r = f(a[j1] - a[j3]);
  x3i = f(a[j1 + 1] - a[j3 + 1]);
  a[j0] = x0r + x2r;
  a[j0 + 1] = x0i + x2i;
  a[j1] = x0r - x2r;
  a[j1 + 1] = x0i - x2i;
  x0r = f(x1r - x3i);
  x0i = f(x1i + x3r);
  a[j2] = wn4r * f(x0r - x0i);
  a[j2 + 1] = wn4r * f(x0i + x0r);
  x0r = f(x1r + x3i);
  x0i = f(x1i - x3r);
  a[j3] = -wn4r * f(x0r + x0i);
  a[j3 + 1] = -wn4r * f(x0i - x0r);
}

function cftmdl2(n: number, a: Float32Array, a0: number, w: Float32Array, w0: number): void {
  const mh = n >> 3;
  const m = 2 * mh;
  const wn4r = w[w0 + 1];
  let j1 = a0 + m;
  let j2 = j1 + m;
  let j3 = j2 + m;
  let x0r = f(a[a0] - a[j2 + 1]);
  let x0i = f(a[a0 + 1] + a[j2]);
  let x1r = f(a[a0] + a[j2 + 1]);
  let x1i = f(a[a0 + 1] - a[j2]);
  let x2r = f(a[j1] - a[j3 + 1]);
  let x2i = f(a[j1 + 1] + a[j3]);
  let x3r = f(a[j1] + a[j3 + 1]);
  let x3i = f(a[j1 + 1] - a[j3]);
  let y0r = f(wn4r * f(x2r - x2i));
  let y0i = f(wn4r * f(x2i + x2r));
  a[a0] = x0r + y0r;
  a[a0 + 1] = x0i + y0i;
  a[j1] = x0r - y0r;
  a[j1 + 1] = x0i - y0i;
  y0r = f(wn4r * f(x3r - x3i));
  y0i = f(wn4r * f(x3i + x3r));
  a[j2] = x1r - y0i;
  a[j2 + 1] = x1i + y0r;
  a[j3] = x1r + y0i;
  a[j3 + 1] = x1i - y0r;
  let y2r: number, y2i: number;
  let k = 0;
  let kr = 2 * m;
  for (let jj = 2; jj < mh; jj += 2) {
    k += 4;
    const wk1r = w[w0 + k];
    const wk1i = w[w0 + k + 1];
    const wk3r = w[w0 + k + 2];
    const wk3i = w[w0 + k + 3];
    kr -= 4;
    const wd1i = w[w0 + kr];
    const wd1r = w[w0 + kr + 1];
    const wd3i = w[w0 + kr + 2];
    const wd3r = w[w0 + kr + 3];
    const j = a0 + jj;
    j1 = j + m;
    j2 = j1 + m;
    j3 = j2 + m;
    x0r = f(a[j] - a[j2 + 1]);
    x0i = f(a[j + 1] + a[j2]);
    x1r = f(a[j] + a[j2 + 1]);
    x1i = f(a[j + 1] - a[j2]);
    x2r = f(a[j1] - a[j3 + 1]);
    x2i = f(a[j1 + 1] + a[j3]);
    x3r = f(a[j1] + a[j3 + 1]);
    x3i = f(a[j1 + 1] - a[j3]);
    y0r = f(f(wk1r * x0r) - f(wk1i * x0i));
    y0i = f(f(wk1r * x0i) + f(wk1i * x0r));
    y2r = f(f(wd1r * x2r) - f(wd1i * x2i));
    y2i = f(f(wd1r * x2i) + f(wd1i * x2r));
    a[j] = y0r + y2r;
    a[j + 1] = y0i + y2i;
    a[j1] = y0r - y2r;
    a[j1 + 1] = y0i - y2i;
    y0r = f(f(wk3r * x1r) + f(wk3i * x1i));
    y0i = f(f(wk3r * x1i) - f(wk3i * x1r));
    y2r = f(f(wd3r * x3r) + f(wd3i * x3i));
    y2i = f(f(wd3r * x3i) - f(wd3i * x3r));
    a[j2] = y0r + y2r;
    a[j2 + 1] = y0i + y2i;
    a[j3] = y0r - y2r;
    a[j3 + 1] = y0i - y2i;
    const j0 = a0 + m - jj;
    j1 = j0 + m;
    j2 = j1 + m;
    j3 = j2 + m;
    x0r = f(a[j0] - a[j2 + 1]);
    x0i = f(a[j0 + 1] + a[j2]);
    x1r = f(a[j0] + a[j2 + 1]);
    x1i = f(a[j0 + 1] - a[j2]);
    x2r = f(a[j1] - a[j3 + 1]);
    x2i = f(a[j1 + 1] + a[j3]);
    x3r = f(a[j1] + a[j3 + 1]);
    x3i = f(a[j1 + 1] - a[j3]);
    y0r = f(f(wd1i * x0r) - f(wd1r * x0i));
    y0i = f(f(wd1i * x0i) + f(wd1r * x0r));
    y2r = f(f(wk1i * x2r) - f(wk1r * x2i));
    y2i = f(f(wk1i * x2i) + f(wk1r * x2r));
    a[j0] = y0r + y2r;
    a[j0 + 1] = y0i + y2i;
    a[j1] = y0r - y2r;
    a[j1 + 1] = y0i - y2i;
    y0r = f(f(wd3i * x1r) + f(wd3r * x1i));
    y0i = f(f(wd3i * x1i) - f(wd3r * x1r));
    y2r = f(f(wk3i * x3r) + f(wk3r * x3i));
    y2i = f(f(wk3i * x3i) - f(wk3r * x3r));
    a[j2] = y0r + y2r;
    a[j2 + 1] = y0i + y2i;
    a[j3] = y0r - y2r;
    a[j3 + 1] = y0i - y2i;
  }
  const wk1r = w[w0 + m];
  const wk1i = w[w0 + m + 1];
  const j0 = a0 + mh;
  j1 = j0 + m;
  j2 = j1 + m;
  j3 = j2 + m;
  x0r = f(a[j0] - a[j2 + 1]);
  x0i = f(a[j0 + 1] + a[j2]);
  x1r = f(a[j0] + a[j2 + 1]);
  x1i = f(a[j0 + 1] - a[j2]);
  x2r = f(a[j1] - a[j3 + 1]);
  x2i = f(a[j1 + 1] + a[j3]);
  x3r = f(a[j1] + a[j3 + 1]);
  x3i = f(a[j1 + 1] - a[j3]);
  y0r = f(f(wk1r * x0r) - f(wk1i * x0i));
  y0i = f(f(wk1r * x0i) + f(wk1i * x0r));
  y2r = f(f(wk1i * x2r) - f(wk1r * x2i));
  y2i = f(f(wk1i * x2i) + f(wk1r * x2r));
  a[j0] = y0r + y2r;
  a[j0 + 1] = y0i + y2i;
  a[j1] = y0r - y2r;
  a[j1 + 1] = y0i - y2i;
  y0r = f(f(wk1i * x1r) - f(wk1r * x1i));
  y0i = f(f(wk1i * x1i) + f(wk1r * x1r));
  y2r = f(f(wk1r * x3r) - f(wk1i * x3i));
  y2i = f(f(wk1r * x3i) + f(wk1i * x3r));
  a[j2] = y0r - y2r;
  a[j2 + 1] = y0i - y2i;
  a[j3] = y0r + y2r;
  a[j3 + 1] = y0i + y2i;
}

function cftf161(a: Float32Array, a0: number, w: Float32Array, w0: number): void {
  const wn4r = w[w0 + 1];
  const wk1r = w[w0 + 2];
  const wk1i = w[w0 + 3];
  const p = (i: number): number => a[a0 + i];
  let x0r = f(p(0) + p(16));
  let x0i = f(p(1) + p(17));
  let x1r = f(p(0) - p(16));
  let x1i = f(p(1) - p(17));
  let x2r = f(p(8) + p(24));
  let x2i = f(p(9) + p(25));
  let x3r = f(p(8) - p(24));
  let x3i = f(p(9) - p(25));
  const y0r = f(x0r + x2r);
  const y0i = f(x0i + x2i);
  const y4r = f(x0r - x2r);
  const y4i = f(x0i - x2i);
  const y8r = f(x1r - x3i);
  const y8i = f(x1i + x3r);
  const y12r = f(x1r + x3i);
  const y12i = f(x1i - x3r);
  x0r = f(p(2) + p(18));
  x0i = f(p(3) + p(19));
  x1r = f(p(2) - p(18));
  x1i = f(p(3) - p(19));
  x2r = f(p(10) + p(26));
  x2i = f(p(11) + p(27));
  x3r = f(p(10) - p(26));
  x3i = f(p(11) - p(27));
  const y1r = f(x0r + x2r);
  const y1i = f(x0i + x2i);
  const y5r = f(x0r - x2r);
  const y5i = f(x0i - x2i);
  x0r = f(x1r - x3i);
  x0i = f(x1i + x3r);
  const y9r = f(f(wk1r * x0r) - f(wk1i * x0i));
  const y9i = f(f(wk1r * x0i) + f(wk1i * x0r));
  x0r = f(x1r + x3i);
  x0i = f(x1i - x3r);
  const y13r = f(f(wk1i * x0r) - f(wk1r * x0i));
  const y13i = f(f(wk1i * x0i) + f(wk1r * x0r));
  x0r = f(p(4) + p(20));
  x0i = f(p(5) + p(21));
  x1r = f(p(4) - p(20));
  x1i = f(p(5) - p(21));
  x2r = f(p(12) + p(28));
  x2i = f(p(13) + p(29));
  x3r = f(p(12) - p(28));
  x3i = f(p(13) - p(29));
  const y2r = f(x0r + x2r);
  const y2i = f(x0i + x2i);
  const y6r = f(x0r - x2r);
  const y6i = f(x0i - x2i);
  x0r = f(x1r - x3i);
  x0i = f(x1i + x3r);
  const y10r = f(wn4r * f(x0r - x0i));
  const y10i = f(wn4r * f(x0i + x0r));
  x0r = f(x1r + x3i);
  x0i = f(x1i - x3r);
  const y14r = f(wn4r * f(x0r + x0i));
  const y14i = f(wn4r * f(x0i - x0r));
  x0r = f(p(6) + p(22));
  x0i = f(p(7) + p(23));
  x1r = f(p(6) - p(22));
  x1i = f(p(7) - p(23));
  x2r = f(p(14) + p(30));
  x2i = f(p(15) + p(31));
  x3r = f(p(14) - p(30));
  x3i = f(p(15) - p(31));
  const y3r = f(x0r + x2r);
  const y3i = f(x0i + x2i);
  const y7r = f(x0r - x2r);
  const y7i = f(x0i - x2i);
  x0r = f(x1r - x3i);
  x0i = f(x1i + x3r);
  const y11r = f(f(wk1i * x0r) - f(wk1r * x0i));
  const y11i = f(f(wk1i * x0i) + f(wk1r * x0r));
  x0r = f(x1r + x3i);
  x0i = f(x1i - x3r);
  const y15r = f(f(wk1r * x0r) - f(wk1i * x0i));
  const y15i = f(f(wk1r * x0i) + f(wk1i * x0r));
  x0r = f(y12r - y14r);
  x0i = f(y12i - y14i);
  x1r = f(y12r + y14r);
  x1i = f(y12i + y14i);
  x2r = f(y13r - y15r);
  x2i = f(y13i - y15i);
  x3r = f(y13r + y15r);
  x3i = f(y13i + y15i);
  a[a0 + 24] = x0r + x2r;
  a[a0 + 25] = x0i + x2i;
  a[a0 + 26] = x0r - x2r;
  a[a0 + 27] = x0i - x2i;
  a[a0 + 28] = x1r - x3i;
  a[a0 + 29] = x1i + x3r;
  a[a0 + 30] = x1r + x3i;
  a[a0 + 31] = x1i - x3r;
  x0r = f(y8r + y10r);
  x0i = f(y8i + y10i);
  x1r = f(y8r - y10r);
  x1i = f(y8i - y10i);
  x2r = f(y9r + y11r);
  x2i = f(y9i + y11i);
  x3r = f(y9r - y11r);
  x3i = f(y9i - y11i);
  a[a0 + 16] = x0r + x2r;
  a[a0 + 17] = x0i + x2i;
  a[a0 + 18] = x0r - x2r;
  a[a0 + 19] = x0i - x2i;
  a[a0 + 20] = x1r - x3i;
  a[a0 + 21] = x1i + x3r;
  a[a0 + 22] = x1r + x3i;
  a[a0 + 23] = x1i - x3r;
  x0r = f(y5r - y7i);
  x0i = f(y5i + y7r);
  x2r = f(wn4r * f(x0r - x0i));
  x2i = f(wn4r * f(x0i + x0r));
  x0r = f(y5r + y7i);
  x0i = f(y5i - y7r);
  x3r = f(wn4r * f(x0r - x0i));
  x3i = f(wn4r * f(x0i + x0r));
  x0r = f(y4r - y6i);
  x0i = f(y4i + y6r);
  x1r = f(y4r + y6i);
  x1i = f(y4i - y6r);
  a[a0 + 8] = x0r + x2r;
  a[a0 + 9] = x0i + x2i;
  a[a0 + 10] = x0r - x2r;
  a[a0 + 11] = x0i - x2i;
  a[a0 + 12] = x1r - x3i;
  a[a0 + 13] = x1i + x3r;
  a[a0 + 14] = x1r + x3i;
  a[a0 + 15] = x1i - x3r;
  x0r = f(y0r + y2r);
  x0i = f(y0i + y2i);
  x1r = f(y0r - y2r);
  x1i = f(y0i - y2i);
  x2r = f(y1r + y3r);
  x2i = f(y1i + y3i);
  x3r = f(y1r - y3r);
  x3i = f(y1i - y3i);
  a[a0] = x0r + x2r;
  a[a0 + 1] = x0i + x2i;
  a[a0 + 2] = x0r - x2r;
  a[a0 + 3] = x0i - x2i;
  a[a0 + 4] = x1r - x3i;
  a[a0 + 5] = x1i + x3r;
  a[a0 + 6] = x1r + x3i;
  a[a0 + 7] = x1i - x3r;
}

function cftf162(a: Float32Array, a0: number, w: Float32Array, w0: number): void {
  const wn4r = w[w0 + 1];
  const wk1r = w[w0 + 4];
  const wk1i = w[w0 + 5];
  const wk3r = w[w0 + 6];
  const wk3i = -w[w0 + 7];
  const wk2r = w[w0 + 8];
  const wk2i = w[w0 + 9];
  const p = (i: number): number => a[a0 + i];
  let x1r = f(p(0) - p(17));
  let x1i = f(p(1) + p(16));
  let x0r = f(p(8) - p(25));
  let x0i = f(p(9) + p(24));
  let x2r = f(wn4r * f(x0r - x0i));
  let x2i = f(wn4r * f(x0i + x0r));
  const y0r = f(x1r + x2r);
  const y0i = f(x1i + x2i);
  const y4r = f(x1r - x2r);
  const y4i = f(x1i - x2i);
  x1r = f(p(0) + p(17));
  x1i = f(p(1) - p(16));
  x0r = f(p(8) + p(25));
  x0i = f(p(9) - p(24));
  x2r = f(wn4r * f(x0r - x0i));
  x2i = f(wn4r * f(x0i + x0r));
  const y8r = f(x1r - x2i);
  const y8i = f(x1i + x2r);
  const y12r = f(x1r + x2i);
  const y12i = f(x1i - x2r);
  x0r = f(p(2) - p(19));
  x0i = f(p(3) + p(18));
  x1r = f(f(wk1r * x0r) - f(wk1i * x0i));
  x1i = f(f(wk1r * x0i) + f(wk1i * x0r));
  x0r = f(p(10) - p(27));
  x0i = f(p(11) + p(26));
  x2r = f(f(wk3i * x0r) - f(wk3r * x0i));
  x2i = f(f(wk3i * x0i) + f(wk3r * x0r));
  const y1r = f(x1r + x2r);
  const y1i = f(x1i + x2i);
  const y5r = f(x1r - x2r);
  const y5i = f(x1i - x2i);
  x0r = f(p(2) + p(19));
  x0i = f(p(3) - p(18));
  x1r = f(f(wk3r * x0r) - f(wk3i * x0i));
  x1i = f(f(wk3r * x0i) + f(wk3i * x0r));
  x0r = f(p(10) + p(27));
  x0i = f(p(11) - p(26));
  x2r = f(f(wk1r * x0r) + f(wk1i * x0i));
  x2i = f(f(wk1r * x0i) - f(wk1i * x0r));
  const y9r = f(x1r - x2r);
  const y9i = f(x1i - x2i);
  const y13r = f(x1r + x2r);
  const y13i = f(x1i + x2i);
  x0r = f(p(4) - p(21));
  x0i = f(p(5) + p(20));
  x1r = f(f(wk2r * x0r) - f(wk2i * x0i));
  x1i = f(f(wk2r * x0i) + f(wk2i * x0r));
  x0r = f(p(12) - p(29));
  x0i = f(p(13) + p(28));
  x2r = f(f(wk2i * x0r) - f(wk2r * x0i));
  x2i = f(f(wk2i * x0i) + f(wk2r * x0r));
  const y2r = f(x1r + x2r);
  const y2i = f(x1i + x2i);
  const y6r = f(x1r - x2r);
  const y6i = f(x1i - x2i);
  x0r = f(p(4) + p(21));
  x0i = f(p(5) - p(20));
  x1r = f(f(wk2i * x0r) - f(wk2r * x0i));
  x1i = f(f(wk2i * x0i) + f(wk2r * x0r));
  x0r = f(p(12) + p(29));
  x0i = f(p(13) - p(28));
  x2r = f(f(wk2r * x0r) - f(wk2i * x0i));
  x2i = f(f(wk2r * x0i) + f(wk2i * x0r));
  const y10r = f(x1r - x2r);
  const y10i = f(x1i - x2i);
  const y14r = f(x1r + x2r);
  const y14i = f(x1i + x2i);
  x0r = f(p(6) - p(23));
  x0i = f(p(7) + p(22));
  x1r = f(f(wk3r * x0r) - f(wk3i * x0i));
  x1i = f(f(wk3r * x0i) + f(wk3i * x0r));
  x0r = f(p(14) - p(31));
  x0i = f(p(15) + p(30));
  x2r = f(f(wk1i * x0r) - f(wk1r * x0i));
  x2i = f(f(wk1i * x0i) + f(wk1r * x0r));
  const y3r = f(x1r + x2r);
  const y3i = f(x1i + x2i);
  const y7r = f(x1r - x2r);
  const y7i = f(x1i - x2i);
  x0r = f(p(6) + p(23));
  x0i = f(p(7) - p(22));
  x1r = f(f(wk1i * x0r) + f(wk1r * x0i));
  x1i = f(f(wk1i * x0i) - f(wk1r * x0r));
  x0r = f(p(14) + p(31));
  x0i = f(p(15) - p(30));
  x2r = f(f(wk3i * x0r) - f(wk3r * x0i));
  x2i = f(f(wk3i * x0i) + f(wk3r * x0r));
  const y11r = f(x1r + x2r);
  const y11i = f(x1i + x2i);
  const y15r = f(x1r - x2r);
  const y15i = f(x1i - x2i);
  x1r = f(y0r + y2r);
  x1i = f(y0i + y2i);
  x2r = f(y1r + y3r);
  x2i = f(y1i + y3i);
  a[a0] = x1r + x2r;
  a[a0 + 1] = x1i + x2i;
  a[a0 + 2] = x1r - x2r;
  a[a0 + 3] = x1i - x2i;
  x1r = f(y0r - y2r);
  x1i = f(y0i - y2i);
  x2r = f(y1r - y3r);
  x2i = f(y1i - y3i);
  a[a0 + 4] = x1r - x2i;
  a[a0 + 5] = x1i + x2r;
  a[a0 + 6] = x1r + x2i;
  a[a0 + 7] = x1i - x2r;
  x1r = f(y4r - y6i);
  x1i = f(y4i + y6r);
  x0r = f(y5r - y7i);
  x0i = f(y5i + y7r);
  x2r = f(wn4r * f(x0r - x0i));
  x2i = f(wn4r * f(x0i + x0r));
  a[a0 + 8] = x1r + x2r;
  a[a0 + 9] = x1i + x2i;
  a[a0 + 10] = x1r - x2r;
  a[a0 + 11] = x1i - x2i;
  x1r = f(y4r + y6i);
  x1i = f(y4i - y6r);
  x0r = f(y5r + y7i);
  x0i = f(y5i - y7r);
  x2r = f(wn4r * f(x0r - x0i));
  x2i = f(wn4r * f(x0i + x0r));
  a[a0 + 12] = x1r - x2i;
  a[a0 + 13] = x1i + x2r;
  a[a0 + 14] = x1r + x2i;
  a[a0 + 15] = x1i - x2r;
  x1r = f(y8r + y10r);
  x1i = f(y8i + y10i);
  x2r = f(y9r - y11r);
  x2i = f(y9i - y11i);
  a[a0 + 16] = x1r + x2r;
  a[a0 + 17] = x1i + x2i;
  a[a0 + 18] = x1r - x2r;
  a[a0 + 19] = x1i - x2i;
  x1r = f(y8r - y10r);
  x1i = f(y8i - y10i);
  x2r = f(y9r + y11r);
  x2i = f(y9i + y11i);
  a[a0 + 20] = x1r - x2i;
  a[a0 + 21] = x1i + x2r;
  a[a0 + 22] = x1r + x2i;
  a[a0 + 23] = x1i - x2r;
  x1r = f(y12r - y14i);
  x1i = f(y12i + y14r);
  x0r = f(y13r + y15i);
  x0i = f(y13i - y15r);
  x2r = f(wn4r * f(x0r - x0i));
  x2i = f(wn4r * f(x0i + x0r));
  a[a0 + 24] = x1r + x2r;
  a[a0 + 25] = x1i + x2i;
  a[a0 + 26] = x1r - x2r;
  a[a0 + 27] = x1i - x2i;
  x1r = f(y12r + y14i);
  x1i = f(y12i - y14r);
  x0r = f(y13r - y15i);
  x0i = f(y13i + y15r);
  x2r = f(wn4r * f(x0r - x0i));
  x2i = f(wn4r * f(x0i + x0r));
  a[a0 + 28] = x1r - x2i;
  a[a0 + 29] = x1i + x2r;
  a[a0 + 30] = x1r + x2i;
  a[a0 + 31] = x1i - x2r;
}

function cftf081(a: Float32Array, a0: number, w: Float32Array, w0: number): void {
  const wn4r = w[w0 + 1];
  const p = (i: number): number => a[a0 + i];
  let x0r = f(p(0) + p(8));
  let x0i = f(p(1) + p(9));
  let x1r = f(p(0) - p(8));
  let x1i = f(p(1) - p(9));
  let x2r = f(p(4) + p(12));
  let x2i = f(p(5) + p(13));
  let x3r = f(p(4) - p(12));
  let x3i = f(p(5) - p(13));
  const y0r = f(x0r + x2r);
  const y0i = f(x0i + x2i);
  const y2r = f(x0r - x2r);
  const y2i = f(x0i - x2i);
  const y1r = f(x1r - x3i);
  const y1i = f(x1i + x3r);
  const y3r = f(x1r + x3i);
  const y3i = f(x1i - x3r);
  x0r = f(p(2) + p(10));
  x0i = f(p(3) + p(11));
  x1r = f(p(2) - p(10));
  x1i = f(p(3) - p(11));
  x2r = f(p(6) + p(14));
  x2i = f(p(7) + p(15));
  x3r = f(p(6) - p(14));
  x3i = f(p(7) - p(15));
  const y4r = f(x0r + x2r);
  const y4i = f(x0i + x2i);
  const y6r = f(x0r - x2r);
  const y6i = f(x0i - x2i);
  x0r = f(x1r - x3i);
  x0i = f(x1i + x3r);
  x2r = f(x1r + x3i);
  x2i = f(x1i - x3r);
  const y5r = f(wn4r * f(x0r - x0i));
  const y5i = f(wn4r * f(x0r + x0i));
  const y7r = f(wn4r * f(x2r - x2i));
  const y7i = f(wn4r * f(x2r + x2i));
  a[a0 + 8] = y1r + y5r;
  a[a0 + 9] = y1i + y5i;
  a[a0 + 10] = y1r - y5r;
  a[a0 + 11] = y1i - y5i;
  a[a0 + 12] = y3r - y7i;
  a[a0 + 13] = y3i + y7r;
  a[a0 + 14] = y3r + y7i;
  a[a0 + 15] = y3i - y7r;
  a[a0] = y0r + y4r;
  a[a0 + 1] = y0i + y4i;
  a[a0 + 2] = y0r - y4r;
  a[a0 + 3] = y0i - y4i;
  a[a0 + 4] = y2r - y6i;
  a[a0 + 5] = y2i + y6r;
  a[a0 + 6] = y2r + y6i;
  a[a0 + 7] = y2i - y6r;
}

function cftf082(a: Float32Array, a0: number, w: Float32Array, w0: number): void {
  const wn4r = w[w0 + 1];
  const wk1r = w[w0 + 2];
  const wk1i = w[w0 + 3];
  const p = (i: number): number => a[a0 + i];
  const y0r = f(p(0) - p(9));
  const y0i = f(p(1) + p(8));
  const y1r = f(p(0) + p(9));
  const y1i = f(p(1) - p(8));
  let x0r = f(p(4) - p(13));
  let x0i = f(p(5) + p(12));
  const y2r = f(wn4r * f(x0r - x0i));
  const y2i = f(wn4r * f(x0i + x0r));
  x0r = f(p(4) + p(13));
  x0i = f(p(5) - p(12));
  const y3r = f(wn4r * f(x0r - x0i));
  const y3i = f(wn4r * f(x0i + x0r));
  x0r = f(p(2) - p(11));
  x0i = f(p(3) + p(10));
  const y4r = f(f(wk1r * x0r) - f(wk1i * x0i));
  const y4i = f(f(wk1r * x0i) + f(wk1i * x0r));
  x0r = f(p(2) + p(11));
  x0i = f(p(3) - p(10));
  const y5r = f(f(wk1i * x0r) - f(wk1r * x0i));
  const y5i = f(f(wk1i * x0i) + f(wk1r * x0r));
  x0r = f(p(6) - p(15));
  x0i = f(p(7) + p(14));
  const y6r = f(f(wk1i * x0r) - f(wk1r * x0i));
  const y6i = f(f(wk1i * x0i) + f(wk1r * x0r));
  x0r = f(p(6) + p(15));
  x0i = f(p(7) - p(14));
  const y7r = f(f(wk1r * x0r) - f(wk1i * x0i));
  const y7i = f(f(wk1r * x0i) + f(wk1i * x0r));
  x0r = f(y0r + y2r);
  x0i = f(y0i + y2i);
  let x1r = f(y4r + y6r);
  let x1i = f(y4i + y6i);
  a[a0] = x0r + x1r;
  a[a0 + 1] = x0i + x1i;
  a[a0 + 2] = x0r - x1r;
  a[a0 + 3] = x0i - x1i;
  x0r = f(y0r - y2r);
  x0i = f(y0i - y2i);
  x1r = f(y4r - y6r);
  x1i = f(y4i - y6i);
  a[a0 + 4] = x0r - x1i;
  a[a0 + 5] = x0i + x1r;
  a[a0 + 6] = x0r + x1i;
  a[a0 + 7] = x0i - x1r;
  x0r = f(y1r - y3i);
  x0i = f(y1i + y3r);
  x1r = f(y5r - y7r);
  x1i = f(y5i - y7i);
  a[a0 + 8] = x0r + x1r;
  a[a0 + 9] = x0i + x1i;
  a[a0 + 10] = x0r - x1r;
  a[a0 + 11] = x0i - x1i;
  x0r = f(y1r + y3i);
  x0i = f(y1i - y3r);
  x1r = f(y5r + y7r);
  x1i = f(y5i + y7i);
  a[a0 + 12] = x0r - x1i;
  a[a0 + 13] = x0i + x1r;
  a[a0 + 14] = x0r + x1i;
  a[a0 + 15] = x0i - x1r;
}
