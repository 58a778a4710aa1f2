/**
 * Band energies pcm_fftMag_fband250-650 / fband1000-4000 (notes §3.3 item 12): the power summed
 * over a frequency band, the two edge bins weighted by the fraction of the bin inside the band
 * (openSMILE cSpectral's rule), divided by the number of bins of the spectral range
 * (normBandEnergies=0), not by the band width.
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

export function bandEnergy(power: Float32Array, band: SpectralBand, normBinCount: number): number {
  let sum = power[band.firstBin] * band.firstWeight;
  for (let k = band.firstBin + 1; k < band.lastBin; k++) sum += power[k];
  sum += power[band.lastBin] * band.lastWeight;
  return sum / normBinCount;
}
