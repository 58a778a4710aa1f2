import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runCli } from '../support/cli.js';
import { tone, writeWavFixture } from '../support/audioFixtures.js';

/** A labels CSV with every kind of bad row, through the real CLI's ingest stage. */
const root = mkdtempSync(join(tmpdir(), 'cli-labels-'));
const audio = join(root, 'corpus');
const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];
names.forEach((n, k) => writeWavFixture(join(audio, `${n}.wav`), [tone(200 + 20 * k, 0.6, 16000, 0.3)], 16000));
const crlf = ['FileName,EmoAct,EmoVal,EmoDom,SpkrID', 'a.wav,3,4,5,s1', 'b.wav,0,4,4,s2'];
const lf = [
  'c.wav,9.5,4,4,s2', // line 4
  'd.wav,4,-5,4,s2',
  'e.wav,4,4,100,s2',
  'f.wav,0x10,4,4,s2',
  'g.wav,"1,5",4,4,s2',
  'h.wav,2,2,2,s3', // line 9
  'h.wav,2,2,2,s3',
  'i.wav,2,2,2,s4',
  'i.wav,5,2,2,s4', // line 12
  'j.wav,,,,s5',
  'k.wav,6.5,1,7,s6',
];
// The file switches from CRLF to LF part-way, as after an edit in another editor.
writeFileSync(join(root, 'labels.csv'), crlf.join('\r\n') + '\r\n' + lf.join('\n') + '\n');
const config = join(root, 'config.json');
writeFileSync(config, JSON.stringify({ corpus: { kind: 'folder', audio: 'corpus', labels: 'labels.csv' } }));
const readCsv = (path: string): Record<string, string>[] => parse(readFileSync(path, 'utf8'), { columns: true });

test('labels CSV: out-of-scale, hex, decimal-comma and conflicting rows rejected with their line; duplicates and mixed line endings handled', () => {
  const workdir = join(root, 'run');
  const r = runCli(['run', 'ingest', '--config', config, '--workdir', workdir, '--jobs', '2']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: labels\.csv: h\.wav is listed on lines 9, 10 with identical values, used once/);

  const rejected = readCsv(join(workdir, 'ingest', 'rejected.csv')).map((x) => [x.path.replace(audio + '/', ''), x.reason]);
  assert.deepEqual(rejected, [
    ['b.wav', 'labels.csv line 3: label EmoAct=0 outside corpus.labelScale 1 to 7'],
    ['c.wav', 'labels.csv line 4: label EmoAct=9.5 outside corpus.labelScale 1 to 7'],
    ['d.wav', 'labels.csv line 5: label EmoVal=-5 outside corpus.labelScale 1 to 7'],
    ['e.wav', 'labels.csv line 6: label EmoDom=100 outside corpus.labelScale 1 to 7'],
    ['f.wav', 'labels.csv line 7: non-numeric label EmoAct="0x10"'],
    ['g.wav', 'labels.csv line 8: non-numeric label EmoAct="1,5" (decimal comma: write 1.5)'],
    ['i.wav', 'labels.csv line 11: i.wav has conflicting label rows (lines 11, 12)'],
    ['i.wav', 'labels.csv line 12: i.wav has conflicting label rows (lines 11, 12)'],
  ]);

  const byId = new Map(readCsv(join(workdir, 'ingest', 'utterances.csv')).map((u) => [u.id, u]));
  assert.deepEqual([...byId.keys()].sort(), ['a', 'h', 'j', 'k']);
  assert.deepEqual(
    ['EmoAct', 'EmoVal', 'EmoDom', 'speaker'].map((c) => byId.get('a')![c]),
    ['3', '4', '5', 's1'],
  );
  assert.deepEqual(
    ['EmoAct', 'EmoVal', 'EmoDom', 'speaker'].map((c) => byId.get('h')![c]),
    ['2', '2', '2', 's3'],
  );
  assert.deepEqual(
    ['EmoAct', 'EmoVal', 'EmoDom', 'speaker'].map((c) => byId.get('k')![c]),
    ['6.5', '1', '7', 's6'],
  );
  assert.equal(byId.get('j')!.set, 'unlabelled-clean', 'empty label cells are "no label"');
});

test('corpus.labelScale is validated and moves the accepted range', () => {
  const bad = join(root, 'bad-scale.json');
  writeFileSync(bad, JSON.stringify({ corpus: { kind: 'folder', audio: 'corpus', labels: 'labels.csv', labelScale: { min: 7, max: 1 } } }));
  const r = runCli(['config', '--config', bad]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /corpus\.labelScale: min must be below max/);

  const wide = join(root, 'wide-scale.json');
  writeFileSync(wide, JSON.stringify({ corpus: { kind: 'folder', audio: 'corpus', labels: 'labels.csv', labelScale: { min: -10, max: 100 } } }));
  const workdir = join(root, 'run-wide');
  assert.equal(runCli(['run', 'ingest', '--config', wide, '--workdir', workdir, '--jobs', '2']).status, 0);
  const rejected = readCsv(join(workdir, 'ingest', 'rejected.csv')).map((x) => x.path.replace(audio + '/', ''));
  assert.deepEqual(rejected, ['f.wav', 'g.wav', 'i.wav', 'i.wav']);
});
