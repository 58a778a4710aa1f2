/**
 * Seeded pseudo-random numbers (mulberry32 with Box-Muller normals): every synthetic corpus, split,
 * noise draw, initial weight and training batch in the pipeline is reproducible from its seed,
 * independently of Math.random. The one generator of the project.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform: () => number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Standard normal. */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** Fisher-Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[];
  /** Fills `out` with normals of the given standard deviation. */
  fillNormal<T extends Float32Array | Float64Array>(out: T, standardDeviation?: number): T;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0 || 0x9e3779b9;
  let spare: number | undefined;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    uniform,
    range: (lo, hi) => lo + (hi - lo) * uniform(),
    normal() {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      const u = 1 - uniform();
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    int: (n) => Math.floor(uniform() * n),
    pick: (items) => items[Math.floor(uniform() * items.length)],
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    fillNormal(out, standardDeviation = 1) {
      for (let i = 0; i < out.length; i++) out[i] = standardDeviation * rng.normal();
      return out;
    },
  };
  return rng;
}

/** A child seed derived from a parent seed and a label, so that streams for different purposes don't overlap. */
export function deriveSeed(seed: number, label: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Zero-mean Gaussian samples of the given standard deviation, deterministic from the seed. */
export function gaussianNoise(lengthSamples: number, seed: number, standardDeviation = 1): Float32Array {
  return createRng(seed).fillNormal(new Float32Array(lengthSamples), standardDeviation);
}
