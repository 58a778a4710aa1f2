/**
 * 1 where openSMILE's cMZcr counts a zero crossing at sample i (notes §3.2 item 10):
 * x[i−1]·x[i] < 0, or x[i] = 0 and x[i−1]·x[i+1] ≤ 0. Needs 1 ≤ i ≤ signal.length − 2.
 */
function crossesAt(signal: Float32Array, i: number): number {
  const prev = signal[i - 1];
  const x = signal[i];
  // Bitwise, not logical, operators: no branch to mispredict on noise.
  return +(prev * x < 0) | (+(x === 0) & +(prev * signal[i + 1] <= 0));
}

/**
 * pcm_zcr (notes §3.2 item 10) of one raw frame: crossings counted at i = 1..L−2 of the frame,
 * divided by L, so digital silence gives (L−2)/L. Our own: meyda's zcr uses another crossing rule
 * and does not divide by L.
 */
export function zeroCrossingRate(signal: Float32Array, startSample: number, frameLengthSamples: number): number {
  let crossings = 0;
  const end = startSample + frameLengthSamples - 1;
  for (let i = startSample + 1; i < end; i++) crossings += crossesAt(signal, i);
  return crossings / frameLengthSamples;
}

/**
 * zeroCrossingRate for every frame k (starting at k·hopSamples) of the `out.length` frames, with a
 * running count: each frame costs 2·hop samples instead of L.
 */
export function zeroCrossingRateContour(signal: Float32Array, frameLengthSamples: number, hopSamples: number, out: Float32Array): Float32Array {
  if (out.length === 0) return out;
  let crossings = zeroCrossingRate(signal, 0, frameLengthSamples) * frameLengthSamples;
  out[0] = crossings / frameLengthSamples;
  for (let t = 1; t < out.length; t++) {
    const prevStart = (t - 1) * hopSamples;
    for (let i = prevStart + 1; i < prevStart + 1 + hopSamples; i++) crossings -= crossesAt(signal, i);
    const prevEnd = prevStart + frameLengthSamples - 1;
    for (let i = prevEnd; i < prevEnd + hopSamples; i++) crossings += crossesAt(signal, i);
    out[t] = crossings / frameLengthSamples;
  }
  return out;
}
