/**
 * pcm_fftMag_spectralEntropy (notes §3.3 item 16): Shannon entropy in bits of the power spectrum
 * over firstBin..lastBin taken as a distribution, as openSMILE's smileStat_entropy computes it:
 * each power (not each probability) is floored at `floor` before dividing by the (unfloored) sum,
 * and the sum itself is floored at float32(floor).
 */
export function spectralEntropy(power: Float32Array, firstBin: number, lastBin: number, floor = 1e-7): number {
  let total = 0;
  for (let k = firstBin; k <= lastBin; k++) total += power[k];
  const totalFloor = Math.fround(floor);
  if (total < totalFloor) total = totalFloor;
  let sum = 0;
  let flooredBins = 0;
  for (let k = firstBin; k <= lastBin; k++) {
    if (power[k] <= floor) {
      flooredBins++;
    } else {
      const p = power[k] / total;
      sum += p * Math.log(p);
    }
  }
  // Floored bins all contribute the same term: one log for all of them (quiet spectra have many).
  if (flooredBins > 0) {
    const p = floor / total;
    sum += flooredBins * p * Math.log(p);
  }
  return -sum / Math.LN2;
}
