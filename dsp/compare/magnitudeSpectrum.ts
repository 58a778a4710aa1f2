import { RealFftMagnitude } from './realFft.js';

/**
 * Windowed, zero-padded magnitude spectrum of one frame (notes §2: G60), the frame first in the
 * zero-padded buffer. The transform is float64, rounded once: the voicing group's features do not
 * depend on its last bits (they agree with openSMILE equally either way). openSMILE's float32 Ooura
 * rdft (notes §8), which the LPC functionals of the spectral contours need, runs inside the energy
 * and spectral frame loop (energySpectralFrames.ts). One instance per (frame length, FFT size, window): it owns its FFT plan and
 * scratch buffers, so computing a frame allocates nothing.
 */
export class MagnitudeSpectrum {
  readonly binCount: number;
  private readonly fft: RealFftMagnitude;

  constructor(
    readonly frameLengthSamples: number,
    readonly fftSize: number,
    private readonly window: Float32Array,
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
