import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import { FeatureWriter } from '../../data/featureStore.js';
import { UTTERANCE_COLUMNS } from '../../data/utterances.js';
import { createRng } from '../../dsp/random.js';
import { configSchema } from '../../stages/configSchema.js';
import { ModelInference } from '../../models/export/inference.js';
import { openSession, tensorOf } from '../../models/onnx/runtime.js';
import { readTargetScale, readWeights, runDir, trainingGrid, type RunKey } from '../../stages/runGrid.js';
import { loadTrainingData, modelFor, trainRun } from '../../stages/trainRun.js';

const D = 10;
const CONDITIONS = ['10dB', '0dB'];
const SIZES = { train: 24, dev: 8 } as const;

/**
 * A run directory as normalize, ingest and simulate leave it, with synthetic features: the clean train
 * and dev sets, their booth copies in each condition (the clean features plus condition-specific noise,
 * the same labels), and each condition's unlabelled set.
 */
async function syntheticRun(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'mct-'));
  for (const stage of ['normalize', 'ingest', 'simulate']) mkdirSync(join(dir, stage));
  const names = Array.from({ length: D }, (_, j) => `f${j}`);
  writeFileSync(join(dir, 'normalize', 'stats.json'), JSON.stringify({ mean: new Array(D).fill(0), std: new Array(D).fill(1), clip: 10 }));
  const rng = createRng(5);
  const write = async (set: string, rows: { id: string; x: Float32Array }[]) => {
    const writer = new FeatureWriter(join(dir, 'normalize', `${set}.arrow`), names);
    for (const r of rows) writer.add(r.id, r.x);
    await writer.close();
  };
  const ingest: Record<string, string | number>[] = [];
  const simulate: Record<string, string | number>[] = [];
  for (const [set, n] of Object.entries(SIZES)) {
    const clean = Array.from({ length: n }, (_, i) => ({ id: `${set}${i}`, x: rng.fillNormal(new Float32Array(D)) }));
    await write(set, clean);
    const label = (i: number) => ({ speaker: `s${i % 4}`, duration_s: 1, EmoAct: 1 + (i % 7), EmoVal: 4, EmoDom: 4, path: `${set}${i}.wav`, audio: '' });
    clean.forEach((r, i) => ingest.push({ id: r.id, set, condition: 'clean', ...label(i) }));
    for (const c of CONDITIONS) {
      await write(
        `${set}-${c}`,
        clean.map((r) => ({ id: r.id, x: r.x.map((v) => v + rng.normal()) })),
      );
      clean.forEach((r, i) => simulate.push({ id: r.id, set: `${set}-${c}`, condition: c, ...label(i) }));
    }
  }
  for (const c of CONDITIONS)
    await write(
      `unlabelled-${c}`,
      Array.from({ length: 32 }, (_, i) => ({ id: `u${i}`, x: rng.fillNormal(new Float32Array(D)) })),
    );
  writeFileSync(join(dir, 'ingest', 'utterances.csv'), stringify(ingest, { header: true, columns: [...UTTERANCE_COLUMNS] }));
  writeFileSync(join(dir, 'simulate', 'utterances.csv'), stringify(simulate, { header: true, columns: [...UTTERANCE_COLUMNS] }));
  return dir;
}

const config = configSchema.parse({
  conditions: CONDITIONS.map((name, i) => ({ name, speechDistanceIn: 5 + 10 * i, noiseDistanceIn: 35 - 10 * i })),
  train: { models: ['dense', 'dense_mct', 'dln', 'dln_mct'], attributes: ['arousal'], seeds: 1, epochs: 2, batchSize: 8, hiddenUnits: [8, 8], emotionUnits: 4 },
});

test('the multi-condition models: Dense+MCT once per seed, DLN+MCT per condition, as their bases', () => {
  const grid = trainingGrid(config).map((k) => `${k.model} ${k.condition}`);
  assert.deepEqual(grid, ['dense clean', 'dense_mct clean', 'dln 10dB', 'dln 0dB', 'dln_mct 10dB', 'dln_mct 0dB']);
});

test("an MCT model's labelled batches come from the clean sets and their booth copies in every condition; the other models' from the clean sets only", async () => {
  const dir = await syntheticRun();
  const data = await loadTrainingData(config, dir, trainingGrid(config));
  for (const [set, n] of [
    ['train', SIZES.train],
    ['dev', SIZES.dev],
  ] as const) {
    const clean = (set === 'train' ? data.train : data.dev).get('arousal')!;
    const mct = (set === 'train' ? data.multiCondition!.train : data.multiCondition!.dev).get('arousal')!;
    assert.equal(clean.rows, n);
    assert.equal(mct.rows, n * (1 + CONDITIONS.length));
    assert.deepEqual(mct.ids, [...clean.ids, ...clean.ids, ...clean.ids], `${set}: every utterance, clean then one copy per condition`);
    assert.deepEqual(mct.y, Float32Array.from([...clean.y, ...clean.y, ...clean.y]), 'a copy keeps its labels');
    assert.deepEqual(mct.x.subarray(0, n * D), clean.x);
    for (let copy = 1; copy <= CONDITIONS.length; copy++) {
      for (let r = 0; r < n; r++) {
        const noisy = mct.x.subarray((copy * n + r) * D, (copy * n + r + 1) * D);
        assert.ok(
          noisy.some((v, j) => v !== clean.x[r * D + j]),
          `${set} copy ${copy} of ${clean.ids[r]} has its own features`,
        );
      }
    }
  }
  const withoutMct = configSchema.parse({ ...config, train: { ...config.train, models: ['dense', 'dln'] } });
  assert.equal((await loadTrainingData(withoutMct, dir, trainingGrid(withoutMct))).multiCondition, undefined, 'no copies read without an MCT model');
});

test('DLN+MCT: same seed, same weights; other weights than the DLN trained on the clean labelled set alone', async () => {
  const dir = await syntheticRun();
  const data = await loadTrainingData(config, dir, trainingGrid(config));
  const weights = async (model: RunKey['model']) => {
    const outDir = mkdtempSync(join(tmpdir(), 'mct-train-'));
    const key: RunKey = { model, target: 'arousal', condition: '10dB', seed: 2 };
    await trainRun({ config, outDir, threads: 1, warn: () => {}, onEpoch: () => {} }, key, data);
    // infer.onnx holds the best epoch's weights.
    return readFileSync(join(runDir(outDir, key), 'infer.onnx'));
  };
  const first = await weights('dln_mct');
  assert.ok(first.equals(await weights('dln_mct')), 'two trainings with the same seed give the same bytes');
  assert.ok(!first.equals(await weights('dln')), 'the booth copies change what the ladder learns');
});

test("Dense+MCT and DLN+MCT keep weights.bin as their bases do: the best epoch's weights, those infer.onnx holds", async () => {
  const dir = await syntheticRun();
  const data = await loadTrainingData(config, dir, trainingGrid(config));
  const { x, rows } = data.multiCondition!.dev.get('arousal')!;
  for (const key of [
    { model: 'dense_mct', target: 'arousal', condition: 'clean', seed: 2 },
    { model: 'dln_mct', target: 'arousal', condition: '0dB', seed: 2 },
  ] as const) {
    const outDir = mkdtempSync(join(tmpdir(), 'mct-weights-'));
    const result = await trainRun({ config, outDir, threads: 1, warn: () => {}, onEpoch: () => {} }, key, data);
    const weights = await readWeights(join(result.dir, 'weights.bin'));
    assert.equal(weights.step, result.bestEpoch, `${key.model}: the epoch weights.bin holds`);
    // The network's standardised predictions from weights.bin, on the label scale, against infer.onnx's from the same features.
    const inference = new ModelInference(modelFor(config, key.model, 1, D), { threads: 1 });
    const scale = await readTargetScale(result.dir);
    const fromWeights = (await inference.predict(weights, x, rows)).map((v) => v * scale.std[0] + scale.mean[0]);
    await inference.release();
    const session = await openSession(new Uint8Array(readFileSync(join(result.dir, 'infer.onnx'))));
    const fromInfer = (await session.run({ features: tensorOf(x, [rows, D]) })).prediction.data as Float32Array;
    await session.release();
    fromInfer.forEach((v, i) => assert.ok(Math.abs(v - fromWeights[i]) <= 1e-5 * (1 + Math.abs(v)), `${key.model} row ${i}: ${fromWeights[i]} against infer.onnx's ${v}`));
  }
});
