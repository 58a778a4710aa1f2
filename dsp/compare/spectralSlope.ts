/**
 * pcm_fftMag_spectralSlope (notes §3.3 item 18): least-squares slope of the power P_k against
 * f_k = k·binHz over firstBin..lastBin, multiplied by (bin count − 1) as openSMILE's legacy default
 * (buggySlopeScale) does. Our own: meyda normalises the slope by the spectrum's sum. Per frame
 * (assembly/energySpectralFrames.ts): ((N·Σf·P − Σf·ΣP)/denominator)·scale, sums in double.
 */
export function spectralSlopeConstants(firstBin: number, lastBin: number, binHz: number, scale = lastBin - firstBin): { sumF: number; denominator: number; scale: number } {
  let sumF = 0;
  let sumF2 = 0;
  for (let k = firstBin; k <= lastBin; k++) {
    sumF += k * binHz;
    sumF2 += k * binHz * k * binHz;
  }
  return { sumF, denominator: (lastBin - firstBin + 1) * sumF2 - sumF * sumF, scale };
}
