/**
 * pcm_fftMag_psySharpness (notes §3.3 item 19): 0.11·Σ z_k·g(z_k)·P_k / ΣP over firstBin..lastBin,
 * z the Traunmüller Bark value of f_k = k·binHz and g Zwicker's high-frequency weight.
 * Our own: meyda's perceptualSharpness works on its specific loudness, not on the power spectrum.
 */

/** Zwicker's exponent log2(3), to the 8 digits openSMILE (smileDsp_getSharpnessWeightG) writes it. */
const ZWICKER_EXPONENT = 1.5849625;

/** Traunmüller's Hz → Bark, with his corrections below 2 Bark and above 20.1 Bark (written as openSMILE does). */
export function hzToBark(frequencyHz: number): number {
  const z = 26.81 / (1 + 1960 / frequencyHz) - 0.53;
  if (z < 2) return 0.85 * z + 0.3;
  if (z > 20.1) return 1.22 * z - 0.22 * 20.1;
  return z;
}

/** Zwicker's sharpness weight: 1 up to 16 Bark, then 1 + ((z−16)/4)^log2(3). */
export function sharpnessWeight(bark: number): number {
  return bark <= 16 ? 1 : Math.pow((bark - 16) / 4, ZWICKER_EXPONENT) + 1;
}

/**
 * z·g(z) per bin k of firstBin..lastBin, a double as in openSMILE's cSpectral. Per frame (in
 * assembly/energySpectralFrames.ts) each weight times the float power is rounded to float and summed
 * in float; ΣP is summed in double; their ratio is rounded to float before the 0.11. The float sum
 * is what the contour's LPC functionals notice.
 */
export function sharpnessWeights(firstBin: number, lastBin: number, binHz: number): Float64Array {
  const weights = new Float64Array(lastBin - firstBin + 1);
  for (let k = firstBin; k <= lastBin; k++) {
    const z = hzToBark(binHz * k);
    weights[k - firstBin] = z * sharpnessWeight(z);
  }
  return weights;
}
