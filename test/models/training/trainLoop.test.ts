import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as ort from 'onnxruntime-node';
import { createModel } from '../../../models/model.js';
import { openSession, tensorOf } from '../../../models/onnx/runtime.js';
import { modelSpec, type Model } from '../../../models/spec.js';
import { decodeCheckpoint, encodeCheckpoint } from '../../../models/training/checkpointBytes.js';
import { runEpoch, type RowSet } from '../../../models/training/epoch.js';
import { initialValues } from '../../../models/training/init.js';
import { createRng } from '../../../dsp/random.js';
import { Trainer, type Checkpoint } from '../../../models/training/trainer.js';
import { buildTrainLoop, buildTrainStep } from '../../../models/training/trainStep.js';

const SMALL = { inputs: 12, hidden: [8, 8] as [number, number], emotion: 4 };
const ROWS = 10;

const bytesOf = (d: Float32Array) => Buffer.from(d.buffer, d.byteOffset, d.byteLength);

/** Random batches of one step each: x, y, noise, and whether labelled. */
function stepBatches(model: Model, count: number, seed: number) {
  const rng = createRng(seed);
  const draw = (w: number) => rng.fillNormal(new Float32Array(ROWS * w));
  return Array.from({ length: count }, (_, i) => ({
    x: draw(model.spec.inputs),
    y: draw(model.spec.outputs),
    labelled: i % 3 === 2 ? 0 : 1,
    noise: Object.fromEntries(model.noise.map((n) => [n.name, draw(n.width)])),
  }));
}

function initialFeeds(model: Model): Record<string, ort.Tensor> {
  const { params, state } = initialValues(model, 1);
  const feeds: Record<string, ort.Tensor> = {};
  for (const p of model.params) {
    feeds[`p.${p.name}`] = tensorOf(Float32Array.from(params[p.name]), p.shape);
    feeds[`m.${p.name}`] = tensorOf(new Float32Array(params[p.name].length), p.shape);
    feeds[`v.${p.name}`] = tensorOf(new Float32Array(params[p.name].length), p.shape);
  }
  for (const s of model.state) feeds[`s.${s.name}`] = tensorOf(Float32Array.from(state[s.name]), s.shape);
  feeds.lr = tensorOf(Float32Array.of(1e-2), []);
  return feeds;
}

const stack = (parts: Float32Array[]) => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.forEach((p, i) => out.set(p, i * p.length));
  return out;
};

for (const kind of ['dense', 'dln'] as const) {
  test(`train_loop.onnx (${kind}): three steps in one run give the bits of three runs of train_step.onnx, whose gradients the FD tests check`, async () => {
    const model = createModel(modelSpec(kind, SMALL));
    const batches = stepBatches(model, 3, 5);
    const step = await openSession(buildTrainStep(model), { threads: 1 });
    let feeds = { ...initialFeeds(model) };
    const stepLosses: number[] = [];
    for (const [i, b] of batches.entries()) {
      const run: Record<string, ort.Tensor> = {
        ...feeds,
        x: tensorOf(b.x, [ROWS, model.spec.inputs]),
        y: tensorOf(b.y, [ROWS, model.spec.outputs]),
        labelled: tensorOf(Float32Array.of(b.labelled), []),
        step: tensorOf(Float32Array.of(i + 1), []),
      };
      for (const n of model.noise) run[`n.${n.name}`] = tensorOf(b.noise[n.name], [ROWS, n.width]);
      const out = await step.run(run);
      stepLosses.push(out['loss.total'].data[0] as number);
      feeds = {
        ...feeds,
        ...Object.fromEntries(
          Object.entries(out)
            .filter(([k]) => k.startsWith('next.'))
            .map(([k, t]) => [k.slice(5), t]),
        ),
      };
    }

    const loop = await openSession(buildTrainLoop(model), { threads: 1 });
    const T = batches.length;
    const run: Record<string, ort.Tensor> = {
      ...initialFeeds(model),
      trips: tensorOf(BigInt64Array.of(BigInt(T)), []),
      step: tensorOf(Float32Array.of(1), []),
      xs: tensorOf(stack(batches.map((b) => b.x)), [T, ROWS, model.spec.inputs]),
      ys: tensorOf(stack(batches.map((b) => b.y)), [T, ROWS, model.spec.outputs]),
      labelled: tensorOf(Float32Array.from(batches.map((b) => b.labelled)), [T]),
    };
    for (const n of model.noise) run[`ns.${n.name}`] = tensorOf(stack(batches.map((b) => b.noise[n.name])), [T, ROWS, n.width]);
    const out = await loop.run(run);
    assert.deepEqual(Array.from(out['loss.total'].data as Float32Array), stepLosses);
    assert.equal(out['next.step'].data[0], T + 1);
    const carried = [...model.params.flatMap((p) => [`p.${p.name}`, `m.${p.name}`, `v.${p.name}`]), ...model.state.map((s) => `s.${s.name}`)];
    for (const name of carried) {
      assert.ok(bytesOf(out[`next.${name}`].data as Float32Array).equals(bytesOf(feeds[name].data as Float32Array)), `${name} differs`);
    }
    // The steps moved the weights, so the equality above is not that of untouched inputs.
    assert.ok(!bytesOf(out['next.p.W1'].data as Float32Array).equals(bytesOf(initialFeeds(model)['p.W1'].data as Float32Array)));
  });
}

/** A labelled set whose last batch is smaller (a run boundary), and an unlabelled one. */
function sets(model: Model): { labelled: RowSet; unlabelled: RowSet } {
  const rng = createRng(8);
  const D = model.spec.inputs;
  const rows = 4 * ROWS + 7;
  return {
    labelled: { x: rng.fillNormal(new Float32Array(rows * D)), y: rng.fillNormal(new Float32Array(rows)), rows },
    unlabelled: { x: rng.fillNormal(new Float32Array(3 * ROWS * D)), rows: 3 * ROWS },
  };
}

const OPTS = { lr: 1e-2, seed: 3, noiseBankSize: 1 << 14 };

async function train(model: Model, epochs: [number, number], stepsPerRun: number, from?: Checkpoint): Promise<{ trainer: Trainer; losses: unknown[] }> {
  const trainer = await Trainer.create(model, OPTS);
  if (from) trainer.restore(from);
  const { labelled, unlabelled } = sets(model);
  const losses: unknown[] = [];
  for (let e = epochs[0]; e <= epochs[1]; e++) losses.push(await runEpoch(trainer, labelled, unlabelled, { batch: ROWS, seed: e, minBatch: 5, stepsPerRun }));
  return { trainer, losses };
}

function assertSameState(a: Checkpoint, b: Checkpoint, what: string): void {
  assert.equal(a.step, b.step, `${what}: step`);
  for (const group of ['params', 'm', 'v', 'state'] as const) {
    for (const [name, v] of Object.entries(a[group])) assert.ok(bytesOf(v).equals(bytesOf(b[group][name])), `${what}: ${group}.${name} differs`);
  }
}

test('the same seed gives the same weights, bit for bit, whatever the steps per run (1, 3, a whole epoch)', async () => {
  const model = createModel(modelSpec('dln', SMALL));
  const one = await train(model, [1, 2], 1);
  assert.equal(one.trainer.step, 2 * 10);
  for (const k of [3, 16]) {
    const other = await train(model, [1, 2], k);
    assertSameState(one.trainer.checkpoint(), other.trainer.checkpoint(), `${k} steps per run`);
    assert.deepEqual(other.losses, one.losses);
  }
});

test('a run resumed from a checkpoint ends with the bits of an uninterrupted one, across steps-per-run settings', async () => {
  const model = createModel(modelSpec('ln', SMALL));
  const whole = await train(model, [1, 3], 16);
  const first = await train(model, [1, 1], 3);
  const resumed = await train(model, [2, 3], 4, decodeCheckpoint(encodeCheckpoint(first.trainer.checkpoint())));
  assertSameState(whole.trainer.checkpoint(), resumed.trainer.checkpoint(), 'resumed');
  assert.deepEqual(resumed.losses, whole.losses.slice(1));
});

test('batches of different sizes in one run are refused', async () => {
  const model = createModel(modelSpec('ln', SMALL));
  const trainer = await Trainer.create(model, OPTS);
  const x = (rows: number) => new Float32Array(rows * model.spec.inputs);
  await assert.rejects(
    trainer.trainSteps([
      { x: x(ROWS), rows: ROWS },
      { x: x(5), rows: 5 },
    ]),
    /batches of 10 and 5 rows in one run/,
  );
});

test('batches named by row indices into a set (as runEpoch feeds them) give the bits of the same rows copied out first', async () => {
  const model = createModel(modelSpec('ln', SMALL));
  const { labelled, unlabelled } = sets(model);
  const [D, K] = [model.spec.inputs, model.spec.outputs];
  const idx = [Uint32Array.of(3, 41, 0, 17, 9, 22, 5, 46, 30, 11), Uint32Array.of(29, 2, 14, 7, 21, 0, 18, 25, 3, 10)];
  const rowsOf = (src: Float32Array, width: number, at: Uint32Array) => stack(Array.from(at, (r) => src.subarray(r * width, (r + 1) * width)));
  const copied = await Trainer.create(model, OPTS);
  const copiedLosses = await copied.trainSteps([
    { x: rowsOf(labelled.x, D, idx[0]), y: rowsOf(labelled.y!, K, idx[0]), rows: ROWS },
    { x: rowsOf(unlabelled.x, D, idx[1]), rows: ROWS },
  ]);
  const picked = await Trainer.create(model, OPTS);
  const pickedLosses = await picked.trainSteps([
    { x: labelled.x, y: labelled.y, rows: ROWS, idx: idx[0] },
    { x: unlabelled.x, rows: ROWS, idx: idx[1] },
  ]);
  assert.deepEqual(pickedLosses, copiedLosses);
  assertSameState(copied.checkpoint(), picked.checkpoint(), 'picked rows');
});

test('a batch naming a row outside its set, or as many indices as it has not rows, is refused', async () => {
  const model = createModel(modelSpec('ln', SMALL));
  const trainer = await Trainer.create(model, OPTS);
  const { labelled } = sets(model);
  const idx = Uint32Array.from({ length: ROWS }, (_, i) => i);
  await assert.rejects(
    trainer.trainSteps([{ x: labelled.x, y: labelled.y, rows: ROWS, idx: Uint32Array.of(...idx.subarray(1), labelled.rows) }]),
    /row 47 is not in x \(47 rows\)/,
  );
  await assert.rejects(trainer.trainSteps([{ x: labelled.x, rows: ROWS, idx: idx.subarray(1) }]), /idx holds 9 rows, not 10/);
  assert.equal(trainer.step, 0);
});
