import { RealFftMagnitude } from './realFft.js';

/**
 * How the FFT rounds: 'float64' is the exact transform rounded once, for spectra whose features do
 * not depend on the last bits (the voicing group's G60 spectrum: its features agree with openSMILE
 * equally either way). openSMILE's float32 Ooura rdft (notes §8), which the LPC functionals of the
 * spectral contours need, runs inside the energy and spectral frame loop (energySpectralFrames.ts).
 */
export type FftArithmetic = 'float64';

/**
 * Windowed, zero-padded magnitude spectrum of one frame (notes §2: G60), the frame first in the
 * zero-padded buffer. One instance per (frame length, FFT size, window): it owns its FFT plan and
 * scratch buffers, so computing a frame allocates nothing.
 */
export class MagnitudeSpectrum {
  readonly binCount: number;
  private readonly fft: RealFftMagnitude;

  constructor(
    readonly frameLengthSamples: number,
    readonly fftSize: number,
    private readonly window: Float32Array,
    readonly arithmetic: FftArithmetic = 'float64',
  ) {
    if (window.length !== frameLengthSamples) throw new Error(`window length ${window.length} != frame length ${frameLengthSamples}`);
    if (fftSize < frameLengthSamples) throw new Error(`FFT size ${fftSize} < frame length ${frameLengthSamples}`);
    this.fft = new RealFftMagnitude(fftSize);
    this.binCount = this.fft.binCount;
  }

  /** Writes |X_k| for k = 0..fftSize/2 of signal[startSample .. startSample+frameLength) into `out`. */
  compute(signal: Float32Array, startSample: number, out: Float32Array): Float32Array {
    return this.fft.compute(signal, startSample, this.window, out);
  }
}
