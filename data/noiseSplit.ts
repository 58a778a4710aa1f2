import { createHash } from 'node:crypto';
import { createRng, deriveSeed } from '../dsp/random.js';

/** The noise pool's files divided between the booth copies of the labelled sets (training) and every other recording (test). */
export interface NoiseSplit<T> {
  training: T[];
  test: T[];
}

/**
 * Divides a noise pool by file, so that no recording of the test side plays noise the training copies
 * heard: a seeded draw of round(fraction × files) files, at least one and at most all but one, for
 * training; the rest, in their pool order, for the test side. `describe` names the pool in the error.
 */
export function splitNoisePool<T>(files: readonly T[], fraction: number, seed: number, describe: string): NoiseSplit<T> {
  if (files.length < 2)
    throw new Error(
      `${describe} holds ${files.length} usable noise file${files.length === 1 ? '' : 's'}; multi-condition training (dense_mct, dln_mct) keeps its noise apart from the test noise by file and needs at least 2: add noise files or set simulate.trainingNoiseFolder`,
    );
  const count = Math.min(files.length - 1, Math.max(1, Math.round(fraction * files.length)));
  const chosen = new Set(
    createRng(deriveSeed(seed, 'training-noise'))
      .shuffle(files.map((_, i) => i))
      .slice(0, count),
  );
  return { training: files.filter((_, i) => chosen.has(i)), test: files.filter((_, i) => !chosen.has(i)) };
}

/**
 * The first recording of a separately given training pool whose samples equal one of the test pool's
 * (a copy under another name or folder), as [training path, test path]; undefined when the pools share none.
 */
export function sharedRecording(
  training: readonly { path: string; samples: Float32Array }[],
  test: readonly { path: string; samples: Float32Array }[],
): [string, string] | undefined {
  const digest = (samples: Float32Array) =>
    createHash('sha256')
      .update(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength))
      .digest('hex');
  const testByDigest = new Map(test.map((f) => [digest(f.samples), f.path]));
  for (const f of training) {
    const same = testByDigest.get(digest(f.samples));
    if (same !== undefined) return [f.path, same];
  }
  return undefined;
}
