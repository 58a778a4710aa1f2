/**
 * Spectral centroid, variance, skewness and kurtosis (notes §3.3 items 15, 17): moments of
 * f_k = k·binHz weighted by the power P_k over firstBin..lastBin, about the centroid.
 * Skewness = Σ(f−c)³P/(ΣP·σ³), kurtosis = Σ(f−c)⁴P/(ΣP·σ⁴) (not excess); 0 when σ² = 0.
 * Our own: meyda's moments use bin indices instead of Hz and the magnitude instead of the power.
 * Writes [centroid Hz, variance Hz², skewness, kurtosis] into `out`.
 */
export function spectralMoments(power: Float32Array, firstBin: number, lastBin: number, binHz: number, out: Float64Array): Float64Array {
  let sumP = 0;
  let sumFP = 0;
  for (let k = firstBin; k <= lastBin; k++) {
    sumP += power[k];
    sumFP += k * binHz * power[k];
  }
  // openSMILE keeps the centroid in float32 and takes the moments about that value.
  const centroid = sumP !== 0 ? Math.fround(sumFP / sumP) : 0;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let k = firstBin; k <= lastBin; k++) {
    const d = k * binHz - centroid;
    const a = d * d * power[k];
    m2 += a;
    m3 += a * d;
    m4 += a * d * d;
  }
  const variance = sumP !== 0 ? m2 / sumP : 0;
  out[0] = centroid;
  out[1] = variance;
  out[2] = variance > 0 ? m3 / (sumP * variance * Math.sqrt(variance)) : 0;
  out[3] = variance !== 0 ? m4 / (sumP * variance * variance) : 0;
  return out;
}
