/**
 * pcm_fftMag_spectralSlope (notes §3.3 item 18): least-squares slope of the power P_k against
 * f_k = k·binHz over firstBin..lastBin, multiplied by (bin count − 1) as openSMILE's legacy default
 * (buggySlopeScale) does. Our own: meyda normalises the slope by the spectrum's sum.
 */
export class SpectralSlope {
  private readonly sumF: number;
  private readonly denominator: number;
  readonly binCount: number;

  constructor(
    readonly firstBin: number,
    readonly lastBin: number,
    readonly binHz: number,
    private readonly scale = lastBin - firstBin,
  ) {
    let sumF = 0;
    let sumF2 = 0;
    for (let k = firstBin; k <= lastBin; k++) {
      sumF += k * binHz;
      sumF2 += k * binHz * k * binHz;
    }
    this.binCount = lastBin - firstBin + 1;
    this.sumF = sumF;
    this.denominator = this.binCount * sumF2 - sumF * sumF;
  }

  compute(power: Float32Array): number {
    let sumP = 0;
    let sumFP = 0;
    for (let k = this.firstBin; k <= this.lastBin; k++) {
      sumP += power[k];
      sumFP += k * this.binHz * power[k];
    }
    return ((this.binCount * sumFP - this.sumF * sumP) / this.denominator) * this.scale;
  }
}
