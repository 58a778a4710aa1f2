import FFT from 'fft.js';

/**
 * Linear convolution of a long signal with a short filter (an impulse response) by FFT overlap-add.
 * Output length: signal.length + filter.length − 1. Blocks are sized so that each FFT is at least four
 * times the filter, which keeps the cost per output sample near its minimum.
 */
export function fftConvolve(signal: Float32Array, filter: Float32Array): Float32Array {
  if (signal.length === 0 || filter.length === 0) return new Float32Array(0);
  const outLength = signal.length + filter.length - 1;
  const fftSize = Math.max(64, 2 ** Math.ceil(Math.log2(4 * filter.length)));
  const blockLength = fftSize - filter.length + 1;
  const fft = new FFT(fftSize);

  const input = new Float64Array(fftSize);
  input.set(filter);
  const filterSpectrum = fft.createComplexArray() as number[];
  fft.realTransform(filterSpectrum, input);
  fft.completeSpectrum(filterSpectrum);

  const blockSpectrum = fft.createComplexArray() as number[];
  const product = fft.createComplexArray() as number[];
  const blockOut = fft.createComplexArray() as number[];
  const out = new Float64Array(outLength);
  for (let start = 0; start < signal.length; start += blockLength) {
    const end = Math.min(start + blockLength, signal.length);
    input.fill(0);
    for (let i = start; i < end; i++) input[i - start] = signal[i];
    fft.realTransform(blockSpectrum, input);
    fft.completeSpectrum(blockSpectrum);
    for (let k = 0; k < fftSize; k++) {
      const ar = blockSpectrum[2 * k];
      const ai = blockSpectrum[2 * k + 1];
      const br = filterSpectrum[2 * k];
      const bi = filterSpectrum[2 * k + 1];
      product[2 * k] = ar * br - ai * bi;
      product[2 * k + 1] = ar * bi + ai * br;
    }
    fft.inverseTransform(blockOut, product);
    const validLength = Math.min(fftSize, outLength - start);
    for (let i = 0; i < validLength; i++) out[start + i] += blockOut[2 * i];
  }
  return Float32Array.from(out);
}
