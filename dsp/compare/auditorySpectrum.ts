/**
 * Auditory spectrum of the ComParE energy group (notes §3.2 items 7-8, §3.3 item 11): mel band
 * powers weighted by the equal-loudness curve at each band's centre and compressed by a power law
 * (openSMILE cPlp, doAud=1). audspec works on linear powers (pow); the RASTA variant works in the
 * log domain: openSMILE's cPlp forces doLog=doInvLog=1 whenever RASTA is on, whatever the config
 * says (notes §3.3 item 11 say linear: the reference disagrees, and the source confirms the log
 * domain). Everything is float32 like openSMILE's data memory (notes §8): the LPC functionals of
 * these contours only agree with openSMILE when the contours are its float32 values, bit for bit.
 */

import { expf, logf } from './glibcFloat32Math.js';

const f = Math.fround;

/** openSMILE's melfloor: band powers below it are raised to it. */
export const AUDITORY_FLOOR = 9.3e-10;

/** Equal-loudness weight E(ω) at frequencyHz, ω = 2πf (Hermansky's PLP curve). */
export function equalLoudnessWeight(frequencyHz: number): number {
  const w = 2 * Math.PI * frequencyHz;
  const w2 = w * w;
  const num = 1e32 * (w2 + 56.8e6) * w2 * w2;
  const den = (w2 + 6.3e6) * (w2 + 6.3e6) * (w2 + 0.38e9) * (w2 * w2 * w2 * w + 1.7e31);
  return num / den;
}

/** The weights as cPlp stores them: float32. */
export function equalLoudnessWeights(centreFrequenciesHz: ArrayLike<number>): Float32Array {
  const out = new Float32Array(centreFrequenciesHz.length);
  for (let i = 0; i < out.length; i++) out[i] = equalLoudnessWeight(centreFrequenciesHz[i]);
  return out;
}

/**
 * (max(p, floor)·E)^compression per band from linear band powers p (audspec, cPlp with doLog=0):
 * a float product, then pow in double, rounded to float.
 */
export function auditoryCompressLinear(bandPower: ArrayLike<number>, loudnessWeights: Float32Array, out: Float32Array, compression = 0.33, floor = AUDITORY_FLOOR): Float32Array {
  const floor32 = f(floor);
  const exponent = f(compression);
  for (let m = 0; m < out.length; m++) out[m] = Math.pow(f((bandPower[m] < floor32 ? floor32 : bandPower[m]) * loudnessWeights[m]), exponent);
  return out;
}

/**
 * exp(compression·(y + ln E)) per band for RASTA-filtered log band powers y (audSpec_Rfilt; in the
 * first frames, where the filter outputs 0, this is E^compression), each step rounded to float
 * as cPlp does it: add ln E, multiply by the compression, exp (glibc's expf, as C++ calls it on a float).
 */
export function auditoryCompress(logPower: ArrayLike<number>, logLoudnessWeights: Float32Array, out: Float32Array, compression = 0.33): Float32Array {
  const exponent = f(compression);
  for (let m = 0; m < out.length; m++) out[m] = expf(f(f(logPower[m] + logLoudnessWeights[m]) * exponent));
  return out;
}

/** ln(max(p, floor)) per band as glibc's logf gives it (cPlp logs a float): the input of the RASTA filter. */
export function logBandPower(bandPower: ArrayLike<number>, out: Float64Array, floor = AUDITORY_FLOOR): Float64Array {
  const floor32 = f(floor);
  for (let m = 0; m < out.length; m++) out[m] = logf(bandPower[m] < floor32 ? floor32 : bandPower[m]);
  return out;
}

/** ComParE's "lengthL1norm" (cVectorOperation ll1): despite the name, the mean of the values. */
export function lengthL1Norm(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum = f(sum + values[i]);
  return f(sum / values.length);
}

/**
 * RASTA band-pass over time, one filter per band, on log band powers (openSMILE newRASTA):
 * FIR b = [2, −4c, 0, 4c, −2]/√(10·(32c²+8)), c = cos(2π·highCutoffHz·T), and one pole
 * ρ = 1 − sin(2π·lowCutoffHz·T), in transposed direct form. The output is 0 for the first
 * `warmupFrames` frames, and the feedback only starts once the output does. Coefficients, state
 * and every operation are float32 (cPlp's FLOAT_DMEM), in cPlp's order.
 */
export class RastaFilter {
  private readonly b: Float64Array;
  private readonly pole: number;
  /** 4 delay elements per band. */
  private readonly state: Float64Array;
  private framesSeen = 0;

  constructor(
    readonly bandCount: number,
    framePeriodS = 0.01,
    lowCutoffHz = 1,
    highCutoffHz = 29,
    private readonly warmupFrames = 5,
  ) {
    const c = f(Math.cos(2 * Math.PI * highCutoffHz * framePeriodS));
    const norm = f(Math.sqrt(10 * (32 * c * c + 8)));
    const b0 = f(2 / norm);
    const b1 = f((-4 * c) / norm);
    this.b = new Float64Array([b0, b1, 0, -b1, -b0]);
    this.pole = f(1 - Math.sin(2 * Math.PI * lowCutoffHz * framePeriodS));
    this.state = new Float64Array(bandCount * 4);
  }

  /** Filters one frame of band powers; frames must come in order. */
  process(bandPower: ArrayLike<number>, out: Float64Array): Float64Array {
    const { b, state } = this;
    const active = this.framesSeen >= this.warmupFrames;
    const feedback = active ? this.pole : 0;
    for (let m = 0; m < this.bandCount; m++) {
      const x = bandPower[m];
      const s = m * 4;
      const y = f(f(b[0] * x) + state[s]);
      state[s] = f(f(f(b[1] * x) + state[s + 1]) + f(feedback * y));
      state[s + 1] = f(f(b[2] * x) + state[s + 2]);
      state[s + 2] = f(f(b[3] * x) + state[s + 3]);
      state[s + 3] = f(b[4] * x);
      out[m] = active ? y : 0;
    }
    if (!active) this.framesSeen++;
    return out;
  }
}
