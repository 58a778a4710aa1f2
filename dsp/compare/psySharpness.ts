/**
 * pcm_fftMag_psySharpness (notes §3.3 item 19): 0.11·Σ z_k·g(z_k)·P_k / ΣP over firstBin..lastBin,
 * z the Traunmüller Bark value of f_k = k·binHz and g Zwicker's high-frequency weight.
 * Our own: meyda's perceptualSharpness works on its specific loudness, not on the power spectrum.
 */

/** Traunmüller's Hz → Bark, with his corrections below 2 Bark and above 20.1 Bark. */
export function hzToBark(frequencyHz: number): number {
  const z = 26.81 / (1 + 1960 / frequencyHz) - 0.53;
  if (z < 2) return 0.85 * z + 0.3;
  if (z > 20.1) return 1.22 * z - 4.422;
  return z;
}

/** Zwicker's sharpness weight: 1 up to 16 Bark, then 1 + ((z−16)/4)^1.585. */
export function sharpnessWeight(bark: number): number {
  return bark <= 16 ? 1 : 1 + Math.pow((bark - 16) / 4, 1.585);
}

export class PsySharpness {
  /** z·g(z) per bin of firstBin..lastBin. */
  private readonly weights: Float64Array;

  constructor(
    readonly firstBin: number,
    readonly lastBin: number,
    binHz: number,
  ) {
    this.weights = new Float64Array(lastBin - firstBin + 1);
    for (let k = firstBin; k <= lastBin; k++) {
      const z = hzToBark(k * binHz);
      this.weights[k - firstBin] = z * sharpnessWeight(z);
    }
  }

  compute(power: Float32Array): number {
    let sumP = 0;
    let sumWP = 0;
    for (let k = this.firstBin; k <= this.lastBin; k++) {
      sumP += power[k];
      sumWP += this.weights[k - this.firstBin] * power[k];
    }
    return sumP !== 0 ? 0.11 * Math.fround(sumWP / sumP) : 0;
  }
}
