import { logf } from './glibcFloat32Math.js';

/**
 * mfcc[1..14] (notes §3.3 item 21): HTK-style MFCCs from the 26 mel band powers of the power
 * spectrum. Band powers are scaled by 32767² (openSMILE's htkcompatible: HTK works on int16 sample
 * values), ln with floor `melFloor`, DCT-II c_i = √(2/M)·Σ_m ln E_m·cos(π·i·(m+½)/M), then
 * liftering by 1 + (L/2)·sin(π·i/L). The DCT sums run in float32, as in openSMILE, because the small
 * coefficients are differences of large terms; the ln is glibc's logf, which openSMILE's C++ calls.
 * Our own: meyda's mfcc uses its own mel filterbank, no HTK scaling, no floor and no liftering.
 */
export class Mfcc {
  readonly coefficientCount: number;
  private readonly cosTable: Float32Array;
  private readonly lifterFactor: Float32Array;
  private readonly logBands: Float32Array;

  constructor(
    readonly bandCount = 26,
    readonly firstCoefficient = 1,
    readonly lastCoefficient = 14,
    cepLifter = 22,
    private readonly bandPowerScale = 32767 * 32767,
    private readonly melFloor = 1,
  ) {
    this.coefficientCount = lastCoefficient - firstCoefficient + 1;
    this.cosTable = new Float32Array(this.coefficientCount * bandCount);
    this.lifterFactor = new Float32Array(this.coefficientCount);
    this.logBands = new Float32Array(bandCount);
    const dctScale = Math.fround(Math.sqrt(2 / bandCount));
    for (let c = 0; c < this.coefficientCount; c++) {
      const i = firstCoefficient + c;
      for (let m = 0; m < bandCount; m++) this.cosTable[c * bandCount + m] = Math.cos(Math.PI * (i / bandCount) * (m + 0.5));
      const lifter = cepLifter > 0 ? Math.fround(1 + (cepLifter / 2) * Math.sin((Math.PI * i) / cepLifter)) : 1;
      this.lifterFactor[c] = Math.fround(lifter * dctScale);
    }
  }

  /** Writes the coefficients firstCoefficient..lastCoefficient of one frame into `out`. */
  compute(bandPower: ArrayLike<number>, out: Float32Array): Float32Array {
    const { bandCount, cosTable, logBands } = this;
    const scale = Math.fround(this.bandPowerScale);
    for (let m = 0; m < bandCount; m++) {
      const e = Math.fround(Math.fround(bandPower[m]) * scale);
      logBands[m] = logf(e < this.melFloor ? this.melFloor : e);
    }
    for (let c = 0; c < this.coefficientCount; c++) {
      let acc = 0;
      const row = c * bandCount;
      for (let m = 0; m < bandCount; m++) acc = Math.fround(acc + Math.fround(logBands[m] * cosTable[row + m]));
      out[c] = acc * this.lifterFactor[c];
    }
    return out;
  }
}
