/**
 * Spectral roll-off points (notes §3.3 item 13): for each fraction p, the frequency of the first bin
 * (from firstBin on) where the cumulative power reaches p·(total power over firstBin..lastBin).
 * Our own: meyda's spectralRolloff works on magnitudes, with a fixed 99% and from the top down.
 * `fractions` must be in ascending order. Writes one frequency in Hz per fraction into `outHz`.
 */
export function spectralRollOffs(power: Float32Array, firstBin: number, lastBin: number, binHz: number, fractions: ArrayLike<number>, outHz: Float64Array): Float64Array {
  let total = 0;
  for (let k = firstBin; k <= lastBin; k++) total += power[k];
  let cumulative = 0;
  let next = 0;
  for (let k = firstBin; k <= lastBin && next < fractions.length; k++) {
    cumulative += power[k];
    while (next < fractions.length && cumulative >= fractions[next] * total) outHz[next++] = k * binHz;
  }
  // Only reachable with NaN input: openSMILE leaves a point it never reached at 0.
  while (next < fractions.length) outHz[next++] = 0;
  return outHz;
}
