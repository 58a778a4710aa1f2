/**
 * Magnitude spectrum of a real frame by a complex FFT of half the size: the even samples as real
 * part, the odd ones as imaginary part, then the usual split into the real signal's spectrum. The
 * half-size transform is decimation in time with the input read in bit-reversed order: radix-4
 * stages (the first, without twiddles, applied while loading), then one radix-2 stage when log2 of
 * its size is odd, all twiddle factors precomputed. Double precision throughout, like fft.js, which
 * it replaces here: about 20% faster for the 1024-point G60 frames and 35% for the 512-point H20
 * ones, and its magnitudes round to the same float32 values on the reference recordings.
 *
 * The transform runs as WebAssembly (assembly/realFft.ts): the same double-precision operations in
 * the same order, so the same bits, at full speed from the first frame instead of after V8's
 * optimising compiler has caught up. The tables are computed here, once per instance.
 */
import wasmBase64 from '../../assembly/realFft.wasm.js';
import { instantiateWasm, SpectrumBuffers } from './wasmInstance.js';

interface RealFftExports {
  magnitude(
    n: number,
    frame: number,
    window: number,
    length: number,
    out: number,
    re: number,
    im: number,
    bitReversed: number,
    stageTwiddles: number,
    radix2Twiddles: number,
    splitCos: number,
    splitSin: number,
  ): void;
}

export class RealFftMagnitude {
  /** fftSize/2 + 1 bins, DC to Nyquist. */
  readonly binCount: number;
  private readonly exports: RealFftExports;
  /** Byte offsets in the instance's memory, for magnitude(): see assembly/realFft.ts. */
  private readonly at: { re: number; im: number; stageTwiddles: number; radix2Twiddles: number; splitCos: number; splitSin: number; bitReversed: number };
  private readonly buffers: SpectrumBuffers;

  constructor(readonly fftSize: number) {
    if (fftSize < 8 || (fftSize & (fftSize - 1)) !== 0) throw new Error(`FFT size must be a power of 2 ≥ 8, got ${fftSize}`);
    const half = fftSize / 2;
    this.binCount = half + 1;
    const bits = Math.log2(half);
    const bitReversed = new Int32Array(half);
    for (let i = 0; i < half; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      bitReversed[i] = r;
    }
    // Radix-4 stages after the first, one after another: cos/sin of the twiddles W^k, W^2k, W^3k of
    // its span, k = 0..quarter−1.
    const stageTwiddles: number[] = [];
    let quarter = 4;
    for (; 4 * quarter <= half; quarter *= 4) {
      const span = 4 * quarter;
      for (let k = 0; k < quarter; k++) {
        for (let m = 1; m <= 3; m++) {
          const angle = (-2 * Math.PI * m * k) / span;
          stageTwiddles.push(Math.cos(angle), Math.sin(angle));
        }
      }
    }
    // quarter is now the merged size; one radix-2 stage is left when it is half of the transform:
    // cos/sin of W^k of the whole half-size transform.
    const radix2Twiddles = new Float64Array(2 * quarter === half ? half : 0);
    for (let k = 0; k < radix2Twiddles.length / 2; k++) {
      radix2Twiddles[2 * k] = Math.cos((-2 * Math.PI * k) / half);
      radix2Twiddles[2 * k + 1] = Math.sin((-2 * Math.PI * k) / half);
    }
    // cos and sin of 2πk/fftSize for the final split, k = 0..half/2.
    const splitCos = new Float64Array(half / 2 + 1);
    const splitSin = new Float64Array(half / 2 + 1);
    for (let k = 0; k <= half / 2; k++) {
      splitCos[k] = Math.cos((2 * Math.PI * k) / fftSize);
      splitSin[k] = Math.sin((2 * Math.PI * k) / fftSize);
    }

    // The doubles first, then the 4-byte values.
    const re = 0;
    const im = re + 8 * half;
    const stageTwiddlesAt = im + 8 * half;
    const radix2TwiddlesAt = stageTwiddlesAt + 8 * stageTwiddles.length;
    const splitCosAt = radix2TwiddlesAt + 8 * radix2Twiddles.length;
    const splitSinAt = splitCosAt + 8 * splitCos.length;
    const bitReversedAt = splitSinAt + 8 * splitSin.length;
    const frameAt = bitReversedAt + 4 * half;
    this.at = { re, im, stageTwiddles: stageTwiddlesAt, radix2Twiddles: radix2TwiddlesAt, splitCos: splitCosAt, splitSin: splitSinAt, bitReversed: bitReversedAt };
    const { exports, buffer } = instantiateWasm<RealFftExports>(wasmBase64, frameAt + SpectrumBuffers.bytes(fftSize, this.binCount));
    this.exports = exports;
    new Float64Array(buffer, stageTwiddlesAt, stageTwiddles.length).set(stageTwiddles);
    new Float64Array(buffer, radix2TwiddlesAt, radix2Twiddles.length).set(radix2Twiddles);
    new Float64Array(buffer, splitCosAt, splitCos.length).set(splitCos);
    new Float64Array(buffer, splitSinAt, splitSin.length).set(splitSin);
    new Int32Array(buffer, bitReversedAt, half).set(bitReversed);
    this.buffers = new SpectrumBuffers(buffer, frameAt, fftSize, this.binCount);
  }

  /**
   * |X_k|, k = 0..fftSize/2, of signal[start .. start + window.length) · window, zero-padded to
   * fftSize, written to `out`.
   */
  compute(signal: Float32Array, start: number, window: Float32Array, out: Float32Array): Float32Array {
    // Samples past fftSize would not enter the transform.
    const length = Math.min(window.length, this.fftSize);
    const { at, buffers: b } = this;
    b.load(signal, start, window, length);
    this.exports.magnitude(
      this.fftSize,
      b.frameAt,
      b.windowAt,
      length,
      b.magnitudesAt,
      at.re,
      at.im,
      at.bitReversed,
      at.stageTwiddles,
      at.radix2Twiddles,
      at.splitCos,
      at.splitSin,
    );
    return b.store(out);
  }
}
