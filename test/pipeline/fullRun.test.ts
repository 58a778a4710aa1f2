import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import * as ort from 'onnxruntime-node';
import { readFeatureMatrix } from '../../data/featureStore.js';
import { concordanceCorrelation } from '../../stats/ccc.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/paths.js';

/**
 * Every stage through the real CLI on a small demo corpus: simulation with a target SNR, calibration,
 * features, normalisation, a small training grid, evaluation, the report and predict.
 */
const root = mkdtempSync(join(tmpdir(), 'full-run-'));
const workdir = join(root, 'run');
const configPath = join(root, 'config.json');
const config = {
  corpus: {
    kind: 'demo',
    demo: {
      seed: 3,
      labelledSpeakers: 6,
      utterancesPerLabelledSpeaker: 8,
      unlabelledSpeakers: 2,
      utterancesPerUnlabelledSpeaker: 10,
      minDurationS: 1.5,
      maxDurationS: 2.5,
      noiseClips: 2,
      noiseClipDurationS: 12,
    },
  },
  conditions: [
    { name: '10dB', speechDistanceIn: 5, noiseDistanceIn: 35, targetSnrDb: 11.06 },
    { name: '0dB', speechDistanceIn: 15, noiseDistanceIn: 25, targetSnrDb: 0.15 },
  ],
  simulate: { calibrationDurationS: 8 },
  train: {
    models: ['dense', 'dense_adabn', 'dense_mct', 'ln', 'dln', 'dln_mct'],
    attributes: ['arousal'],
    seeds: 2,
    epochs: 3,
    batchSize: 16,
    learningRate: 0.001,
    hiddenUnits: [32, 32],
    emotionUnits: 16,
  },
  evaluate: { bootstrapDraws: 200 },
};
writeFileSync(configPath, JSON.stringify(config));
const csvRows = (path: string): Record<string, string>[] => parse(readFileSync(path, 'utf8'), { columns: true });
const csv = (path: string) => csvRows(join(workdir, path));

test('pipeline run all: every stage, from the demo corpus to the report', { timeout: 300_000 }, async () => {
  const r = runCli(['run', 'all', '--config', configPath, '--workdir', workdir, '--jobs', '2'], { timeoutMs: 290_000 });
  assert.equal(r.status, 0, r.stderr.slice(-3000));
  const status = runCli(['status', '--config', configPath, '--workdir', workdir]).stdout;
  for (const stage of ['ingest', 'simulate', 'calibrate', 'features', 'normalize', 'train', 'evaluate', 'report']) assert.match(status, new RegExp(`^${stage}\\s+done\\s`, 'm'));

  // Simulation and calibration: the paper's Table 1 SNRs as targets are met.
  const conditions = csv('calibrate/conditions.csv');
  const snr = Object.fromEntries(conditions.map((c) => [c.condition, Number(c.estimated_snr_db)]));
  assert.ok(Math.abs(snr['10dB'] - 11.06) < 0.5, `10dB condition calibrated at ${snr['10dB']} dB, target 11.06`);
  assert.ok(Math.abs(snr['0dB'] - 0.15) < 0.5, `0dB condition calibrated at ${snr['0dB']} dB, target 0.15`);
  const simulated = csv('simulate/utterances.csv');
  const testClean = csv('ingest/utterances.csv').filter((u) => u.set === 'test-clean');
  assert.deepEqual(
    simulated.filter((u) => u.set === 'test-0dB').map((u) => [u.id, u.EmoAct]),
    testClean.map((u) => [u.id, u.EmoAct]),
    'noisy test files keep the clean ids and labels',
  );
  // Multi-condition training: the train and dev sets recorded in every condition with noise files the
  // test side never plays; calibration measures the deployment's recordings only.
  const copies = simulated.filter((u) => /^(train|dev)-/.test(u.set));
  const labelledClean = csv('ingest/utterances.csv').filter((u) => u.set === 'train' || u.set === 'dev');
  assert.equal(copies.length, 2 * labelledClean.length);
  assert.equal(csv('calibrate/files.csv').length, simulated.length - copies.length);
  type Side = { files: string[]; seconds: number };
  const { noiseSplit } = JSON.parse(readFileSync(join(workdir, 'simulate', 'conditions.json'), 'utf8')) as { noiseSplit: { training: Side; test: Side } };
  assert.deepEqual([noiseSplit.training.files.length, noiseSplit.test.files.length], [1, 1]);
  assert.ok(!noiseSplit.training.files.some((f) => noiseSplit.test.files.includes(f)), 'no noise file on both sides');

  // Features and normalisation.
  const train = await readFeatureMatrix(join(workdir, 'features', 'train.arrow'));
  assert.equal(train.names.length, 6373);
  assert.equal(train.names[0], 'audspec_lengthL1norm_sma_range');
  const normalised = await readFeatureMatrix(join(workdir, 'normalize', 'train.arrow'));
  assert.ok(normalised.values.every((v) => Number.isFinite(v) && Math.abs(v) <= 10));
  const copy = await readFeatureMatrix(join(workdir, 'features', 'train-10dB.arrow'));
  assert.deepEqual(copy.ids, train.ids, 'a booth copy of every train utterance');
  const differs = copy.ids.filter((_, i) => copy.values.subarray(i * 6373, (i + 1) * 6373).some((v, j) => v !== train.values[i * 6373 + j])).length;
  assert.equal(differs, copy.ids.length, 'every noisy copy has other features than its clean original');

  // Training: Dense once per seed, Dense+AdaBN and the ladders per condition and seed.
  const runs = csv('train/runs.csv');
  const count = (model: string) => runs.filter((x) => x.model === model).length;
  assert.deepEqual([count('dense'), count('dense_adabn'), count('dense_mct'), count('ln'), count('dln'), count('dln_mct')], [2, 4, 2, 4, 4, 4]);
  for (const run of runs) {
    for (const f of ['infer.onnx', 'run.json']) assert.ok(existsSync(join(workdir, run.dir, f)), `${run.dir}/${f}`);
    assert.equal(existsSync(join(workdir, run.dir, 'weights.bin')), ['dense', 'dense_mct', 'dln', 'dln_mct'].includes(run.model), `${run.dir}/weights.bin`);
    assert.equal(existsSync(join(workdir, run.dir, 'checkpoint.bin')), false, 'finished runs drop their optimiser state');
  }
  assert.equal(csv(join(runs.find((x) => x.model === 'dln')!.dir, 'history.csv')).length, 3);

  // infer.onnx alone (raw features in, label-scale predictions out) reproduces the evaluation's CCC.
  const dln = runs.find((x) => x.model === 'dln' && x.condition === '0dB' && x.seed === '1')!;
  const test0 = await readFeatureMatrix(join(workdir, 'features', 'test-0dB.arrow'));
  const session = await ort.InferenceSession.create(join(workdir, dln.dir, 'infer.onnx'));
  const out = await session.run({ features: new ort.Tensor('float32', test0.values, [test0.ids.length, 6373]) });
  const labels = new Map(simulated.filter((u) => u.set === 'test-0dB').map((u) => [u.id, Number(u.EmoAct)]));
  const ccc = concordanceCorrelation(
    out.prediction.data as Float32Array,
    test0.ids.map((id) => labels.get(id)!),
  );
  const reported = csv('evaluate/results.csv').find((x) => x.model === 'dln' && x.condition === '0dB' && x.seed === '1')!;
  assert.ok(Math.abs(ccc - Number(reported.ccc)) < 1e-5, `infer.onnx CCC ${ccc} vs evaluate ${reported.ccc}`);

  // Evaluation: seed statistics with Welch p-values, intervals, the embedding analysis.
  const summary = csv('evaluate/summary.csv');
  const dlnSummary = summary.find((s) => s.model === 'dln' && s.condition === '0dB')!;
  assert.equal(dlnSummary.nSeeds, '2');
  assert.ok(Number(dlnSummary.pVsDense) >= 0 && Number(dlnSummary.pVsDense) <= 1);
  // Dense+MCT is condition-free like Dense: scored on every condition.
  assert.deepEqual(
    summary.filter((s) => s.model === 'dense_mct').map((s) => s.condition),
    ['clean', '10dB', '0dB'],
  );
  // A percentile interval of CCC over resampled speakers need not contain the full-set estimate (the
  // stats tests check its values); with one test speaker every draw is the full set.
  const [ciLow, ciHigh, mean] = [Number(dlnSummary.ciLow), Number(dlnSummary.ciHigh), Number(dlnSummary.mean)];
  assert.ok(-1 <= ciLow && ciLow <= ciHigh && ciHigh <= 1, `interval [${ciLow}, ${ciHigh}]`);
  if (dlnSummary.speakers === '1') assert.ok(Math.abs(ciLow - mean) < 1e-9 && Math.abs(ciHigh - mean) < 1e-9, `interval [${ciLow}, ${ciHigh}], mean ${mean}`);
  assert.deepEqual(
    csv('evaluate/embedding.csv')
      .map((e) => e.condition)
      .sort(),
    ['0dB', '10dB'],
  );

  // The report: self-contained HTML with both tables and the figures.
  const html = readFileSync(join(workdir, 'report', 'report.html'), 'utf8');
  assert.match(html, /Table 1: recording conditions/);
  assert.match(html, /Table 2: CCC per model/);
  assert.match(html, /Dense\+MCT/);
  assert.match(html, /DLN\+MCT/);
  assert.match(
    html,
    /MCT training noise: the demo corpus noise pool, 1 of its 2 files \(simulate\.trainingNoiseFraction 0\.25\) \(1 file, 12 s\), test side 1 file, 12 s, no file shared/,
  );
  assert.ok((html.match(/<svg/g) ?? []).length >= 4);
  assert.doesNotMatch(html, /(src|href)="https?:/);

  // predict: new recordings, any format, bad ones skipped.
  const predictions = join(root, 'predictions.csv');
  const noisyFile = join(workdir, simulated[0].audio);
  const p = runCli(['predict', noisyFile, join(root, 'missing.wav'), '--run', workdir, '--model', 'dln', '--out', predictions]);
  assert.equal(p.status, 0, p.stderr);
  assert.match(p.stderr, /missing\.wav: unreadable/);
  const predicted: Record<string, string>[] = parse(readFileSync(predictions, 'utf8'), { columns: true });
  assert.equal(predicted.length, 1);
  assert.ok(Number.isFinite(Number(predicted[0].EmoAct)) && Number.isFinite(Number(predicted[0].blind_snr_db)));
  assert.ok(['10dB', '0dB'].includes(predicted[0].condition));

  // A training change makes train and everything after it stale, and nothing before it.
  writeFileSync(configPath, JSON.stringify({ ...config, train: { ...config.train, epochs: 4 } }));
  const after = runCli(['status', '--config', configPath, '--workdir', workdir]).stdout;
  for (const stage of ['ingest', 'simulate', 'calibrate', 'features', 'normalize']) assert.match(after, new RegExp(`^${stage}\\s+done\\s`, 'm'));
  for (const stage of ['train', 'evaluate', 'report']) assert.match(after, new RegExp(`^${stage}\\s+stale\\s`, 'm'));
});

test('an interrupted training grid resumes from its checkpoints', { timeout: 300_000 }, async () => {
  // simulate.multiCondition keeps the first test's simulated recordings (with the booth copies) up to date without an MCT model.
  const resumeConfig = {
    ...config,
    simulate: { ...config.simulate, multiCondition: true },
    train: { ...config.train, models: ['dln'], seeds: 1, epochs: 6, checkpointEveryEpochs: 1 },
  };
  writeFileSync(configPath, JSON.stringify(resumeConfig));
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'pipeline.js'), 'run', 'train', '--config', configPath, '--workdir', workdir, '--jobs', '2'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const partial = join(workdir, '.partial', 'train', 'runs', 'dln', 'arousal', '10dB', 'seed-1', 'checkpoint.bin');
  while (!existsSync(partial) && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  assert.notEqual(code, 0, `interrupted run should fail: ${stderr}`);
  assert.match(stderr, /stage train failed: interrupted/);
  const saved = csvRows(join(workdir, '.partial', 'train', 'runs', 'dln', 'arousal', '10dB', 'seed-1', 'history.csv'));
  assert.ok(saved.length >= 1 && saved.length < 6, `${saved.length} epochs saved before the interruption`);

  const resumed = runCli(['run', 'train', '--config', configPath, '--workdir', workdir, '--jobs', '2'], { timeoutMs: 290_000 });
  assert.equal(resumed.status, 0, resumed.stderr.slice(-2000));
  assert.match(resumed.stderr, /train: resuming its earlier partial work/);
  const history = csv('train/runs/dln/arousal/10dB/seed-1/history.csv');
  assert.deepEqual(
    history.map((h) => Number(h.epoch)),
    [1, 2, 3, 4, 5, 6],
  );
  assert.deepEqual(
    history.slice(0, saved.length).map((h) => h.dev_ccc),
    saved.map((h) => h.dev_ccc),
    'the epochs before the interruption are kept, not redone',
  );
});
