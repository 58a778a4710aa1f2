/**
 * mfcc[1..14] (notes §3.3 item 21): HTK-style MFCCs from the 26 mel band powers of the power
 * spectrum. Band powers are scaled by 32767² (openSMILE's htkcompatible: HTK works on int16 sample
 * values), ln with floor `melFloor`, DCT-II c_i = √(2/M)·Σ_m ln E_m·cos(π·i·(m+½)/M), then
 * liftering by 1 + (L/2)·sin(π·i/L). The DCT sums run in float32, as in openSMILE, because the small
 * coefficients are differences of large terms; the ln is glibc's logf, which openSMILE's C++ calls.
 * Our own: meyda's mfcc uses its own mel filterbank, no HTK scaling, no floor and no liftering.
 * Per frame in assembly/energySpectralFrames.ts; here the DCT's cosines (float32, coefficient-major)
 * and the lifter factors, each times √(2/M) (float32).
 */
export function mfccTables(bandCount = 26, firstCoefficient = 1, lastCoefficient = 14, cepLifter = 22): { cosTable: Float32Array; lifter: Float32Array } {
  const coefficientCount = lastCoefficient - firstCoefficient + 1;
  const cosTable = new Float32Array(coefficientCount * bandCount);
  const lifter = new Float32Array(coefficientCount);
  const dctScale = Math.fround(Math.sqrt(2 / bandCount));
  for (let c = 0; c < coefficientCount; c++) {
    const i = firstCoefficient + c;
    for (let m = 0; m < bandCount; m++) cosTable[c * bandCount + m] = Math.cos(Math.PI * (i / bandCount) * (m + 0.5));
    const factor = cepLifter > 0 ? Math.fround(1 + (cepLifter / 2) * Math.sin((Math.PI * i) / cepLifter)) : 1;
    lifter[c] = Math.fround(factor * dctScale);
  }
  return { cosTable, lifter };
}
