/**
 * Second-order resonator (Klatt's formant filter) with unity gain at 0 Hz:
 * y[n] = a·x[n] + b·y[n−1] + c·y[n−2], c = −exp(−2π·B/fs), b = 2·exp(−π·B/fs)·cos(2π·F/fs), a = 1 − b − c.
 * The centre frequency may change along the signal (one value per block), which is how vowels glide.
 */
export function resonate(input: Float32Array, centreHzPerBlock: Float32Array, bandwidthHz: number, blockSamples: number, sampleRateHz: number): Float32Array {
  const out = new Float32Array(input.length);
  const c = -Math.exp((-2 * Math.PI * bandwidthHz) / sampleRateHz);
  const r = Math.exp((-Math.PI * bandwidthHz) / sampleRateHz);
  let y1 = 0;
  let y2 = 0;
  for (let block = 0, start = 0; start < input.length; block++, start += blockSamples) {
    const centreHz = centreHzPerBlock[Math.min(block, centreHzPerBlock.length - 1)];
    const b = 2 * r * Math.cos((2 * Math.PI * centreHz) / sampleRateHz);
    const a = 1 - b - c;
    const end = Math.min(input.length, start + blockSamples);
    for (let n = start; n < end; n++) {
      const y = a * input[n] + b * y1 + c * y2;
      y2 = y1;
      y1 = y;
      out[n] = y;
    }
  }
  return out;
}
