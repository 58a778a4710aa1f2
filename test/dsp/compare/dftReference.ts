/** |X_k| by the defining sum in float64, for k = 0..N/2, of the frame zero-padded to N: the FFT tests' oracle. */
export function dftMagnitudes(frame: Float32Array, fftSize: number): Float64Array {
  const out = new Float64Array(fftSize / 2 + 1);
  for (let k = 0; k < out.length; k++) {
    let re = 0;
    let im = 0;
    for (let n = 0; n < frame.length; n++) {
      const angle = (-2 * Math.PI * k * n) / fftSize;
      re += frame[n] * Math.cos(angle);
      im += frame[n] * Math.sin(angle);
    }
    out[k] = Math.hypot(re, im);
  }
  return out;
}
