import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AudioCache, readAudio16k } from '../../../data/audio/audioCache.js';
import { tone, writeWavFixture } from '../../support/audioFixtures.js';

/** A 16 kHz source file, decoded once into a fresh cache. */
async function cachedTone(name: string) {
  const dir = mkdtempSync(join(tmpdir(), 'audio-cache-'));
  const source = join(dir, `${name}.wav`);
  writeWavFixture(source, [tone(440, 0.5, 16000)], 16000);
  const cache = new AudioCache(join(dir, 'cache'));
  const { samples, cachePath } = await cache.load(source);
  return { source, cache, samples, cachePath };
}

/** Flips one bit of a sample: the length stays right, only the checksum can tell. */
function flipSampleBit(path: string): void {
  const bytes = readFileSync(path);
  bytes[bytes.length - 3] ^= 0x10;
  writeFileSync(path, bytes);
}

test('a truncated or corrupted entry is found on load, reported by source, and decoded again', async () => {
  const { source, cache, samples, cachePath } = await cachedTone('truncated');
  for (const [damage, problem] of [
    [() => truncateSync(cachePath, 1000), /truncated: 8000 samples take 32044 bytes, the file has 1000/],
    [() => flipSampleBit(cachePath), /checksum mismatch/],
    [() => writeFileSync(cachePath, new Uint8Array(samples.buffer)), /no cache entry header/],
  ] as const) {
    damage();
    const warnings: string[] = [];
    const again = await cache.load(source, (m) => warnings.push(m));
    assert.ok(again.decoded, 'decoded again');
    assert.deepEqual(again.samples, samples);
    assert.equal(warnings.length, 1);
    assert.ok(warnings[0].startsWith(`cached audio of ${source} is unusable (${cachePath}: `), warnings[0]);
    assert.match(warnings[0], problem);
    const repaired = await cache.load(source, (m) => warnings.push(m));
    assert.equal(repaired.decoded, undefined, 'the repaired entry is read from the cache');
    assert.equal(warnings.length, 1);
  }
});

test('readAudio16k decodes a damaged entry again from its source, and refuses it without one', async () => {
  const { source, samples, cachePath } = await cachedTone('column');
  assert.deepEqual(await readAudio16k(cachePath), samples);
  flipSampleBit(cachePath);
  await assert.rejects(readAudio16k(cachePath), (e: Error) => e.message === `${cachePath} is an unusable audio cache entry (checksum mismatch: the samples are not those written)`);
  const warnings: string[] = [];
  assert.deepEqual(await readAudio16k(cachePath, { source, warn: (m) => warnings.push(m) }), samples);
  assert.match(warnings.join('\n'), new RegExp(`^cached audio of ${source} is unusable \\(${cachePath}: checksum mismatch`));
  assert.deepEqual(await readAudio16k(cachePath), samples, 'the entry was rewritten');

  truncateSync(cachePath, 0);
  await assert.rejects(
    readAudio16k(cachePath, { source: join(source, '..', 'other.wav'), warn: () => {} }),
    /is no longer the one ingest decoded; run "pipeline run ingest" again/,
  );
});
