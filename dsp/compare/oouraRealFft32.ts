/**
 * Magnitude spectrum by Ooura's split-radix real FFT (fftsg.c `rdft`, forward) in single
 * precision, as openSMILE compiles it (FLOAT_TYPE_FFT = float; notes §8). Every intermediate is
 * rounded to float32 in the C code's order of operations, so the bins are openSMILE's float32
 * spectrum rather than the exact one: enough of a difference for the ill-conditioned LPC
 * functionals of the spectral contours. Windowing (cWindower: a float product), symmetric zero
 * padding (cTransformFFT zeroPadSymmetric=1) and the magnitude (cFFTmagphase: float
 * sqrt(re² + im²)) follow openSMILE too: in float32 they change the rounding.
 *
 * The transform runs as WebAssembly (assembly/lib/oouraRealFft32.ts, inside the energy and spectral
 * frame loop of assembly/energySpectralFrames.ts), whose f32 arithmetic is C's float arithmetic: the
 * straight-line butterflies cost V8's optimising compiler about a third of a second per process as
 * JavaScript, and ran in the interpreter until then. The twiddle tables, computed once in double
 * precision like the C code's cos/sin, stay here in JavaScript.
 */
const f = Math.fround;

/**
 * The tables assembly/lib/oouraRealFft32.ts's `magnitude` reads for an fftSize-point transform: Ooura's
 * table w (twiddles w[0..n/4), then rdft's cosine table w[n/4..n/2)) and bitrv2's swaps (pairs i < j
 * of bit-reversed complex points).
 */
export function oouraTables(fftSize: number): { w: Float32Array; swaps: Int32Array } {
  if (fftSize < 64 || (fftSize & (fftSize - 1)) !== 0) throw new Error(`FFT size must be a power of 2 ≥ 64, got ${fftSize}`);
  const n = fftSize;
  const nw = n >> 2;
  const nc = n >> 2;
  const w = new Float32Array(nw + nc);
  makewt(nw, w);
  makect(nc, w, nw);
  // A pure permutation, so its order of swaps is free.
  const points = n / 2;
  const bits = Math.log2(points);
  const pairs: number[] = [];
  for (let i = 0; i < points; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    if (i < r) pairs.push(i, r);
  }
  return { w, swaps: Int32Array.from(pairs) };
}

/*
 * The tables in C's float semantics: a local assignment or a binary operation on floats rounds (f),
 * a store into the Float32Array rounds by itself; the C code computes cos/sin in double and rounds
 * where it stores them in float.
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
