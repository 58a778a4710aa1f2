import { RealFftMagnitude } from './realFft.js';

/**
 * Windowed, zero-padded magnitude spectrum of one frame (notes §2: G60 and H20).
 * One instance per (frame length, FFT size, window): it owns its FFT plan and scratch buffers,
 * so computing a frame allocates nothing. Where the frame sits inside the zero-padded buffer does
 * not change the magnitudes, so the frame is placed at the start.
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
