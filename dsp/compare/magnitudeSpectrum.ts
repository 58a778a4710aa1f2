import { OouraRealFftMagnitude32 } from './oouraRealFft32.js';
import { RealFftMagnitude } from './realFft.js';

/**
 * How the FFT rounds: 'float32' reproduces openSMILE's float32 Ooura rdft (notes §8), which the
 * LPC functionals of the spectral contours need to agree with openSMILE; 'float64' is the exact
 * transform rounded once, about twice as fast, for spectra whose features do not depend on the
 * last bits (the voicing group's G60 spectrum: its features agree with openSMILE equally either way).
 */
export type FftArithmetic = 'float32' | 'float64';

/**
 * Windowed, zero-padded magnitude spectrum of one frame (notes §2: G60 and H20). In float32 the
 * frame is centred in the zero-padded buffer like openSMILE's zeroPadSymmetric (float32 rounding
 * notices where it sits; the float64 path, which does not, puts it first). One instance per
 * (frame length, FFT size, window, arithmetic): it owns its FFT plan and scratch buffers, so
 * computing a frame allocates nothing.
 */
export class MagnitudeSpectrum {
  readonly binCount: number;
  private readonly fft: OouraRealFftMagnitude32 | RealFftMagnitude;

  /** @param arithmetic default 'float32' (openSMILE's) */
  constructor(
    readonly frameLengthSamples: number,
    readonly fftSize: number,
    private readonly window: Float32Array,
    readonly arithmetic: FftArithmetic = 'float32',
  ) {
    if (window.length !== frameLengthSamples) throw new Error(`window length ${window.length} != frame length ${frameLengthSamples}`);
    if (fftSize < frameLengthSamples) throw new Error(`FFT size ${fftSize} < frame length ${frameLengthSamples}`);
    this.fft = arithmetic === 'float32' ? new OouraRealFftMagnitude32(fftSize) : new RealFftMagnitude(fftSize);
    this.binCount = this.fft.binCount;
  }

  /** Writes |X_k| for k = 0..fftSize/2 of signal[startSample .. startSample+frameLength) into `out`. */
  compute(signal: Float32Array, startSample: number, out: Float32Array): Float32Array {
    return this.fft.compute(signal, startSample, this.window, out);
  }
}
