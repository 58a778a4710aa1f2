import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runCli, type CliResult } from '../support/cli.js';
import { tone, writeWavFixture } from '../support/audioFixtures.js';

/** What a user reads when something goes wrong: one line naming the file, the log, and status afterwards. */
const root = mkdtempSync(join(tmpdir(), 'cli-messages-'));
const corpus = join(root, 'corpus');
const rows = ['FileName,EmoAct,SpkrID'];
for (let i = 0; i < 6; i++) {
  writeWavFixture(join(corpus, `u${i}.wav`), [tone(200 + 10 * i, 1, 16000)], 16000);
  rows.push(`u${i}.wav,${2 + i / 2},s${i}`);
}
// An unlabelled file longer than the calibration recording, and a file ffmpeg cannot read.
writeWavFixture(join(corpus, 'long.wav'), [tone(250, 4, 16000)], 16000);
writeFileSync(
  join(corpus, 'broken.mp3'),
  new Uint8Array(3000).map((_, i) => (i * 7919) % 251),
);
writeFileSync(join(root, 'labels.csv'), rows.join('\n') + '\n');
writeWavFixture(join(root, 'noise', 'radio.wav'), [tone(900, 2, 16000, 0.1)], 16000);
const config = join(root, 'config.json');
writeFileSync(config, JSON.stringify({ corpus: { kind: 'folder', audio: 'corpus', labels: 'labels.csv' }, simulate: { noiseFolder: 'noise', calibrationDurationS: 1 } }));
const workdir = join(root, 'run');
const stackLine = /^\s+at /m;

const noiseShortage = `stage simulate failed: the noise pool (${join(root, 'noise')}) holds 2.0 s of audio; one recording needs 4.3 s without looping (${join(corpus, 'long.wav')}, 4.0 s long): add noise, or leave that file out`;
let simulate: CliResult;
before(() => {
  simulate = runCli(['run', 'simulate', '--config', config, '--workdir', workdir, '--jobs', '2']);
});

test('an ffmpeg rejection reason is one line, without the path or doubled words', () => {
  const rejected: Record<string, string>[] = parse(readFileSync(join(workdir, 'ingest', 'rejected.csv'), 'utf8'), { columns: true });
  assert.equal(rejected.length, 1);
  assert.equal(rejected[0].path, join(corpus, 'broken.mp3'));
  assert.match(rejected[0].reason, /^ffmpeg could not decode it: \S[^\n]*$/);
  assert.doesNotMatch(rejected[0].reason, /exited with code|broken\.mp3/);
});

test('a stage failure is one line naming what needs the noise, and is in pipeline.log', () => {
  assert.equal(simulate.status, 1, simulate.stderr);
  assert.equal(simulate.stderr.trim().split('\n').pop(), `error: ${noiseShortage}`);
  assert.doesNotMatch(simulate.stderr, stackLine);
  assert.match(readFileSync(join(workdir, 'pipeline.log'), 'utf8'), /Z simulate: failed: the noise pool .* \(.*long\.wav, 4\.0 s long\)/);
});

test('status without --config compares against the config the run saved', () => {
  const status = runCli(['status', '--workdir', workdir]);
  assert.equal(status.status, 0, status.stderr);
  assert.match(status.stdout, /^ingest\s+done\s/m);
  assert.match(status.stdout, /^simulate\s+failed\s/m);
  assert.match(status.stdout, new RegExp(`compared with the config the last run used: ${join(workdir, 'config.json')}`));
});

test('--verbose adds the stack trace to the same error line', () => {
  const verbose = runCli(['run', 'simulate', '--config', config, '--workdir', workdir, '--verbose']);
  assert.equal(verbose.status, 1);
  assert.match(verbose.stderr, stackLine);
  assert.equal(verbose.stderr.trim().split('\n').pop(), `error: ${noiseShortage}`);
});

test('a model file onnxruntime cannot load is named once, on one line', () => {
  const run = join(root, 'fake-run');
  const modelDir = join(run, 'train', 'runs', 'dln', 'arousal', '10dB', 'seed-1');
  mkdirSync(modelDir, { recursive: true });
  writeFileSync(join(modelDir, 'infer.onnx'), 'not a model');
  writeFileSync(
    join(run, 'train', 'runs.csv'),
    'model,target,condition,seed,bestEpoch,epochs,bestDevCcc,converged,seconds,dir\ndln,arousal,10dB,1,1,1,0.5,true,1,train/runs/dln/arousal/10dB/seed-1\n',
  );
  const r = runCli(['predict', join(corpus, 'u0.wav'), '--run', run, '--out', join(root, 'p.csv'), '--jobs', '1']);
  assert.equal(r.status, 1, r.stderr);
  const last = r.stderr.trim().split('\n').pop()!;
  assert.match(last, /^error: cannot load model \S+infer\.onnx: \S/);
  assert.equal(last.split('infer.onnx').length, 2, `the file is named once: ${last}`);
  assert.doesNotMatch(r.stderr, /Load model|run with --verbose/);
  assert.doesNotMatch(r.stderr, stackLine);
});

test('snr: an unusable calibration recording is named with its option', () => {
  const r = runCli(['snr', '--speech', join(corpus, 'u0.wav'), '--noise', join(corpus, 'broken.mp3')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr.trim(), new RegExp(`^error: --noise ${join(corpus, 'broken\\.mp3')}: ffmpeg could not decode it: [^\\n]+$`));
});

test('a training noise folder holding a copy of a test noise recording stops simulate with one line naming both', () => {
  writeWavFixture(join(root, 'noise-long', 'radio.wav'), [tone(900, 6, 16000, 0.1)], 16000);
  writeWavFixture(join(root, 'training-noise', 'fresh.wav'), [tone(700, 6, 16000, 0.1)], 16000);
  writeWavFixture(join(root, 'training-noise', 'renamed.wav'), [tone(900, 6, 16000, 0.1)], 16000);
  const mct = join(root, 'mct.json');
  writeFileSync(
    mct,
    JSON.stringify({
      corpus: { kind: 'folder', audio: 'corpus', labels: 'labels.csv' },
      simulate: { noiseFolder: 'noise-long', trainingNoiseFolder: 'training-noise', calibrationDurationS: 1 },
      train: { models: ['dense', 'dense_mct'] },
    }),
  );
  const r = runCli(['run', 'simulate', '--config', mct, '--workdir', join(root, 'mct-run'), '--jobs', '2']);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(
    r.stderr.trim().split('\n').pop(),
    `error: stage simulate failed: simulate.trainingNoiseFolder: ${join(root, 'training-noise', 'renamed.wav')} holds the same audio as ${join(root, 'noise-long', 'radio.wav')} of the test noise pool; keep the training noise apart from the test noise`,
  );
});
