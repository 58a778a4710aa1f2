import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ExtractPool, openExtractor } from '../../data/features/extractPool.js';
import { createRng } from '../../dsp/random.js';
import { randomTalker } from '../../dsp/synth/radioNoise.js';
import { scaleToDbfs, synthesizeUtterance } from '../../dsp/synth/speechSynth.js';
import { runCli } from '../support/cli.js';
import { writeWavFixture } from '../support/audioFixtures.js';

/**
 * One file, or --jobs 1, is extracted in the main thread instead of on a worker: the values must be
 * the pool's to the bit, functionals and per-frame LLDs alike.
 */
const dir = mkdtempSync(join(tmpdir(), 'features-in-thread-'));
const files = [1.5, 2.2, 0.8].map((durationS, i) => {
  const rng = createRng(100 + i);
  const path = join(dir, `talker${i}.wav`);
  writeWavFixture(path, [scaleToDbfs(synthesizeUtterance(randomTalker(durationS, rng), 16000, rng), -24)], 16000);
  return path;
});

test('one file or one job extracts in this thread, more files on more jobs on a pool', async () => {
  const cases = [
    [1, 3, false],
    [4, 1, false],
    [2, 3, true],
  ] as const;
  for (const [jobs, count, pooled] of cases) {
    const extractor = await openExtractor(jobs, count);
    try {
      assert.equal(extractor instanceof ExtractPool, pooled, `${jobs} jobs, ${count} files`);
      assert.equal(extractor.concurrency, pooled ? Math.min(jobs, count) : 1);
    } finally {
      await extractor.close();
    }
  }
});

test("features in this thread equal the worker pool's, bit for bit", async () => {
  const inThread = await openExtractor(1, 1);
  const pool = await openExtractor(2, 2);
  try {
    for (const path of files) {
      const [a, b] = await Promise.all([inThread.run({ path, lld: true }), pool.run({ path, lld: true })]);
      assert.ok(!(inThread instanceof ExtractPool) && pool instanceof ExtractPool);
      assert.deepEqual(a.functionals, b.functionals, path);
      assert.deepEqual(a.lld!.columns, b.lld!.columns, path);
      assert.deepEqual(a.lld!.frameTimesS, b.lld!.frameTimesS, path);
    }
  } finally {
    await inThread.close();
    await pool.close();
  }
});

test('pipeline features --jobs 1 writes the same CSV and LLD CSV as on two workers', () => {
  const outputs = [1, 2].map((jobs) => {
    const out = join(dir, `jobs${jobs}.csv`);
    const lld = join(dir, `jobs${jobs}-lld.csv`);
    const r = runCli(['features', ...files, '--out', out, '--lld', lld, '--jobs', String(jobs)]);
    assert.equal(r.status, 0, r.stderr);
    return { csv: readFileSync(out, 'utf8'), lld: readFileSync(lld, 'utf8') };
  });
  assert.equal(outputs[0].csv.split('\n').length, files.length + 2, 'a header, a row per file and the final newline');
  assert.equal(outputs[0].csv, outputs[1].csv);
  assert.equal(outputs[0].lld, outputs[1].lld);
});
