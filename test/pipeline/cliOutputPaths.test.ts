import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, type CliResult } from '../support/cli.js';
import { tone, writeWavFixture } from '../support/audioFixtures.js';

/**
 * Output paths are checked before any work. Tests run as root, where permissions do not stop
 * writes, so unwritable paths are made another way: under a regular file, or under /proc.
 */
const root = mkdtempSync(join(tmpdir(), 'cli-out-'));
const wav = join(root, 'a.wav');
writeWavFixture(wav, [tone(300, 0.5, 16000)], 16000);
const aFile = join(root, 'plain.txt');
writeFileSync(aFile, 'a regular file\n');
const aFolder = join(root, 'folder.csv');
mkdirSync(aFolder);

/** A refusal: exit 2 and a single stderr line naming the path, before any extraction starts. */
function assertRefused(r: CliResult, pattern: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], pattern);
}

test('features --out and --lld into missing folders create them', () => {
  const out = join(root, 'new', 'deeper', 'f.csv');
  const lld = join(root, 'new2', 'l.csv');
  const r = runCli(['features', wav, '--out', out, '--lld', lld, '--jobs', '1']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 2);
  assert.ok(readFileSync(lld, 'utf8').split('\n').length > 10);
});

test('features and predict refuse a folder, a path under a file, and an unwritable path, before any work', () => {
  assertRefused(runCli(['features', wav, '--out', aFolder]), /^error: --out .*folder\.csv is a folder; name a file$/);
  assertRefused(runCli(['features', wav, '--out', join(aFile, 'f.csv')]), /^error: --out .*plain\.txt\/f\.csv: .*plain\.txt is a file, not a folder$/);
  assertRefused(runCli(['features', wav, '--out', '/proc/dln-ser-test.csv']), /^error: --out \/proc\/dln-ser-test\.csv cannot be written \(E[A-Z]+: .*\)$/);
  assertRefused(runCli(['features', wav, '--out', join(root, 'ok.csv'), '--lld', aFolder]), /^error: --lld .*folder\.csv is a folder; name a file$/);
  assert.ok(!existsSync(join(root, 'ok.csv')), 'nothing is written when an option is refused');
  // No trained run is needed to be told about --out: it is checked first.
  assertRefused(runCli(['predict', wav, '--run', join(root, 'no-run'), '--out', aFolder]), /^error: --out .*folder\.csv is a folder; name a file$/);
  assertRefused(runCli(['predict', wav, '--run', join(root, 'no-run'), '--out', '/proc/dln-ser-p.csv']), /^error: --out \/proc\/dln-ser-p\.csv cannot be written/);
});

test('run --workdir must be a folder that can be created and written, checked first', () => {
  assertRefused(runCli(['run', 'ingest', '--workdir', '/proc/x'], { timeoutMs: 20_000 }), /^error: --workdir \/proc\/x: cannot create folder \/proc\/x \(ENOENT: .*\)$/);
  assertRefused(runCli(['run', 'ingest', '--workdir', join(aFile, 'run')]), /^error: --workdir .*plain\.txt\/run: .*plain\.txt is a file, not a folder$/);
  assertRefused(runCli(['run', 'ingest', '--workdir', aFile]), /^error: --workdir .*plain\.txt is a file, not a folder$/);
});
