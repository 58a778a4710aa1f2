/**
 * HTK-style triangular mel filterbank on a power spectrum (notes §3.2 item 7, §3.3 item 21).
 * Band edges/centres are bandCount+2 points equally spaced on mel = 1127·ln(1 + f/700) between
 * lowHz and highHz. Only bins strictly between round(lowHz/binHz) and round(highHz/binHz) are used;
 * each bin's power is split between the band whose falling slope and the band whose rising slope
 * it lies on, so the filters peak at 1 and are not area-normalised. Mel points, weights and band
 * sums are float32 in cMelspec's order of operations (notes §8): the band powers then match
 * openSMILE's bit for bit, which its LPC functionals need. The sums run in assembly/energySpectralFrames.ts.
 */
export interface MelFilterbank {
  readonly bandCount: number;
  /** Band centre frequencies in Hz (they drive the equal-loudness weights). */
  readonly centreFrequenciesHz: Float64Array;
  readonly firstBin: number;
  readonly lastBin: number;
  /** Per bin in firstBin..lastBin: the band on whose falling slope the bin lies (−1: none, the bin is on band 0's rising slope). */
  readonly lowerBand: Int32Array;
  /** Per bin: weight of the bin in `lowerBand`; the rest (1 − w) goes to lowerBand + 1. */
  readonly lowerWeight: Float32Array;
}

export function hzToMel(frequencyHz: number): number {
  return 1127 * Math.log(1 + frequencyHz / 700);
}

export function melToHz(mel: number): number {
  return 700 * (Math.exp(mel / 1127) - 1);
}

export function createMelFilterbank(binCount: number, binHz: number, bandCount = 26, lowHz = 20, highHz = 8000): MelFilterbank {
  const f = Math.fround;
  // cMelspec keeps the mel points in float: f(low + f(m·f(f(high − low)/(bands + 1)))).
  const lowMel = f(hzToMel(lowHz));
  const stepMel = f(f(f(hzToMel(highHz)) - lowMel) / f(bandCount + 1));
  const pointsMel = new Float64Array(bandCount + 2);
  for (let m = 0; m < bandCount + 2; m++) pointsMel[m] = f(lowMel + f(m * stepMel));
  const centreFrequenciesHz = new Float64Array(bandCount);
  for (let m = 0; m < bandCount; m++) centreFrequenciesHz[m] = melToHz(pointsMel[m + 1]);

  const firstBin = Math.round(lowHz / binHz) + 1;
  const lastBin = Math.min(Math.round(highHz / binHz), binCount) - 1;
  const lowerBand = new Int32Array(binCount);
  const lowerWeight = new Float32Array(binCount);
  let j = 0;
  for (let k = firstBin; k <= lastBin; k++) {
    const mel = f(hzToMel(f(k * binHz)));
    while (j < bandCount + 1 && pointsMel[j] < mel) j++;
    // pointsMel[j−1] < mel ≤ pointsMel[j]: falling slope of band j−2, rising slope of band j−1.
    lowerBand[k] = j - 2;
    lowerWeight[k] = f(pointsMel[j] - mel) / f(pointsMel[j] - pointsMel[j - 1]);
  }
  return { bandCount, centreFrequenciesHz, firstBin, lastBin, lowerBand, lowerWeight };
}
