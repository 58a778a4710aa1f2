/**
 * pcm_fftMag_spectralHarmonicity (notes §3.3 item 20): bins firstBin+2..lastBin−2 that are strict
 * local maxima or minima of the power against 2 bins on each side are the extrema; the absolute
 * differences between consecutive extrema are summed, halved (each peak counted once) and divided
 * by the number of bins of the range. The sum runs in float32 as in openSMILE.
 */
export function spectralHarmonicity(power: Float32Array, firstBin: number, lastBin: number): number {
  let sum = 0;
  let haveLast = false;
  let last = 0;
  for (let j = firstBin + 2; j <= lastBin - 2; j++) {
    const p = power[j];
    const isMax = power[j - 2] < p && power[j - 1] < p && p > power[j + 1] && p > power[j + 2];
    const isMin = power[j - 2] > p && power[j - 1] > p && p < power[j + 1] && p < power[j + 2];
    if (!isMax && !isMin) continue;
    if (haveLast) sum = Math.fround(sum + Math.abs(Math.fround(p - last)));
    last = p;
    haveLast = true;
  }
  return Math.fround(sum / 2) / (lastBin - firstBin + 1);
}
