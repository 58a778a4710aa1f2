import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runCli } from '../support/cli.js';
import { tone, transcode, writeWavFixture } from '../support/audioFixtures.js';

/**
 * End to end through the real CLI on a small folder corpus written here: good files in several
 * layouts, and every kind of bad input the ingest stage must reject without stopping.
 */
const root = mkdtempSync(join(tmpdir(), 'cli-ingest-'));
const audio = join(root, 'corpus');
mkdirSync(join(audio, 'sub'), { recursive: true });

const speakers = ['s1', 's2', 's3', 's4', 's5', 's6'];
const labelRows: string[] = ['FileName,EmoAct,EmoVal,EmoDom,SpkrID'];
for (const [k, spk] of speakers.entries()) {
  for (let u = 0; u < 3; u++) {
    const name = `${spk}_u${u}.wav`;
    writeWavFixture(join(audio, name), [tone(200 + 50 * k + 10 * u, 1, 16000, 0.3)], 16000);
    labelRows.push(`${name},${3 + u},${4},${2 + k / 2},${spk}`);
  }
}
// Unusual but valid layouts.
writeWavFixture(join(audio, 'sub', 'stereo44k.wav'), [tone(300, 1, 44100), tone(300, 1, 44100)], 44100);
writeWavFixture(join(audio, 'sub', 'pcm24.wav'), [tone(350, 1, 16000)], 16000, { bitDepth: 24 });
writeWavFixture(join(root, 'for-flac.wav'), [tone(400, 1.2, 16000)], 16000);
transcode(join(root, 'for-flac.wav'), join(audio, 'sub', 'encoded.flac'));
labelRows.push('stereo44k.wav,5,5,5,s1', 'sub/pcm24.wav,2,2,2,s2', 'encoded.flac,6,6,6,s3');
// Bad input.
writeFileSync(join(audio, 'corrupt.wav'), Buffer.from('RIFF\x10\x00\x00\x00WAVEjunkjunkjunk'));
writeFileSync(join(audio, 'empty.wav'), new Uint8Array(0));
writeWavFixture(join(audio, 'silent.wav'), [new Float32Array(16000)], 16000);
writeWavFixture(join(audio, 'short.wav'), [tone(300, 0.2, 16000)], 16000);
writeWavFixture(join(audio, 'badlabel.wav'), [tone(300, 1, 16000)], 16000);
writeFileSync(join(audio, 'notes.txt'), 'not audio, ignored');
labelRows.push('missing.wav,4,4,4,s1', 'badlabel.wav,high,4,4,s1');
// Unlabelled pool: files without a label row.
writeWavFixture(join(audio, 'pool1.wav'), [tone(250, 1, 16000)], 16000);
writeWavFixture(join(audio, 'pool2.wav'), [tone(260, 1, 16000)], 16000);
writeFileSync(join(root, 'labels.csv'), labelRows.join('\n') + '\n');

const configPath = join(root, 'config.json');
const writeConfig = (extra: Record<string, unknown> = {}) =>
  writeFileSync(configPath, JSON.stringify({ corpus: { kind: 'folder', audio: 'corpus', labels: 'labels.csv' }, ...extra }));
const workdir = join(root, 'run');

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true });
}

test('ingest of a folder corpus: good files listed by set, bad files rejected with reasons', () => {
  writeConfig();
  const r = runCli(['run', 'ingest', '--config', configPath, '--workdir', workdir, '--jobs', '2']);
  assert.equal(r.status, 0, r.stderr);
  const utterances = readCsv(join(workdir, 'ingest', 'utterances.csv'));
  const byId = new Map(utterances.map((u) => [u.id, u]));
  assert.equal(utterances.length, 18 + 3 + 2);
  for (const id of ['sub/stereo44k', 'sub/pcm24', 'sub/encoded']) assert.ok(byId.has(id), `${id} decoded`);
  assert.equal(byId.get('sub/encoded')!.EmoAct, '6');
  assert.ok(Math.abs(Number(byId.get('sub/stereo44k')!.duration_s) - 1) < 1e-3);
  assert.equal(byId.get('pool1')!.set, 'unlabelled-clean');
  // Speaker-independent: each speaker's files sit in one set, and all three sets are used.
  const setsOfSpeaker = new Map<string, Set<string>>();
  for (const u of utterances.filter((x) => x.set !== 'unlabelled-clean')) {
    setsOfSpeaker.set(u.speaker, (setsOfSpeaker.get(u.speaker) ?? new Set()).add(u.set));
  }
  for (const [spk, sets] of setsOfSpeaker) assert.equal(sets.size, 1, `speaker ${spk} in ${[...sets]}`);
  assert.deepEqual(new Set(utterances.map((u) => u.set)), new Set(['train', 'dev', 'test-clean', 'unlabelled-clean']));
  // Decoded audio is cached: 16 kHz float32, 4 bytes a sample, after the entry's 44-byte header (length and checksum).
  const cached = join(workdir, byId.get('sub/stereo44k')!.audio);
  assert.equal(readFileSync(cached).length, 44 + 16000 * 4);

  const rejected = new Map(readCsv(join(workdir, 'ingest', 'rejected.csv')).map((x) => [x.path.replace(audio + '/', ''), x.reason]));
  assert.match(rejected.get('corrupt.wav')!, /no fmt chunk|truncated|data chunk/);
  assert.match(rejected.get('empty.wav')!, /empty file/);
  assert.match(rejected.get('silent.wav')!, /silent/);
  assert.match(rejected.get('short.wav')!, /too short: 0.200 s < ingest.minDurationS 0.5 s/);
  assert.match(rejected.get('missing.wav')!, /listed in labels.csv but no such file/);
  assert.match(rejected.get('badlabel.wav')!, /non-numeric label EmoAct="high"/);
  assert.equal(rejected.size, 6);
  assert.ok(!rejected.has('notes.txt'));
});

test('status, skipping when up to date, and staleness after a config change', () => {
  let s = runCli(['status', '--config', configPath, '--workdir', workdir]);
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, /^ingest\s+done\s/m);
  const again = runCli(['run', 'ingest', '--config', configPath, '--workdir', workdir]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /ingest: up to date, skipped/);

  writeConfig({ ingest: { minDurationS: 0.1 } });
  s = runCli(['status', '--config', configPath, '--workdir', workdir]);
  assert.match(s.stdout, /^ingest\s+stale\s.*config changed/m);
  const rerun = runCli(['run', 'ingest', '--config', configPath, '--workdir', workdir]);
  assert.equal(rerun.status, 0, rerun.stderr);
  const ids = readCsv(join(workdir, 'ingest', 'utterances.csv')).map((u) => u.id);
  assert.ok(ids.includes('short'), 'the 0.2 s file passes a 0.1 s minimum');

  const forced = runCli(['run', 'ingest', '--force', '--config', configPath, '--workdir', workdir]);
  assert.match(forced.stderr, /ingest: running/);
});

test('config errors stop the run before any work, naming the field', () => {
  const bad = join(root, 'bad.json');
  const fresh = join(root, 'never-made');
  writeFileSync(bad, JSON.stringify({ corpus: { kind: 'folder', audio: 'corpus', labelz: 'x' }, ingest: { minDurationS: 'long' } }));
  const r = runCli(['run', '--config', bad, '--workdir', fresh]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /corpus\.labelz: unknown field/);
  assert.match(r.stderr, /ingest\.minDurationS: .*expected number/);
  assert.ok(!existsSync(fresh), 'no run directory is created');

  writeFileSync(bad, JSON.stringify({ corpus: { kind: 'folder' } }));
  assert.match(runCli(['config', '--config', bad]).stderr, /corpus\.audio: required when corpus\.kind is "folder"/);
  assert.match(runCli(['run', 'nosuchstage']).stderr, /unknown stage "nosuchstage"/);
});

test('a labels CSV without FileName, or a missing corpus folder, stops with one line naming it', () => {
  writeFileSync(join(root, 'nofilename.csv'), 'File,EmoAct\na.wav,3\n');
  const cfg = join(root, 'nofilename.json');
  writeFileSync(cfg, JSON.stringify({ corpus: { kind: 'folder', audio: 'corpus', labels: 'nofilename.csv' } }));
  const r = runCli(['run', '--config', cfg, '--workdir', join(root, 'run2')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /error: stage ingest failed: labels CSV .*nofilename\.csv has no FileName column \(columns: File, EmoAct\)/);
  const status = runCli(['status', '--config', cfg, '--workdir', join(root, 'run2')]);
  assert.match(status.stdout, /^ingest\s+failed\s.*no FileName column/m);

  writeFileSync(cfg, JSON.stringify({ corpus: { kind: 'folder', audio: 'nowhere' } }));
  const m = runCli(['run', '--config', cfg, '--workdir', join(root, 'run3')]);
  assert.equal(m.status, 1);
  assert.match(m.stderr, /corpus audio folder not found: .*nowhere/);
});

test('stages and config commands describe the pipeline', () => {
  const stages = runCli(['stages']);
  assert.equal(stages.status, 0);
  assert.match(stages.stdout, /^ingest: .*\n\s+reads:.*\n\s+writes:\s+ingest\/utterances\.csv/m);
  const config = JSON.parse(runCli(['config']).stdout) as { corpus: { kind: string }; conditions: { name: string }[] };
  assert.equal(config.corpus.kind, 'demo');
  assert.deepEqual(
    config.conditions.map((c) => c.name),
    ['10dB', '5dB', '0dB'],
  );
});
