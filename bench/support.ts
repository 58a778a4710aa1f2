import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAudio } from '../data/audio/decodeAudio.js';
import { createRng } from '../dsp/random.js';
import { randomTalker } from '../dsp/synth/radioNoise.js';
import { synthesizeUtterance } from '../dsp/synth/speechSynth.js';
import { HAVE_SHARED, SHARED_DIR } from '../test/support/paths.js';

// The team's data folder is found as the tests find it, from `bench/` (tsx) and `dist/bench/` alike.
export { HAVE_SHARED, SHARED_DIR };

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median wall time of `runs` calls after one warm-up, in ms. */
export async function timeIt(runs: number, fn: () => unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Short utterances: the shared RAVDESS files when present, else synthetic speech of 2-6 s. */
export async function shortUtterances(count: number): Promise<{ name: string; samples: Float32Array }[]> {
  if (HAVE_SHARED) {
    const dir = join(SHARED_DIR, 'data', 'emotion', 'Audios');
    const files = readdirSync(dir).sort().slice(0, count);
    return Promise.all(files.map(async (f) => ({ name: f, samples: (await decodeAudio(join(dir, f))).samples })));
  }
  const rng = createRng(3);
  return Array.from({ length: count }, (_, i) => ({ name: `synthetic${i}`, samples: synthesizeUtterance(randomTalker(rng.range(2, 6), rng), 16000, rng) }));
}

/** Exactly `durationS` of speech: short utterances back to back with 0.3 s gaps. */
export async function longRecording(durationS: number): Promise<Float32Array> {
  const parts = await shortUtterances(40);
  const out = new Float32Array(Math.round(durationS * 16000));
  let t = 0;
  for (let k = 0; t < out.length; k++) {
    const p = parts[k % parts.length].samples;
    out.set(p.subarray(0, Math.min(p.length, out.length - t)), t);
    t += p.length + 4800;
  }
  return out;
}
