import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { idOf, listAudioFiles } from '../../../data/corpus/listCorpus.js';

test('listAudioFiles follows symlinks to files and folders, keeps ids by link name, and reports dangling links and loops', async () => {
  const root = mkdtempSync(join(tmpdir(), 'list-audio-'));
  const real = join(root, 'real');
  mkdirSync(join(real, 'sub'), { recursive: true });
  for (const f of ['a.wav', 'sub/b.flac', 'notes.txt', '.hidden.wav']) writeFileSync(join(real, f), 'x');
  const links = join(root, 'links');
  mkdirSync(join(links, 'nested'), { recursive: true });
  symlinkSync(join(real, 'a.wav'), join(links, 'renamed.wav'));
  symlinkSync('../real/sub', join(links, 'speakers'));
  symlinkSync(join(real, 'notes.txt'), join(links, 'notes-link.txt'));
  symlinkSync('nowhere.wav', join(links, 'gone.wav'));
  symlinkSync('self.wav', join(links, 'self.wav'));
  symlinkSync('..', join(links, 'nested', 'up'));
  symlinkSync('.', join(links, 'here'));

  const listing = await listAudioFiles(links);
  assert.deepEqual(listing.files, ['renamed.wav', 'speakers/b.flac']);
  assert.deepEqual(listing.files.map(idOf), ['renamed', 'speakers/b']);
  const reasons = Object.fromEntries(listing.rejected.map((r) => [r.path.slice(links.length + 1), r.reason]));
  assert.deepEqual(Object.keys(reasons).sort(), ['gone.wav', 'here', 'nested/up', 'self.wav']);
  assert.match(reasons['gone.wav'], /^dangling symlink: nowhere\.wav \(ENOENT\)$/);
  assert.match(reasons['self.wav'], /^symlink loop/);
  assert.match(reasons['nested/up'], /^symlink loop: leads back to .*links, a folder above it$/);
  assert.match(reasons['here'], /^symlink loop/);

  // The real folder lists as before: no links, nothing rejected, hidden and non-audio files left out.
  assert.deepEqual(await listAudioFiles(real), { files: ['a.wav', 'sub/b.flac'], rejected: [] });
});
