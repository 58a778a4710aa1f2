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
  let last = -1;
  let count = 0;
  if (a[0] > a[1]) {
    last = 0;
    count++;
  }
  for (let i = 1; i < n - 1; i++) {
    if (a[i] > a[i - 1] && a[i] >= a[i + 1]) {
      if (last >= 0) clear(a, last + 3, i - 3);
      last = i;
      count++;
    }
  }
  if (a[n - 1] > a[n - 2]) {
    if (last >= 0) clear(a, last + 3, n - 4);
    count++;
  }
  if (count === 1) {
    // openSMILE reads posmax[1] here (one past the only maximum, a zero slot): it keeps bins 0..2
    // and clears the rest. Reproduced for parity; it only happens for a spectrum with a single peak.
    for (let j = 3; j < n; j++) a[j] = 0;
  }
}

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
