import FFT from 'fft.js';

/**
 * Windowed, zero-padded magnitude spectrum of one frame (notes §2: G60 and H20).
 * One instance per (frame length, FFT size, window): it owns its FFT plan and scratch buffers,
 * so computing a frame allocates nothing. Where the frame sits inside the zero-padded buffer does
 * not change the magnitudes, so the frame is placed at the start.
 */
export class MagnitudeSpectrum {
  readonly binCount: number;
  private readonly fft: FFT;
  private readonly input: Float64Array;
  private readonly output: number[];

  constructor(
    readonly frameLengthSamples: number,
    readonly fftSize: number,
    private readonly window: Float32Array,
  ) {
    if (window.length !== frameLengthSamples) throw new Error(`window length ${window.length} != frame length ${frameLengthSamples}`);
    if (fftSize < frameLengthSamples) throw new Error(`FFT size ${fftSize} < frame length ${frameLengthSamples}`);
    this.fft = new FFT(fftSize);
    this.binCount = fftSize / 2 + 1;
    this.input = new Float64Array(fftSize);
    this.output = this.fft.createComplexArray() as number[];
  }

  /** Writes |X_k| for k = 0..fftSize/2 of signal[startSample .. startSample+frameLength) into `out`. */
  compute(signal: Float32Array, startSample: number, out: Float32Array): Float32Array {
    const { input, window, frameLengthSamples } = this;
    for (let i = 0; i < frameLengthSamples; i++) input[i] = signal[startSample + i] * window[i];
    this.fft.realTransform(this.output, input as unknown as number[]);
    const o = this.output;
    for (let k = 0; k < this.binCount; k++) {
      const re = o[2 * k];
      const im = o[2 * k + 1];
      out[k] = Math.sqrt(re * re + im * im);
    }
    return out;
  }
}
