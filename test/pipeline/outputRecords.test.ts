import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readManifest, writeManifest, type Manifest } from '../../pipeline/manifest.js';
import { checkFiles, outputChanges, outputHashOf, recordFiles, verifyStageOutputs } from '../../pipeline/outputRecords.js';

/** A run directory with one stage folder of two files, and their records as the runner keeps them. */
async function stageFolder() {
  const runDir = mkdtempSync(join(tmpdir(), 'output-records-'));
  mkdirSync(join(runDir, 'features', 'sub'), { recursive: true });
  writeFileSync(join(runDir, 'features', 'a.arrow'), 'abcdef');
  writeFileSync(join(runDir, 'features', 'sub', 'b.csv'), 'x,y\n1,2\n');
  // Whole seconds, so that a time read back as a Date and set again is the same to the nanosecond.
  for (const name of ['a.arrow', 'sub/b.csv']) utimesSync(join(runDir, 'features', name), 1_700_000_000, 1_700_000_000);
  const records = await recordFiles(join(runDir, 'features'));
  return { runDir, records, path: (name: string) => join(runDir, 'features', name) };
}

/** Moves a file's modification time without touching its bytes, as `touch` or a copy does. */
const touch = (path: string) => utimesSync(path, new Date(), new Date(statSync(path).mtimeMs + 5000));
/** Other bytes of the same size under the same time: only a check that reads the file can tell. */
const replaceKeepingTime = (path: string, text: string) => {
  const { mtime } = statSync(path);
  writeFileSync(path, text);
  utimesSync(path, mtime, mtime);
};

test('records hold size, time and sha256 per file; an untouched folder is checked without reading a byte', async () => {
  const { runDir, records, path } = await stageFolder();
  assert.deepEqual(Object.keys(records), ['a.arrow', 'sub/b.csv']);
  assert.equal(records['a.arrow'].size, 6);
  assert.equal(records['a.arrow'].sha256, 'bef57ec7f53a6d40beb640a780a639c83bc29ac8a9816f1fc6c5c6dcd93c4721');
  replaceKeepingTime(path('a.arrow'), 'abcdeX');
  const check = await checkFiles(runDir, 'features', records);
  assert.deepEqual(check, { changes: [], records, refreshed: [] });
  // The folder hash is the one manifests have always held (names and file hashes in order), so older runs stay up to date.
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  assert.equal(outputHashOf(records), sha(`a.arrow\0${sha('abcdef')}\0sub/b.csv\0${sha('x,y\n1,2\n')}\0`));
});

test('a touched file is hashed once: same bytes, so its new time is recorded and the next check reads nothing', async () => {
  const { runDir, records, path } = await stageFolder();
  touch(path('a.arrow'));
  const first = await checkFiles(runDir, 'features', records);
  assert.deepEqual(first.changes, []);
  assert.deepEqual(first.refreshed, ['a.arrow']);
  assert.equal(first.records['a.arrow'].mtimeMs, statSync(path('a.arrow')).mtimeMs);
  replaceKeepingTime(path('a.arrow'), 'abcdeX');
  const second = await checkFiles(runDir, 'features', first.records);
  assert.deepEqual([second.changes, second.refreshed], [[], []]);
});

test('same size, other bytes: found by the hash and named', async () => {
  const { runDir, records, path } = await stageFolder();
  writeFileSync(path('a.arrow'), 'abcdeX');
  touch(path('a.arrow'));
  const check = await checkFiles(runDir, 'features', records);
  assert.deepEqual(check.changes, ['features/a.arrow changed since the features stage wrote it']);
});

test('another size is a change; deleted and extra files are changes too', async () => {
  const { runDir, records, path } = await stageFolder();
  truncateSync(path('a.arrow'), 3);
  writeFileSync(path('extra.arrow'), '');
  const check = await checkFiles(runDir, 'features', { ...records, 'gone.arrow': records['a.arrow'] });
  assert.deepEqual(check.changes.sort(), [
    'features/a.arrow changed since the features stage wrote it',
    'features/extra.arrow was not written by the features stage',
    'features/gone.arrow was deleted after the features stage wrote it',
  ]);
});

test("verifyStageOutputs keeps a touched file's new time in the manifest; outputChanges writes nothing", async () => {
  const { runDir, records, path } = await stageFolder();
  const manifest: Manifest = { features: { state: 'done', startedAt: '', durationS: 0, configHash: '', inputHash: '', outputHash: outputHashOf(records), files: records } };
  await writeManifest(runDir, manifest);
  touch(path('sub/b.csv'));
  assert.equal(await outputChanges(runDir, 'features', readManifest(runDir)), undefined);
  assert.equal(readManifest(runDir).features.files!['sub/b.csv'].mtimeMs, records['sub/b.csv'].mtimeMs, 'status does not write');
  assert.equal(await verifyStageOutputs(runDir, 'features', readManifest(runDir)), undefined);
  assert.equal(readManifest(runDir).features.files!['sub/b.csv'].mtimeMs, statSync(path('sub/b.csv')).mtimeMs);
  writeFileSync(path('sub/b.csv'), readFileSync(path('sub/b.csv'), 'utf8').replace('1', '3'));
  assert.equal(await verifyStageOutputs(runDir, 'features', readManifest(runDir)), 'features/sub/b.csv changed since the features stage wrote it');
});

test('a manifest from before per-file records is checked against its folder hash, then gets records', async () => {
  const { runDir, records, path } = await stageFolder();
  const legacy: Manifest = { features: { state: 'done', startedAt: '', durationS: 0, configHash: '', inputHash: '', outputHash: outputHashOf(records) } };
  await writeManifest(runDir, legacy);
  assert.equal(await verifyStageOutputs(runDir, 'features', readManifest(runDir)), undefined);
  assert.deepEqual(readManifest(runDir).features.files, records);
  await writeManifest(runDir, legacy);
  writeFileSync(path('a.arrow'), 'other');
  assert.match((await outputChanges(runDir, 'features', readManifest(runDir)))!, /^features\/ changed since the features stage wrote it/);
});
