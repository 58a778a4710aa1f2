/**
 * The two spectrum shaping steps openSMILE's cSpecScale applies before the octave resampling of the
 * SHS pitch input (`specEnhance=1`, `specSmooth=1`; the method is Hermes' subharmonic summation as
 * ported from Praat). Both work in place on a linear magnitude spectrum.
 */

/**
 * Peak enhancement: every bin farther than 2 bins from a local maximum, between two maxima, is set
 * to 0, so only the neighbourhood of each spectral peak survives. Maxima are a[i] > a[i−1] and
 * a[i] ≥ a[i+1], plus either end when it is higher than its neighbour. One pass: the bins cleared
 * behind a newly found maximum are never looked at again by the search.
 */
export function enhanceSpectralPeaks(a: Float64Array, n: number): void {
  if (n < 2) return;
  // Two passes, same result: find the maxima (on the input values, which is what the one-pass
  // search sees too, since its clearing stays 3 bins behind), then clear between them. The search
  // records every bin and advances the count by the comparison's 0/1: no branch to mispredict.
  if (maximaScratch.length < n) maximaScratch = new Int32Array(n);
  const maxima = maximaScratch;
  let count = 0;
  if (a[0] > a[1]) maxima[count++] = 0;
  let before = a[0];
  let current = a[1];
  for (let i = 1; i < n - 1; i++) {
    const after = a[i + 1];
    maxima[count] = i;
    count += +(current > before) & +(current >= after);
    before = current;
    current = after;
  }
  if (a[n - 1] > a[n - 2]) maxima[count++] = n - 1;
  for (let m = 1; m < count; m++) clear(a, maxima[m - 1] + 3, maxima[m] - 3);
  if (count === 1) {
    // openSMILE reads posmax[1] here (one past the only maximum, a zero slot): it keeps bins 0..2
    // and clears the rest. Reproduced for parity; it only happens for a spectrum with a single peak.
    for (let j = 3; j < n; j++) a[j] = 0;
  }
}

/** Maxima positions of enhanceSpectralPeaks, reused across calls (they never overlap). */
let maximaScratch = new Int32Array(0);

/** Smoothing with the kernel [1 2 1]/4, bin −1 taken as 0, the last bin left as is. */
export function smoothSpectrum121(a: Float64Array, n: number): void {
  let previous = 0;
  for (let i = 0; i < n - 1; i++) {
    const current = a[i];
    a[i] = (previous + 2 * current + a[i + 1]) / 4;
    previous = current;
  }
}

/** a[from..to] = 0 (inclusive; nothing when to < from). */
function clear(a: Float64Array, from: number, to: number): void {
  for (let j = from; j <= to; j++) a[j] = 0;
}
