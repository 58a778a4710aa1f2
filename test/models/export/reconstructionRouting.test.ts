import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelInference, type ModelArrays } from '../../../models/export/inference.js';
import { createModel } from '../../../models/model.js';
import { withoutLateral } from '../../../models/nn/amlp.js';
import { modelSpec } from '../../../models/spec.js';
import { runEpoch } from '../../../models/training/epoch.js';
import { NoiseBank } from '../../../models/training/noiseBank.js';
import { Trainer } from '../../../models/training/trainer.js';
import { createRng } from '../../../dsp/random.js';

const D = 16;
const ROWS = 512;

/** Features with a low-rank structure the decoder can learn to reconstruct from the top, and a target that is one of its factors. */
function factorData(rows: number, seed: number) {
  const mixing = createRng(7).fillNormal(new Float64Array(3 * D));
  const rng = createRng(seed);
  const x = new Float32Array(rows * D);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const f = [rng.normal(), rng.normal(), rng.normal()];
    for (let i = 0; i < D; i++) x[r * D + i] = f[0] * mixing[i] + f[1] * mixing[D + i] + f[2] * mixing[2 * D + i] + 0.3 * rng.normal();
    y[r] = f[0];
  }
  return { x, y };
}

// The README's explanation of Figure 3b: each layer's lateral connection (its combinator reading that
// layer's own corrupted values) carries the layer's reconstruction, and the top-down signal, the only path
// through which the routing acts, is washed out before it reaches the input. So the routing barely moves
// the input cost; cutting the input's lateral connection alone makes the cost several times worse but
// still leaves the routing without effect; only with every lateral connection cut does the routing matter.
test('a trained DLN: the decoder routing moves the input reconstruction cost only once every lateral connection is cut', async (t) => {
  const model = createModel(modelSpec('dln', { inputs: D, hidden: [32, 32], emotion: 16 }));
  const trainer = await Trainer.create(model, { lr: 2e-3, seed: 3, threads: 1, noiseBankSize: 1 << 16 });
  const train = factorData(ROWS, 1);
  const unlabelled = factorData(ROWS, 2);
  for (let epoch = 0; epoch < 8; epoch++) await runEpoch(trainer, { ...train, rows: ROWS }, { x: unlabelled.x, rows: ROWS }, { batch: 64, seed: epoch });
  const weights = trainer.checkpoint();
  const test = factorData(256, 4);
  const inference = new ModelInference(model, { threads: 1 });
  const noise = new NoiseBank(model, 5, { maxBatch: 256 });
  const routings = ['emotion', 'reconstruction'] as const;
  const inputCosts = async (values: ModelArrays) => {
    const costs = [];
    for (const decoderTop of routings) costs.push((await inference.reconstructionCosts(values, test.x, 256, noise, { head: 'emotion', decoderTop })).x);
    return costs;
  };
  const layers = Object.keys(await inference.reconstructionCosts(weights, test.x, 256, noise));
  const cut = (names: string[]): ModelArrays => ({
    ...weights,
    params: { ...weights.params, ...Object.fromEntries(names.map((l) => [`g.${l}`, withoutLateral(weights.params[`g.${l}`], model.spec.cells)])) },
  });
  const intact = await inputCosts(weights);
  const inputCut = await inputCosts(cut(['x']));
  const allCut = await inputCosts(cut(layers));
  await inference.release();
  const relative = ([a, b]: number[]) => Math.abs(a - b) / Math.min(a, b);
  const show = (c: number[]) => `${c.map((v) => v.toFixed(5)).join(' / ')} (${(100 * relative(c)).toFixed(3)}%)`;
  t.diagnostic(`input cost, emotion / reconstruction routing: intact ${show(intact)}; input lateral cut ${show(inputCut)}; all cut ${show(allCut)}`);
  assert.deepEqual([...layers].sort(), ['x', 'z1', 'z2r']);
  assert.ok([...intact, ...inputCut, ...allCut].every(Number.isFinite));
  assert.ok(relative(intact) < 0.01, `intact: ${show(intact)}`);
  assert.ok(inputCut[0] > 3 * intact[0], `cutting the input lateral connection should make the input cost worse: ${show(inputCut)}`);
  assert.ok(relative(inputCut) < 0.01, `input lateral cut: ${show(inputCut)}`);
  assert.ok(relative(allCut) > 5 * Math.max(relative(intact), relative(inputCut)), `all cut: ${show(allCut)}`);
});
