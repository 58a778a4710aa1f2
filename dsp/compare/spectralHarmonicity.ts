/**
 * pcm_fftMag_spectralHarmonicity (notes §3.3 item 20): bins firstBin+2..lastBin−2 that are strict
 * local maxima or minima of the power against 2 bins on each side are the extrema; the absolute
 * differences between consecutive extrema are summed, halved (each peak counted once) and divided
 * by the number of bins of the range. The sum runs in float32 as in openSMILE.
 */
export function spectralHarmonicity(power: Float32Array, firstBin: number, lastBin: number): number {
  // Two passes, same sum: collect the extrema's values, then add up their differences. The first
  // pass stores every bin's value and advances by the extremum test's 0/1, so it has no branch to
  // mispredict.
  if (extremaScratch.length < lastBin + 1) extremaScratch = new Float32Array(lastBin + 1);
  const extrema = extremaScratch;
  let count = 0;
  for (let j = firstBin + 2; j <= lastBin - 2; j++) {
    const p = power[j];
    const a = power[j - 2];
    const b = power[j - 1];
    const c = power[j + 1];
    const d = power[j + 2];
    extrema[count] = p;
    count += (+(a < p) & +(b < p) & +(p > c) & +(p > d)) | (+(a > p) & +(b > p) & +(p < c) & +(p < d));
  }
  let sum = 0;
  for (let i = 1; i < count; i++) sum = Math.fround(sum + Math.abs(Math.fround(extrema[i] - extrema[i - 1])));
  return Math.fround(sum / 2) / (lastBin - firstBin + 1);
}

/** Extremum values of spectralHarmonicity, reused across calls (they never overlap). */
let extremaScratch = new Float32Array(0);
