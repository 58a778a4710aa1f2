import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { mock, test } from 'node:test';
import onnxProto from 'onnx-proto';
import type * as ort from 'onnxruntime-node';
import { inferOnnx } from '../../models/export/predict.js';
import { openSession, tensorOf } from '../../models/onnx/runtime.js';
import { createRng } from '../../dsp/random.js';
import { Trainer } from '../../models/training/trainer.js';
import { configSchema } from '../../stages/configSchema.js';
import { encodeWeights } from '../../stages/runGrid.js';
import { adaptationsOf, adaptRuns, modelFor, trainAndAdapt, type SharedData, type TrainedRun } from '../../stages/trainRun.js';

const D = 10;
const BATCH = 16;
const UNLABELLED = 48;

/** Every float initializer of an ONNX model by its bytes, counted (a multiset). */
function initializers(bytes: Uint8Array): Map<string, number> {
  const proto = onnxProto.onnx.ModelProto.decode(bytes);
  const keys = new Map<string, number>();
  for (const t of proto.graph?.initializer ?? []) {
    if (t.dataType !== onnxProto.onnx.TensorProto.DataType.FLOAT) continue;
    const data = t.rawData && t.rawData.length ? Buffer.from(t.rawData) : Buffer.from(Float32Array.from(t.floatData ?? []).buffer);
    const key = data.toString('hex');
    keys.set(key, (keys.get(key) ?? 0) + 1);
  }
  return keys;
}

const keyOf = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');

for (const kind of ['ln', 'dln'] as const) {
  test(`${kind}+AdaBN keeps every trained weight, re-estimates the batch-norm statistics on the condition's unlabelled set and changes its predictions there`, async () => {
    const config = configSchema.parse({ train: { models: [kind, `${kind}_adabn`], hiddenUnits: [8, 8], emotionUnits: 4, batchSize: BATCH } });
    const key = { model: kind, target: 'arousal', condition: '10dB', seed: 3 } as const;
    assert.deepEqual(adaptationsOf(config, key), ['10dB'], 'a ladder is adapted to its own condition only');
    assert.deepEqual(adaptationsOf(configSchema.parse({ train: { models: [kind] } }), key), []);

    const model = modelFor(config, kind, 1, D);
    const trainer = await Trainer.create(model, { lr: 1e-2, seed: 3, noiseBankSize: 1 << 14 });
    const rng = createRng(4);
    for (let s = 0; s < 6; s++) await trainer.trainStep(rng.fillNormal(new Float32Array(BATCH * D)), s % 2 ? undefined : rng.fillNormal(new Float32Array(BATCH)), BATCH);
    const trained = trainer.checkpoint();

    const outDir = mkdtempSync(join(tmpdir(), 'adapt-'));
    const dir = join(outDir, 'runs', kind, 'arousal', '10dB', 'seed-3');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'weights.bin'), encodeWeights(trained, 1));
    writeFileSync(join(dir, 'target_scale.json'), JSON.stringify({ mean: [0], std: [1] }));
    const run: TrainedRun = { ...key, bestEpoch: 1, epochs: 1, bestDevCcc: 0.5, converged: true, seconds: 1, dir };
    // The condition's recordings: shifted and wider than what the model was trained on.
    const x = Float32Array.from(rng.fillNormal(new Float32Array(UNLABELLED * D), 2), (v) => v + 1);
    const norm = { mean: new Float32Array(D), std: new Float32Array(D).fill(1), clip: 10 };
    const data: SharedData = { normalisation: norm, train: new Map(), dev: new Map(), unlabelled: new Map([['10dB', { x, rows: UNLABELLED }]]) };
    const env = { config, outDir, threads: 1, warn: (m: string) => assert.fail(m), onEpoch: () => {} };

    const [result] = await adaptRuns(env, run, ['10dB'], data);
    assert.equal(result.model, `${kind}_adabn`);
    assert.equal(result.condition, '10dB');
    const adaptedBytes = new Uint8Array(readFileSync(join(result.dir, 'infer.onnx')));
    const originalBytes = inferOnnx(model, trained, { ...norm, targetMean: [0], targetStd: [1] });

    // Weights identical: what the adapted model lost against the trained one are running statistics only.
    const before = initializers(originalBytes);
    const after = initializers(adaptedBytes);
    const stateKeys = new Set(Object.values(trained.state).map(keyOf));
    const removed = [...before].filter(([k, n]) => (after.get(k) ?? 0) < n).map(([k]) => k);
    assert.ok(removed.length > 0, 'no statistic changed');
    for (const k of removed) assert.ok(stateKeys.has(k), 'a tensor other than a batch-norm statistic changed');
    // (infer.onnx holds the encoder's weights; the decoder's do not take part in a prediction.)
    const inferWeights = Object.values(trained.params).filter((p) => before.has(keyOf(p)));
    assert.ok(inferWeights.includes(trained.params.W1));
    for (const p of inferWeights) assert.ok(after.has(keyOf(p)), 'a trained weight is missing from the adapted model');

    // bn1 by hand: the mean over the unlabelled batches of each batch's mean of x W1.
    const H = 8;
    const want = new Float32Array(H);
    const batches = UNLABELLED / BATCH;
    for (let b = 0; b < batches; b++) {
      for (let j = 0; j < H; j++) {
        let sum = 0;
        for (let r = b * BATCH; r < (b + 1) * BATCH; r++) for (let i = 0; i < D; i++) sum += x[r * D + i] * trained.params.W1[i * H + j];
        want[j] += sum / BATCH / batches;
      }
    }
    const proto = onnxProto.onnx.ModelProto.decode(adaptedBytes);
    const floats = (proto.graph?.initializer ?? []).filter((t) => t.rawData?.length === 4 * H).map((t) => new Float32Array(new Uint8Array(t.rawData!).slice().buffer));
    assert.ok(
      floats.some((f) => f.every((v, j) => Math.abs(v - want[j]) < 1e-4 * (1 + Math.abs(want[j])))),
      "no adapted bn1.mean equal to the unlabelled batches' mean",
    );

    // Predictions on the adaptation set change.
    const predict = async (bytes: Uint8Array) => (await (await openSession(bytes)).run({ features: tensorOf(x, [UNLABELLED, D]) })).prediction.data as Float32Array;
    const p0 = await predict(originalBytes);
    const p1 = await predict(adaptedBytes);
    assert.ok(
      p1.some((v, i) => Math.abs(v - p0[i]) > 1e-3),
      'AdaBN left the predictions unchanged',
    );
  });
}

const CONDITIONS = ['20dB', '10dB', '0dB'];

/** A grid's config with the given conditions and models (tiny networks, two epochs). */
const gridConfig = (conditions: readonly string[], models: readonly string[]) =>
  configSchema.parse({
    conditions: conditions.map((name, i) => ({ name, speechDistanceIn: 5 + 10 * i, noiseDistanceIn: 35 - 10 * i })),
    train: { models, attributes: ['arousal'], seeds: 1, epochs: 2, batchSize: BATCH, hiddenUnits: [8, 8], emotionUnits: 4 },
  });

/** Labelled train and dev sets, and each condition's recordings, shifted and widened by its own amount (so that each adapts a network its own way). */
function syntheticData(): SharedData {
  const rng = createRng(8);
  const labelled = (rows: number) => ({
    ids: Array.from({ length: rows }, (_, i) => `u${i}`),
    speakers: Array.from({ length: rows }, (_, i) => `s${i % 4}`),
    x: rng.fillNormal(new Float32Array(rows * D)),
    y: Float32Array.from({ length: rows }, (_, i) => 1 + (i % 7)),
    rows,
    features: D,
  });
  return {
    normalisation: { mean: new Float32Array(D), std: new Float32Array(D).fill(1), clip: 10 },
    train: new Map([['arousal', labelled(48)]]),
    dev: new Map([['arousal', labelled(16)]]),
    unlabelled: new Map(CONDITIONS.map((c, k) => [c, { x: Float32Array.from(rng.fillNormal(new Float32Array(UNLABELLED * D), 1 + k), (v) => v + k), rows: UNLABELLED }])),
  };
}

const quietEnv = (config: ReturnType<typeof gridConfig>) => ({ config, outDir: mkdtempSync(join(tmpdir(), 'adapt-all-')), threads: 1, warn: () => {}, onEpoch: () => {} });

test('a trained model without an AdaBN variant is trained alone', async () => {
  const results = await trainAndAdapt(quietEnv(gridConfig(CONDITIONS, ['dln_he'])), { model: 'dln_he', target: 'arousal', condition: '10dB', seed: 5 }, syntheticData());
  assert.deepEqual(
    results.map((r) => `${r.model} ${r.condition}`),
    ['dln_he 10dB'],
  );
});

test("Dense+AdaBN in every condition: one inference session serves them all, and each condition's model is the one adapting it alone gives", async () => {
  const data = syntheticData();
  const key = { model: 'dense', target: 'arousal', condition: 'clean', seed: 5 } as const;
  // The sessions onnxruntime opens (its own, counted as they are created).
  const onnxruntime = createRequire(import.meta.url)('onnxruntime-node') as typeof ort;
  const create = mock.method(onnxruntime.InferenceSession, 'create');
  const trainAndAdaptTo = async (names: readonly string[]) => {
    const before = create.mock.callCount();
    const results = await trainAndAdapt(quietEnv(gridConfig(names, ['dense', 'dense_adabn'])), key, data);
    return { results, sessions: create.mock.callCount() - before };
  };
  try {
    // Each condition alone first: the same trained weights (the same seed and data), one adaptation. The
    // first also opens the train step's session, which the later trainers of this network share.
    const alone = [];
    for (const condition of CONDITIONS) alone.push(await trainAndAdaptTo([condition]));
    const all = await trainAndAdaptTo(CONDITIONS);
    assert.deepEqual(
      all.results.map((r) => `${r.model} ${r.condition}`),
      ['dense clean', ...CONDITIONS.map((c) => `dense_adabn ${c}`)],
    );
    assert.equal(all.sessions, alone[CONDITIONS.length - 1].sessions, 'adapting to three conditions opened more sessions than adapting to one');
    const adaptedModels = new Set<string>();
    for (const [k, condition] of CONDITIONS.entries()) {
      const bytes = readFileSync(join(all.results[1 + k].dir, 'infer.onnx'));
      assert.ok(bytes.equals(readFileSync(join(alone[k].results[1].dir, 'infer.onnx'))), `${condition}: another model than adapting to it alone gives`);
      adaptedModels.add(bytes.toString('hex'));
    }
    assert.equal(adaptedModels.size, CONDITIONS.length, "each condition's recordings give their own statistics");
  } finally {
    create.mock.restore();
  }
});
