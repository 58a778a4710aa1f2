import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../atomicWrite.js';
import { decodeAudio, type DecodedAudio } from './decodeAudio.js';

/** Bump when decoding changes what it produces, so stale cache entries are not reused. */
const DECODER_VERSION = 1;

/**
 * Decoded 16 kHz mono audio, cached as raw float32 under `<cacheDir>/audio/`, keyed by the source
 * file's path, size and modification time: no file is decoded twice, and an edited file is decoded anew.
 */
export class AudioCache {
  constructor(
    readonly cacheDir: string,
    readonly sampleRateHz = 16000,
  ) {}

  async keyOf(path: string): Promise<string> {
    const s = await stat(path);
    return createHash('sha256')
      .update(`${DECODER_VERSION}\0${this.sampleRateHz}\0${resolve(path)}\0${s.size}\0${s.mtimeMs}`)
      .digest('hex')
      .slice(0, 32);
  }

  pathOfKey(key: string): string {
    return join(this.cacheDir, 'audio', key.slice(0, 2), `${key}.f32`);
  }

  /** Decodes (or reads from the cache) and returns the samples with the cache file's path. */
  async load(path: string): Promise<{ samples: Float32Array; cachePath: string; decoded?: DecodedAudio }> {
    const key = await this.keyOf(path).catch(() => undefined);
    const cachePath = key ? this.pathOfKey(key) : '';
    if (key && existsSync(cachePath)) return { samples: await readFloat32(cachePath), cachePath };
    const decoded = await decodeAudio(path, this.sampleRateHz);
    await writeFileAtomic(cachePath, new Uint8Array(decoded.samples.buffer, decoded.samples.byteOffset, decoded.samples.byteLength));
    return { samples: decoded.samples, cachePath, decoded };
  }
}

/** Reads a raw little-endian float32 file into an aligned Float32Array. */
export async function readFloat32(path: string): Promise<Float32Array> {
  const bytes = await readFile(path);
  const out = new Float32Array(bytes.length >> 2);
  new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 4));
  return out;
}

/** 16 kHz mono audio named by an `audio` column: raw float32 (`.f32`, the decode cache) or a 16 kHz file of any format. */
export async function readAudio16k(path: string): Promise<Float32Array> {
  return path.endsWith('.f32') ? readFloat32(path) : (await decodeAudio(path, 16000)).samples;
}
