import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../atomicWrite.js';
import { nodeCrypto } from '../nodeCrypto.js';
import { decodeAudio, type DecodedAudio } from './decodeAudio.js';

/** Bump when decoding changes what it produces, or the entry format changes, so stale cache entries are not reused. */
const DECODER_VERSION = 2;

/**
 * An entry: "DLNA", the sample rate and the sample count (uint32), the sha256 of the samples (32
 * bytes), then the samples as float32, all little-endian. The count and hash tell a truncated or
 * corrupted entry from a good one on every read, for the price of one hash (far below decoding or
 * feature extraction).
 */
const MAGIC = 'DLNA';
const HEADER_BYTES = 44;

const unusable = (source: string, cachePath: string, problem: string) => `cached audio of ${source} is unusable (${cachePath}: ${problem}); decoding it again`;

function sha256(bytes: Uint8Array): Buffer {
  return nodeCrypto().createHash('sha256').update(bytes).digest();
}

/** A cache entry's bytes for these samples. */
export function encodeCacheEntry(samples: Float32Array, sampleRateHz: number): Uint8Array {
  const data = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  const out = new Uint8Array(HEADER_BYTES + data.length);
  const view = new DataView(out.buffer);
  out.set(Buffer.from(MAGIC, 'latin1'), 0);
  view.setUint32(4, sampleRateHz, true);
  view.setUint32(8, samples.length, true);
  out.set(sha256(data), 12);
  out.set(data, HEADER_BYTES);
  return out;
}

/** The samples of a cache entry, or why it cannot be used. */
async function readCacheEntry(path: string, sampleRateHz: number): Promise<{ samples: Float32Array } | { problem: string }> {
  const bytes = await readFile(path).catch((e: NodeJS.ErrnoException) => e);
  if (bytes instanceof Error) return { problem: bytes.code === 'ENOENT' ? 'missing' : `unreadable: ${bytes.code ?? bytes.message}` };
  if (bytes.length < HEADER_BYTES || bytes.toString('latin1', 0, 4) !== MAGIC) return { problem: `no cache entry header (${bytes.length} bytes)` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rateHz = view.getUint32(4, true);
  const count = view.getUint32(8, true);
  if (rateHz !== sampleRateHz) return { problem: `${rateHz} Hz, expected ${sampleRateHz}` };
  const expected = HEADER_BYTES + 4 * count;
  if (bytes.length !== expected) return { problem: `${bytes.length < expected ? 'truncated' : 'too long'}: ${count} samples take ${expected} bytes, the file has ${bytes.length}` };
  const data = bytes.subarray(HEADER_BYTES);
  if (!sha256(data).equals(bytes.subarray(12, HEADER_BYTES))) return { problem: 'checksum mismatch: the samples are not those written' };
  // Copied into a fresh buffer: the file's bytes need not be 4-byte aligned.
  const samples = new Float32Array(count);
  new Uint8Array(samples.buffer).set(data);
  return { samples };
}

/**
 * Decoded mono audio, cached under `<cacheDir>/audio/`, keyed by the source file's path, size and
 * modification time: no file is decoded twice, an edited file is decoded anew, and a damaged entry
 * is decoded again with a warning.
 */
export class AudioCache {
  constructor(
    readonly cacheDir: string,
    readonly sampleRateHz = 16000,
  ) {}

  async keyOf(path: string): Promise<string> {
    const s = await stat(path);
    return nodeCrypto()
      .createHash('sha256')
      .update(`${DECODER_VERSION}\0${this.sampleRateHz}\0${resolve(path)}\0${s.size}\0${s.mtimeMs}`)
      .digest('hex')
      .slice(0, 32);
  }

  pathOfKey(key: string): string {
    return join(this.cacheDir, 'audio', key.slice(0, 2), `${key}.f32`);
  }

  /** Decodes (or reads from the cache) and returns the samples with the cache file's path; `warn` hears of damaged entries. */
  async load(path: string, warn?: (message: string) => void): Promise<{ samples: Float32Array; cachePath: string; decoded?: DecodedAudio }> {
    const key = await this.keyOf(path).catch(() => undefined);
    const cachePath = key ? this.pathOfKey(key) : '';
    if (key && existsSync(cachePath)) {
      const entry = await readCacheEntry(cachePath, this.sampleRateHz);
      if ('samples' in entry) return { samples: entry.samples, cachePath };
      warn?.(unusable(path, cachePath, entry.problem));
    }
    const decoded = await decodeAudio(path, this.sampleRateHz);
    await writeFileAtomic(cachePath, encodeCacheEntry(decoded.samples, this.sampleRateHz));
    return { samples: decoded.samples, cachePath, decoded };
  }
}

/** Where an `audio` column's cache entry came from, to decode it again should the entry be damaged. */
export interface AudioSource {
  /** The file the entry was decoded from (the `path` column). */
  source: string;
  warn(message: string): void;
}

/**
 * 16 kHz mono audio named by an `audio` column: a decode-cache entry (`.f32`) or a 16 kHz file of
 * any format. A damaged entry is never returned: it is decoded again from `from.source` (with a
 * warning), or, where that is not possible, refused with an error naming it.
 */
export async function readAudio16k(path: string, from?: AudioSource): Promise<Float32Array> {
  if (!path.endsWith('.f32')) return (await decodeAudio(path, 16000)).samples;
  const entry = await readCacheEntry(path, 16000);
  if ('samples' in entry) return entry.samples;
  if (!from) throw new Error(`${path} is an unusable audio cache entry (${entry.problem})`);
  // The entry sits at <cacheDir>/audio/<2 hex>/<key>.f32; decoding again is right only while the source is the file it was made from.
  const cache = new AudioCache(dirname(dirname(dirname(path))), 16000);
  const key = await cache.keyOf(from.source).catch(() => undefined);
  if (!key || resolve(cache.pathOfKey(key)) !== resolve(path)) {
    throw new Error(`cached audio of ${from.source} is unusable (${path}: ${entry.problem}) and that file is no longer the one ingest decoded; run "pipeline run ingest" again`);
  }
  from.warn(unusable(from.source, path, entry.problem));
  return (await cache.load(from.source)).samples;
}
