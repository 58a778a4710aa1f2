/**
 * pcm_fftMag_spectralFlux (notes §3.3 item 14): sqrt(mean_k (|X_k| − |X_k,prev|)²) over
 * firstBin..lastBin, on un-normalised magnitudes. The first frame has no predecessor and gets 0
 * (the caller's job). Our own: meyda's spectralFlux is half-wave rectified and not a mean.
 */
export function spectralFlux(magnitude: Float32Array, previousMagnitude: Float32Array, firstBin: number, lastBin: number): number {
  let sum = 0;
  for (let k = firstBin; k <= lastBin; k++) {
    const d = magnitude[k] - previousMagnitude[k];
    sum += d * d;
  }
  return Math.sqrt(sum / (lastBin - firstBin + 1));
}
