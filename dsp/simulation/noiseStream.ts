import type { Rng } from '../random.js';

/**
 * A continuous noise stream, as when a radio plays through a whole recording session: the pool's
 * clips in a seeded random order, joined with short cross-fades, read forward recording after
 * recording. A recording never wraps around inside itself, so the noise in it stays
 * non-stationary; when the rest of the stream is too short for the next recording, a new pass in
 * a new order starts.
 */
export class NoiseStream {
  private stream = new Float32Array(0);
  private position = 0;

  constructor(
    private readonly clips: readonly Float32Array[],
    private readonly rng: Rng,
    private readonly crossfadeSamples: number,
  ) {
    if (clips.length === 0) throw new Error('the noise pool is empty');
    this.newPass();
    this.position = rng.int(Math.max(1, this.stream.length));
  }

  /** Samples one pass of the stream holds: what a single recording can use at most. */
  get capacitySamples(): number {
    return this.clips.reduce((a, c) => a + c.length, 0) - (this.clips.length - 1) * this.crossfadeSamples;
  }

  private newPass(): void {
    const order = this.rng.shuffle(this.clips);
    const out = new Float32Array(this.capacitySamples);
    let t = 0;
    for (const [k, clip] of order.entries()) {
      const start = k === 0 ? 0 : t - this.crossfadeSamples;
      for (let i = 0; i < clip.length; i++) {
        const fadeIn = k > 0 && i < this.crossfadeSamples ? i / this.crossfadeSamples : 1;
        const n = start + i;
        // The previous clip's last samples fade out as this one fades in (linear cross-fade).
        out[n] = (n < t ? out[n] * (1 - fadeIn) : 0) + clip[i] * fadeIn;
      }
      t = start + clip.length;
    }
    this.stream = out;
    this.position = 0;
  }

  /** The next `lengthSamples` of the stream. */
  take(lengthSamples: number): Float32Array {
    if (lengthSamples > this.capacitySamples) throw new Error(`a recording needs ${lengthSamples} noise samples but the whole pool holds ${this.capacitySamples}`);
    if (this.position + lengthSamples > this.stream.length) this.newPass();
    const out = this.stream.slice(this.position, this.position + lengthSamples);
    this.position += lengthSamples;
    return out;
  }
}
