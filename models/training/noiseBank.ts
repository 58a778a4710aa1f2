/**
 * The noise and dropout draws of a model's training-mode passes: windows into one bank of standard
 * normals drawn once from the seed, at offsets drawn from (seed, step, input). A step costs no random
 * generation, and any pass of a given step (a train step, a restored run's next step, the reconstruction
 * analysis at step 0) sees exactly the same draws.
 */
import type { Model } from '../spec.js';
import { createRng } from '../../dsp/random.js';

export interface NoiseBankOptions {
  /** Largest mini-batch that will be fed (sizes the bank). */
  maxBatch?: number;
  /** Standard normals in the bank (default 2^22); at least 4 `maxBatch` batches of the widest noise input. */
  noiseBankSize?: number;
}

export class NoiseBank {
  private readonly bank: Float32Array;

  constructor(
    model: Model,
    private readonly seed: number,
    opts: NoiseBankOptions = {},
  ) {
    const widest = Math.max(...model.noise.map((n) => n.width));
    const size = Math.max(opts.noiseBankSize ?? 1 << 22, 4 * (opts.maxBatch ?? 256) * widest);
    this.bank = createRng(seed ^ 0x9e3779b9).fillNormal(new Float32Array(size));
  }

  /** `length` draws for noise input number `input` of step `step`. */
  window(step: number, input: number, length: number): Float32Array {
    if (length > this.bank.length) throw new Error('noise bank smaller than one batch: raise maxBatch');
    const rng = createRng(Math.imul(this.seed, 0x9e3779b1) ^ Math.imul(step, 0x85ebca6b) ^ Math.imul(input + 1, 0xc2b2ae35));
    const start = rng.int(this.bank.length - length + 1);
    return this.bank.subarray(start, start + length);
  }
}
