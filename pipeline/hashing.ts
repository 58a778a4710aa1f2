import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { nodeCrypto } from '../data/nodeCrypto.js';

/** JSON with object keys sorted, so that equal values always hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

export function hashText(...parts: string[]): string {
  const h = nodeCrypto().createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

/** sha256 of a file's bytes, streamed (feature files can be hundreds of MB). */
export async function hashFile(path: string): Promise<string> {
  const h = nodeCrypto().createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Every file under `dir`, relative, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** Content hash of a whole output folder from its files' names and content hashes, in name order. */
export function hashOfFileHashes(files: Iterable<[name: string, sha256: string]>): string {
  const h = nodeCrypto().createHash('sha256');
  for (const [name, sha256] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) h.update(name).update('\0').update(sha256).update('\0');
  return h.digest('hex');
}
