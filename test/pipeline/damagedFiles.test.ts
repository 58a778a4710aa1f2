import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import onnxProto from 'onnx-proto';
import { readManifest, writeManifest } from '../../pipeline/manifest.js';
import { outputHashOf, recordFiles } from '../../pipeline/outputRecords.js';
import { runCli } from '../support/cli.js';

/**
 * Files of a finished run damaged behind the pipeline's back, through the real CLI: each case damages
 * its own copy of one small run (copied with its files' times, as a user's `cp -p` would).
 */
const root = mkdtempSync(join(tmpdir(), 'damaged-files-'));
const base = join(root, 'run');
const configPath = join(root, 'config.json');
writeFileSync(
  configPath,
  JSON.stringify({
    corpus: {
      kind: 'demo',
      demo: {
        seed: 5,
        labelledSpeakers: 4,
        utterancesPerLabelledSpeaker: 3,
        unlabelledSpeakers: 1,
        utterancesPerUnlabelledSpeaker: 3,
        minDurationS: 1,
        maxDurationS: 1.5,
        noiseClips: 1,
        noiseClipDurationS: 8,
      },
    },
    conditions: [{ name: '0dB', speechDistanceIn: 15, noiseDistanceIn: 25 }],
    simulate: { maxUnlabelledPerCondition: 3, calibrationDurationS: 4 },
    train: { models: ['dense'], attributes: ['arousal'], seeds: 1, epochs: 2, batchSize: 4, hiddenUnits: [16, 16], emotionUnits: 8 },
    evaluate: { bootstrapDraws: 100 },
  }),
);
const STAGES = ['ingest', 'simulate', 'calibrate', 'features', 'normalize', 'train', 'evaluate', 'report'];
const cli = (workdir: string, ...args: string[]) => runCli([...args, '--config', configPath, '--workdir', workdir, ...(args[0] === 'run' ? ['--jobs', '2'] : [])]);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

before(() => {
  const r = cli(base, 'run', 'all');
  assert.equal(r.status, 0, r.stderr.slice(-3000));
});

function copyOfRun(name: string): string {
  const dir = join(root, name);
  cpSync(base, dir, { recursive: true, preserveTimestamps: true });
  return dir;
}

test('a touched output file is no change: status stays done, run re-runs nothing, and the new time is kept', () => {
  const run = copyOfRun('touched');
  const file = join(run, 'features', 'test-clean.arrow');
  const later = new Date(statSync(file).mtimeMs + 60_000);
  utimesSync(file, later, later);
  const status = cli(run, 'status').stdout;
  for (const stage of STAGES) assert.match(status, new RegExp(`^${stage}\\s+done\\s`, 'm'));
  const r = cli(run, 'run', 'all');
  assert.equal(r.status, 0, r.stderr);
  for (const stage of STAGES) assert.match(r.stderr, new RegExp(`^${stage}: up to date, skipped$`, 'm'));
  assert.equal(readManifest(run).features.files!['test-clean.arrow'].mtimeMs, statSync(file).mtimeMs);
});

test('random bytes in features/test-clean.arrow: status names the file; run evaluate extracts it again and scores as before', () => {
  const run = copyOfRun('overwritten');
  const results = readFileSync(join(run, 'evaluate', 'results.csv'), 'utf8');
  const file = join(run, 'features', 'test-clean.arrow');
  writeFileSync(file, randomBytes(statSync(file).size));

  const status = cli(run, 'status').stdout;
  assert.match(status, /^features\s+stale\s.*\s{2}features\/test-clean\.arrow changed since the features stage wrote it$/m);
  for (const stage of ['normalize', 'train', 'evaluate', 'report']) assert.match(status, new RegExp(`^${stage}\\s+stale\\s.*an upstream stage is not up to date$`, 'm'));

  const r = cli(run, 'run', 'evaluate');
  assert.equal(r.status, 0, r.stderr.slice(-3000));
  assert.match(r.stderr, /^features: warning: features\/test-clean\.arrow changed since the features stage wrote it; running the features stage again$/m);
  assert.match(r.stderr, /^features: done in /m);
  // The features made again are the ones the later stages were made from, so those stand.
  for (const stage of ['normalize', 'train', 'evaluate']) assert.match(r.stderr, new RegExp(`^${stage}: up to date, skipped$`, 'm'));
  assert.equal(readFileSync(join(run, 'evaluate', 'results.csv'), 'utf8'), results);
  const ccc = parse<{ ccc: string }>(results, { columns: true }).map((x) => Number(x.ccc));
  assert.ok(ccc.length > 0 && ccc.every(Number.isFinite), `CCCs ${ccc}`);
});

test('a truncated features/train.arrow is extracted again by the next run, without --force on features', () => {
  const run = copyOfRun('truncated');
  const file = join(run, 'features', 'train.arrow');
  const whole = readFileSync(file);
  truncateSync(file, whole.length >> 1);
  assert.match(cli(run, 'status').stdout, /^features\s+stale\s.*features\/train\.arrow changed since the features stage wrote it$/m);
  // Forcing normalize makes it read the file, as a changed normalize config would.
  const r = cli(run, 'run', 'normalize', '--force');
  assert.equal(r.status, 0, r.stderr.slice(-3000));
  assert.match(r.stderr, /^features: warning: features\/train\.arrow changed since the features stage wrote it; running the features stage again$/m);
  assert.match(r.stderr, /^normalize: done in /m);
  assert.deepEqual(readFileSync(file), whole);
});

test('a truncated cache/audio entry, features forced: a warning names the file, it is decoded again, the features are the same', () => {
  const run = copyOfRun('cache');
  const rows = parse<{ set: string; path: string; audio: string }>(readFileSync(join(run, 'ingest', 'utterances.csv'), 'utf8'), { columns: true });
  const row = rows.find((x) => x.set === 'test-clean')!;
  const entry = join(run, row.audio);
  const size = statSync(entry).size;
  truncateSync(entry, size >> 1);
  const featuresHash = readManifest(run).features.outputHash;

  const r = cli(run, 'run', 'features', '--force');
  assert.equal(r.status, 0, r.stderr.slice(-3000));
  assert.match(r.stderr, new RegExp(`^features: warning: cached audio of ${escape(row.path)} is unusable \\(${escape(entry)}: truncated: .*\\); decoding it again$`, 'm'));
  assert.equal(statSync(entry).size, size, 'the entry is whole again');
  assert.equal(readManifest(run).features.outputHash, featuresHash, 'the features are byte for byte those of the intact entry');
});

test('a model that predicts NaN fails evaluate, naming the model file, instead of reporting NaN CCCs', async () => {
  const run = copyOfRun('nan-model');
  const { dir } = parse<{ dir: string }>(readFileSync(join(run, 'train', 'runs.csv'), 'utf8'), { columns: true })[0];
  const path = join(run, dir, 'infer.onnx');
  const proto = onnxProto.onnx.ModelProto.decode(readFileSync(path));
  for (const t of proto.graph!.initializer!.filter((x) => x.dataType === onnxProto.onnx.TensorProto.DataType.FLOAT)) {
    t.rawData = new Uint8Array(new Float32Array(t.rawData!.length / 4).fill(NaN).buffer);
  }
  writeFileSync(path, onnxProto.onnx.ModelProto.encode(proto).finish());
  // As a diverged training run would publish it: the train stage's records and hash match the file.
  const manifest = readManifest(run);
  const files = await recordFiles(join(run, 'train'));
  manifest.train = { ...manifest.train, files, outputHash: outputHashOf(files) };
  await writeManifest(run, manifest);

  const r = cli(run, 'run', 'evaluate');
  assert.equal(r.status, 1, r.stderr.slice(-3000));
  assert.match(r.stderr, new RegExp(`stage evaluate failed: ${escape(dir)}/infer\\.onnx predicts NaN for \\S+ of dev from finite features`));
  assert.equal(readManifest(run).evaluate.state, 'failed');
});
