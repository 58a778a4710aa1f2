import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelInference } from '../../../models/export/inference.js';
import { createModel } from '../../../models/model.js';
import { MODEL_KINDS, modelSpec } from '../../../models/spec.js';
import { runEpoch, type EpochResult } from '../../../models/training/epoch.js';
import { concordanceCorrelation } from '../../../stats/ccc.js';
import { createRng } from '../../../dsp/random.js';
import { Trainer } from '../../../models/training/trainer.js';

const D = 16;
const BATCH = 64;
/** 32 labelled steps per epoch: 320 in all. */
const EPOCHS = 10;

/** Features N(0, 1) (+ shift); target = a fixed unit-norm linear map of the features + N(0, 0.3^2). */
function linearData(rows: number, seed: number, shift = 0) {
  const w = createRng(99).fillNormal(new Float64Array(D));
  const norm = Math.hypot(...w);
  const rng = createRng(seed);
  const x = new Float32Array(rows * D);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let acc = 0;
    for (let i = 0; i < D; i++) {
      const v = rng.normal();
      x[r * D + i] = v + shift;
      acc += (v * w[i]) / norm;
    }
    y[r] = acc + 0.3 * rng.normal();
  }
  return { x, y };
}

for (const kind of MODEL_KINDS) {
  test(`${kind} learns a linear-plus-noise target through train_step.onnx (dev CCC > 0.8)`, async (t) => {
    const rows = 2048;
    const train = linearData(rows, 1);
    const unlabelled = linearData(rows, 2, 0.2);
    const dev = linearData(512, 3);
    const model = createModel(modelSpec(kind, { inputs: D, hidden: [32, 32], emotion: 16 }));
    const trainer = await Trainer.create(model, { lr: 2e-3, seed: 1, threads: 1, noiseBankSize: 1 << 16 });
    const inference = new ModelInference(model, { threads: 1 });
    const before = concordanceCorrelation(await inference.predict(trainer.checkpoint(), dev.x, 512), dev.y);
    let last: EpochResult | undefined;
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      last = await runEpoch(trainer, { ...train, rows }, kind === 'dense' ? undefined : { x: unlabelled.x, rows }, { batch: BATCH, seed: epoch });
    }
    const after = concordanceCorrelation(await inference.predict(trainer.checkpoint(), dev.x, 512), dev.y);
    t.diagnostic(`dev CCC ${before.toFixed(3)} -> ${after.toFixed(3)} in ${trainer.step} steps; last epoch ${JSON.stringify(last)}`);
    assert.ok(after > 0.8, `dev CCC ${after}`);
    assert.equal(last!.steps, kind === 'dense' ? rows / BATCH : (2 * rows) / BATCH);
    assert.ok(Object.values(last!.labelled).every(Number.isFinite));
    assert.ok(last!.labelled.pred > 0 && last!.labelled.pred < 0.5);
    assert.equal(last!.unlabelled.pred, undefined);
  });
}
