/**
 * Band energies pcm_fftMag_fband250-650 / fband1000-4000 (notes §3.3 item 12): the power summed
 * over a frequency band, the two edge bins weighted by the fraction of the bin inside the band
 * (openSMILE cSpectral's rule), divided by the number of bins of the spectral range
 * (normBandEnergies=0), not by the band width. The sum runs in assembly/energySpectralFrames.ts.
 */
export interface SpectralBand {
  readonly firstBin: number;
  readonly lastBin: number;
  readonly firstWeight: number;
  readonly lastWeight: number;
}

export function spectralBand(lowHz: number, highHz: number, binHz: number): SpectralBand {
  const lowIndex = lowHz / binHz;
  const highIndex = highHz / binHz;
  // An edge that falls exactly on a bin takes that bin whole.
  const firstWeight = Math.ceil(lowIndex) - lowIndex || 1;
  const lastWeight = highIndex - Math.floor(highIndex) || 1;
  return { firstBin: Math.floor(lowIndex), lastBin: Math.floor(highIndex), firstWeight, lastWeight };
}
