import assert from 'node:assert/strict';
import { test } from 'node:test';
import onnxProto from 'onnx-proto';
import { ModelInference } from '../../../models/export/inference.js';
import { buildInferGraph, inferOnnx } from '../../../models/export/predict.js';
import { createModel } from '../../../models/model.js';
import { openSession, tensorOf } from '../../../models/onnx/runtime.js';
import { OPSET } from '../../../models/onnx/serialize.js';
import { modelSpec, type ModelKind } from '../../../models/spec.js';
import { NoiseBank } from '../../../models/training/noiseBank.js';
import { createRng } from '../../../dsp/random.js';
import { Trainer } from '../../../models/training/trainer.js';

const D = 10;
const ROWS = 32;
const SPEC = { inputs: D, hidden: [8, 8] as [number, number], emotion: 4 };

/** A trainer moved a few steps away from its initial values, so that running statistics are not 0 / 1. */
async function trainedTrainer(kind: ModelKind, outputs = 1): Promise<Trainer> {
  const trainer = await Trainer.create(createModel(modelSpec(kind, { ...SPEC, outputs })), { lr: 1e-2, seed: 2, noiseBankSize: 1 << 14 });
  const rng = createRng(9);
  for (let s = 0; s < 5; s++) {
    await trainer.trainStep(rng.fillNormal(new Float32Array(ROWS * D)), rng.fillNormal(new Float32Array(ROWS * outputs)), ROWS);
  }
  return trainer;
}

for (const [kind, outputs] of [
  ['dense', 1],
  ['dln', 1],
  ['ln', 3],
] as const) {
  test(`infer.onnx of ${kind} (${outputs} output${outputs > 1 ? 's' : ''}) normalises raw features, clips at +-10 and predicts like the trained model`, async () => {
    const trainer = await trainedTrainer(kind, outputs);
    const rng = createRng(3);
    const mean = Float32Array.from({ length: D }, () => 100 * rng.normal());
    const std = Float32Array.from({ length: D }, () => 0.5 + 10 * rng.uniform());
    const x = rng.fillNormal(new Float32Array(ROWS * D), 2);
    x[0] = 25; // beyond the clip
    x[D + 1] = -40;
    const raw = Float32Array.from(x, (v, i) => v * std[i % D] + mean[i % D]);
    const clipped = Float32Array.from(x, (v) => Math.max(-10, Math.min(10, v)));
    const values = trainer.checkpoint();
    const bytes = inferOnnx(trainer.model, values, { mean, std, clip: 10 });
    const session = await openSession(bytes);
    const got = (await session.run({ features: tensorOf(raw, [ROWS, D]) })).prediction.data as Float32Array;
    const inference = new ModelInference(trainer.model);
    const want = await inference.predict(values, clipped, ROWS);
    const unclipped = await inference.predict(values, x, ROWS);
    assert.equal(got.length, ROWS * outputs);
    for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-4 * (1 + Math.abs(want[i])), `row ${i}: ${got[i]} vs ${want[i]}`);
    assert.ok(Math.abs(got[0] - unclipped[0]) > 1e-4 || Math.abs(got[outputs] - unclipped[outputs]) > 1e-4, 'clipping changed nothing');
    // A standalone model: every weight is inside, the only input is the raw features.
    const proto = onnxProto.onnx.ModelProto.decode(bytes);
    assert.deepEqual(
      (proto.graph?.input ?? []).map((i) => i.name),
      ['features'],
    );
    assert.equal(Number(proto.opsetImport[0].version ?? -1), OPSET);
  });
}

test('Figure 3 hook: the DLN output layer reading the reconstruction embedding gives other predictions', async () => {
  const trainer = await trainedTrainer('dln');
  const { params, state } = trainer.checkpoint();
  const norm = { mean: new Float32Array(D), std: new Float32Array(D).fill(1), clip: 10 };
  const x = createRng(5).fillNormal(new Float32Array(ROWS * D));
  const run = async (head: 'emotion' | 'reconstruction') => {
    const g = buildInferGraph(trainer.model, { params, state }, norm, { head, decoderTop: 'reconstruction' });
    return (await (await openSession(g)).run({ features: tensorOf(x, [ROWS, D]) })).prediction.data as Float32Array;
  };
  const emotion = await run('emotion');
  const reconstruction = await run('reconstruction');
  const inference = new ModelInference(trainer.model);
  const want = await inference.predict({ params, state }, x, ROWS);
  assert.ok(emotion.every((v, i) => Math.abs(v - want[i]) < 1e-4));
  assert.ok(reconstruction.some((v, i) => Math.abs(v - emotion[i]) > 1e-3));
  const viaInference = await inference.predict({ params, state }, x, ROWS, { head: 'reconstruction', decoderTop: 'reconstruction' });
  assert.ok(viaInference.every((v, i) => Math.abs(v - reconstruction[i]) < 1e-4));
  assert.throws(() => buildInferGraph(createModel(modelSpec('ln', SPEC)), { params, state }, norm, { head: 'reconstruction', decoderTop: 'reconstruction' }));
});

test('Figure 3 hook: the DLN decoder can be fed the emotion embedding instead of the reconstruction embedding', async () => {
  const trainer = await trainedTrainer('dln');
  const x = createRng(8).fillNormal(new Float32Array(ROWS * D));
  const inference = new ModelInference(trainer.model);
  const values = trainer.checkpoint();
  const noise = new NoiseBank(trainer.model, 2, { noiseBankSize: 1 << 14 });
  const usual = await inference.reconstructionCosts(values, x, ROWS, noise);
  const again = await inference.reconstructionCosts(values, x, ROWS, noise);
  const swapped = await inference.reconstructionCosts(values, x, ROWS, noise, { head: 'emotion', decoderTop: 'emotion' });
  assert.deepEqual(Object.keys(usual).sort(), ['x', 'z1', 'z2r']);
  assert.deepEqual(again, usual);
  assert.notEqual(swapped.x, usual.x);
  assert.ok(Object.values(swapped).every((v) => Number.isFinite(v) && v > 0));
});

test("AdaBN replaces the running statistics by the adaptation batches' mean and unbiased variance", async () => {
  const trainer = await trainedTrainer('dense');
  const rng = createRng(6);
  const batches = [0, 1, 2].map(() => ({ x: rng.fillNormal(new Float32Array(ROWS * D), 3), rows: ROWS }));
  const { params } = trainer.checkpoint();
  const state = await new ModelInference(trainer.model).batchNormStatistics(trainer.checkpoint(), batches);
  const H = SPEC.hidden[0];
  for (let j = 0; j < H; j++) {
    let meanSum = 0;
    let varSum = 0;
    for (const { x } of batches) {
      const z = Array.from({ length: ROWS }, (_, r) => {
        let acc = 0;
        for (let i = 0; i < D; i++) acc += x[r * D + i] * params.W1[i * H + j];
        return acc;
      });
      const m = z.reduce((a, b) => a + b, 0) / ROWS;
      meanSum += m;
      varSum += z.reduce((a, b) => a + (b - m) ** 2, 0) / (ROWS - 1);
    }
    assert.ok(Math.abs(state['bn1.mean'][j] - meanSum / 3) < 1e-4 * (1 + Math.abs(meanSum)));
    assert.ok(Math.abs(state['bn1.var'][j] - varSum / 3) < 1e-4 * varSum);
  }
});
