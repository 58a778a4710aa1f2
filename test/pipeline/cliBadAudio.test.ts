import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { encodeCacheEntry } from '../../data/audio/audioCache.js';
import { ffmpegPath } from '../../data/audio/ffmpeg.js';
import { readFeatureMatrix } from '../../data/featureStore.js';
import { UTTERANCE_COLUMNS } from '../../data/utterances.js';
import { COMPARE_FEATURE_NAMES } from '../../dsp/compare/featureNames.js';
import { Graph } from '../../models/onnx/graph.js';
import { add, matmul } from '../../models/onnx/ops.js';
import { toOnnxBytes } from '../../models/onnx/serialize.js';
import { runCli } from '../support/cli.js';
import { toExtensibleWav, tone, wavBytes, writeWavFixture } from '../support/audioFixtures.js';

/**
 * Bad audio through the real CLI: WAVE_FORMAT_EXTENSIBLE files are read, undecodable and NaN files
 * are rejected by name, a folder of symlinks ingests like the folder it mirrors, and features and
 * predict skip or flag what they cannot honestly answer for.
 */
const root = mkdtempSync(join(tmpdir(), 'cli-bad-audio-'));
const corpus = join(root, 'corpus');
const readCsv = (path: string): Record<string, string>[] => parse(readFileSync(path, 'utf8'), { columns: true });

const labelRows = ['FileName,EmoAct,EmoVal,EmoDom,SpkrID'];
for (let k = 0; k < 6; k++) {
  for (let u = 0; u < 2; u++) {
    writeWavFixture(join(corpus, `s${k}_u${u}.wav`), [tone(200 + 40 * k + 15 * u, 1, 16000, 0.3)], 16000);
    labelRows.push(`s${k}_u${u}.wav,${1 + k},${2 + u},4,s${k}`);
  }
}
// WAVE_FORMAT_EXTENSIBLE as ffmpeg writes 24-bit PCM, and a stereo float one.
writeWavFixture(join(root, 'plain24.wav'), [tone(330, 1, 16000, 0.3)], 16000, { bitDepth: 24 });
mkdirSync(join(corpus, 'ext'));
execFileSync(ffmpegPath(), ['-v', 'error', '-i', join(root, 'plain24.wav'), '-c:a', 'pcm_s24le', join(corpus, 'ext', 'm24.wav')]);
writeFileSync(join(corpus, 'ext', 'f32stereo.wav'), toExtensibleWav(wavBytes([tone(300, 1, 48000, 0.3), tone(310, 1, 48000, 0.3)], 48000, { float: true })));
// A fmt chunk whose frame size does not fit its channels (wav-decoder threw a RangeError on it).
const badFmt = Buffer.from(wavBytes([tone(300, 1, 16000)], 16000));
badFmt.writeUInt16LE(0, 32);
writeFileSync(join(corpus, 'badfmt.wav'), badFmt);
// A float WAV with NaN samples.
const withNan = tone(300, 1, 16000, 0.3);
for (const i of [10, 2000, 9000]) withNan[i] = NaN;
writeWavFixture(join(corpus, 'nan.wav'), [withNan], 16000, { float: true });
labelRows.push('ext/m24.wav,3,3,3,s0', 'badfmt.wav,3,3,3,s1', 'nan.wav,3,3,3,s2', 'gone.wav,3,3,3,s3');
writeFileSync(join(root, 'labels.csv'), labelRows.join('\n') + '\n');

// The same corpus as a folder of symlinks, plus a dangling link, a link to itself and a link to its own folder.
const links = join(root, 'links');
mkdirSync(links);
for (const name of readdirSync(corpus)) symlinkSync(join('..', 'corpus', name), join(links, name));
symlinkSync('nowhere.wav', join(links, 'gone.wav'));
symlinkSync('self.wav', join(links, 'self.wav'));
symlinkSync('.', join(links, 'again'));

type Ingested = { utterances: Record<string, string>[]; rejected: Map<string, string> };
const ingested = new Map<string, Ingested>();

/** Ingests the folder `audio` under root with labels.csv (once per folder). */
function ingest(audio: string): Ingested {
  if (ingested.has(audio)) return ingested.get(audio)!;
  const config = join(root, `${audio}.json`);
  const workdir = join(root, `run-${audio}`);
  writeFileSync(config, JSON.stringify({ corpus: { kind: 'folder', audio, labels: 'labels.csv' } }));
  const r = runCli(['run', 'ingest', '--config', config, '--workdir', workdir, '--jobs', '2']);
  assert.equal(r.status, 0, r.stderr);
  const rejected = new Map(readCsv(join(workdir, 'ingest', 'rejected.csv')).map((x) => [x.path.replace(join(root, audio) + '/', ''), x.reason]));
  ingested.set(audio, { utterances: readCsv(join(workdir, 'ingest', 'utterances.csv')), rejected });
  return ingested.get(audio)!;
}

test('ingest reads WAVE_FORMAT_EXTENSIBLE files and rejects an undecodable WAV and one with NaN samples by name, keeping the rest', () => {
  const { utterances, rejected } = ingest('corpus');
  assert.deepEqual(utterances.map((u) => u.id).sort(), ['ext/f32stereo', 'ext/m24', ...labelRows.slice(1, 13).map((r) => r.split('.')[0])].sort());
  assert.equal(utterances.find((u) => u.id === 'ext/m24')!.EmoAct, '3');
  assert.match(rejected.get('badfmt.wav')!, /^WAV header declares 0-byte frames, 1 channel\(s\) of 16 bits take 2$/);
  assert.equal(rejected.get('nan.wav'), 'non-finite samples: 3 NaN/Inf of 16000');
  assert.match(rejected.get('gone.wav')!, /listed in labels.csv but no such file/);
  assert.equal(rejected.size, 3);
});

test('a folder of symlinks ingests like the folder it links to; dangling links and loops are rejected with reasons', () => {
  const real = ingest('corpus');
  const linked = ingest('links');
  const comparable = (rows: Record<string, string>[]) => rows.map(({ path, audio, ...rest }) => rest);
  assert.deepEqual(comparable(linked.utterances), comparable(real.utterances));
  for (const name of ['badfmt.wav', 'nan.wav']) assert.equal(linked.rejected.get(name), real.rejected.get(name));
  assert.equal(linked.rejected.get('gone.wav'), 'dangling symlink: nowhere.wav (ENOENT)');
  assert.match(linked.rejected.get('self.wav')!, /^symlink loop/);
  assert.match(linked.rejected.get('again')!, /^symlink loop: leads back to .*links, a folder above it$/);
  assert.equal(linked.rejected.size, 5);
});

test('features skips NaN audio and non-finite features with a warning naming the file, and writes the other rows (CSV and Arrow)', async () => {
  const good = join(corpus, 's0_u0.wav');
  const m24 = join(corpus, 'ext', 'm24.wav');
  const nan = join(corpus, 'nan.wav');
  const csvOut = join(root, 'features.csv');
  const c = runCli(['features', good, nan, m24, '--out', csvOut, '--jobs', '2']);
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stderr, /nan\.wav: non-finite samples: 3 NaN\/Inf of 16000/);
  const lines = readFileSync(csvOut, 'utf8').trim().split('\n');
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(';')[0]),
    ["'s0_u0'", "'m24'"],
  );
  assert.ok(
    lines.slice(1).every((l) => !/nan|inf/i.test(l)),
    'no non-finite value in the CSV',
  );

  const arrowOut = join(root, 'features.arrow');
  const a = runCli(['features', nan, good, '--out', arrowOut, '--jobs', '2']);
  assert.equal(a.status, 0, a.stderr);
  const matrix = await readFeatureMatrix(arrowOut);
  assert.deepEqual(matrix.ids, ['s0_u0']);
  assert.ok(matrix.values.every((v) => Number.isFinite(v)));

  // A decode-cache entry (valid header and checksum) bypasses decoding: the features themselves are checked.
  const rawNan = join(root, 'cached.f32');
  writeFileSync(rawNan, encodeCacheEntry(withNan, 16000));
  const few = join(root, 'few');
  mkdirSync(few);
  symlinkSync(good, join(few, 'ok.wav'));
  symlinkSync('missing.wav', join(few, 'broken.wav'));
  const f = runCli(['features', few, rawNan, '--out', join(root, 'few.csv'), '--jobs', '2']);
  assert.equal(f.status, 0, f.stderr);
  assert.match(f.stderr, /cached\.f32: non-finite features: \d+ NaN\/Inf of 6373/);
  assert.match(f.stderr, /broken\.wav: dangling symlink: missing\.wav \(ENOENT\)/);
  assert.match(f.stderr, /1 of 3 files written .*\(2 skipped, reasons above\)/);
  assert.deepEqual(
    readFileSync(join(root, 'few.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(';')[0]),
    ["'ok'"],
  );
});

/** An infer.onnx answering `values` (arousal, valence, dominance) for any features: predict's checks, not a model, are under test. */
function constantModel(path: string, values: number[]): void {
  const g = new Graph();
  const features = g.input('features', 'float32', ['batch', COMPARE_FEATURE_NAMES.length]);
  const zeros = g.constant({ dtype: 'float32', dims: [COMPARE_FEATURE_NAMES.length, 3], data: new Float32Array(COMPARE_FEATURE_NAMES.length * 3) });
  g.output('prediction', add(matmul(features, zeros), g.constant({ dtype: 'float32', dims: [3], data: Float32Array.from(values) })));
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, toOnnxBytes(g, 'constant'));
}

test('predict skips silent and NaN files, and flags clipped input and predictions outside the label range in a warning column', () => {
  const run = join(root, 'trained');
  const runs = [
    { model: 'dense', values: [4, 4.5, 3] },
    { model: 'ln', values: [9.13, 4, 0.5] },
  ].map(({ model, values }) => {
    const dir = `train/runs/${model}/multitask/clean/seed-1`;
    constantModel(join(run, dir, 'infer.onnx'), values);
    return { model, target: 'multitask', condition: 'clean', seed: 1, bestEpoch: 1, epochs: 1, bestDevCcc: 0.5, seconds: 1, dir };
  });
  writeFileSync(join(run, 'train', 'runs.csv'), stringify(runs, { header: true }));
  mkdirSync(join(run, 'ingest'));
  const labelled = [1, 7].map((v, i) => ({
    id: `u${i}`,
    path: `u${i}.wav`,
    set: 'train',
    condition: 'clean',
    speaker: 's',
    duration_s: 1,
    EmoAct: v,
    EmoVal: 4,
    EmoDom: 4,
    audio: '',
  }));
  writeFileSync(join(run, 'ingest', 'utterances.csv'), stringify(labelled, { header: true, columns: [...UTTERANCE_COLUMNS] }));

  const speech = join(corpus, 's1_u0.wav');
  const silent = join(root, 'silent.wav');
  writeWavFixture(silent, [new Float32Array(16000)], 16000);
  const clipped = join(root, 'clipped.wav');
  writeWavFixture(clipped, [tone(200, 1, 16000, 3).map((x) => Math.max(-1, Math.min(1, x)))], 16000);
  const out = join(root, 'predictions.csv');
  const p = runCli(['predict', speech, silent, clipped, join(corpus, 'nan.wav'), '--run', run, '--model', 'dense', '--out', out, '--jobs', '2']);
  assert.equal(p.status, 0, p.stderr);
  assert.match(p.stderr, /silent\.wav: silent: every sample is zero, not predicted/);
  assert.match(p.stderr, /nan\.wav: non-finite samples: 3 NaN\/Inf of 16000/);
  assert.match(p.stderr, /clipped\.wav: clipped: \d+\.\d\d% of samples at full scale/);
  const rows = readCsv(out);
  assert.deepEqual(
    rows.map((r) => r.FileName),
    [speech, clipped],
  );
  assert.deepEqual(
    rows.map((r) => [r.EmoAct, r.EmoVal, r.EmoDom]),
    [
      ['4', '4.5', '3'],
      ['4', '4.5', '3'],
    ],
  );
  assert.equal(rows[0].warning, '');
  assert.match(rows[1].warning, /^clipped: \d+\.\d\d% of samples at full scale$/);

  const q = runCli(['predict', speech, '--run', run, '--model', 'ln', '--out', out, '--jobs', '1']);
  assert.equal(q.status, 0, q.stderr);
  const [row] = readCsv(out);
  assert.equal(row.warning, "EmoAct 9.13 outside the corpus's label range 1-7; EmoDom 0.5 outside the corpus's label range 1-7");
  assert.match(q.stderr, /s1_u0\.wav: EmoAct 9\.13 outside the corpus's label range 1-7/);
});
