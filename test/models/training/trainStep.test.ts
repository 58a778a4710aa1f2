import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import onnxProto from 'onnx-proto';
import type * as ort from 'onnxruntime-node';
import { createModel } from '../../../models/model.js';
import { Graph } from '../../../models/onnx/graph.js';
import * as op from '../../../models/onnx/ops.js';
import { loadModelFile, openSession, tensorOf } from '../../../models/onnx/runtime.js';
import { toOnnxBytes } from '../../../models/onnx/serialize.js';
import { modelSpec, type Model } from '../../../models/spec.js';
import { adamScalars, adamUpdate, secondMomentScale } from '../../../models/training/adam.js';
import { initialValues } from '../../../models/training/init.js';
import { createRng } from '../../../dsp/random.js';
import { buildTrainStep } from '../../../models/training/trainStep.js';
import { Trainer } from '../../../models/training/trainer.js';

test('in-graph Adam matches a direct computation of the update, bias correction included (v held as v / k)', async () => {
  const n = 6;
  const o = { beta1: 0.8, beta2: 0.95, eps: 1e-3 };
  const g = new Graph();
  const [p, gr, m, v] = ['p', 'g', 'm', 'v'].map((name) => g.input(name, 'float64', [n]));
  const step = g.input('step', 'float64', []);
  const lr = g.input('lr', 'float64', []);
  const next = adamUpdate(p, gr, m, v, adamScalars(step, lr, o), o);
  g.output('p1', next.p);
  g.output('m1', next.m);
  g.output('v1', next.v);
  const rng = createRng(5);
  const vals = {
    p: rng.fillNormal(new Float64Array(n)),
    g: rng.fillNormal(new Float64Array(n)),
    m: rng.fillNormal(new Float64Array(n), 0.1),
    v: Float64Array.from({ length: n }, () => rng.uniform() * 0.1),
  };
  const t = 3;
  const rate = 0.01;
  const session = await openSession(g);
  const out = await session.run({
    ...Object.fromEntries(Object.entries(vals).map(([k, a]) => [k, tensorOf(a, [n])])),
    step: tensorOf(Float64Array.of(t), []),
    lr: tensorOf(Float64Array.of(rate), []),
  });
  // The graph's v is Adam's second moment divided by k = (1 - b2) / (1 - b1)^2 = 1.25 here.
  const k = secondMomentScale(o);
  assert.ok(Math.abs(k - 1.25) < 1e-12);
  for (let i = 0; i < n; i++) {
    const m1 = o.beta1 * vals.m[i] + (1 - o.beta1) * vals.g[i];
    const v1 = o.beta2 * k * vals.v[i] + (1 - o.beta2) * vals.g[i] ** 2;
    const mHat = m1 / (1 - o.beta1 ** t);
    const vHat = v1 / (1 - o.beta2 ** t);
    const p1 = vals.p[i] - (rate * mHat) / (Math.sqrt(vHat) + o.eps);
    assert.ok(Math.abs((out.m1.data[i] as number) - m1) < 1e-14);
    assert.ok(Math.abs((out.v1.data[i] as number) * k - v1) < 1e-14);
    assert.ok(Math.abs((out.p1.data[i] as number) - p1) < 1e-12, `p[${i}]: ${out.p1.data[i]} vs ${p1}`);
  }
});

test("in-graph Adam on a weight's gradient folds (1-b1) into the Gemm that made it, and still matches a direct computation", async () => {
  // 1 - beta1 and the folded alpha and beta exact in float32 (Gemm's attributes), as scaledInto asks of a float64 graph.
  const o = { beta1: 0.75, beta2: 0.95, eps: 1e-3 };
  const g = new Graph();
  const [a, b, c] = (['a', 'b', 'c'] as const).map((name) => g.input(name, 'float64', name === 'c' ? [2, 3] : [4, name === 'a' ? 2 : 3]));
  const [p, m, v] = ['p', 'm', 'v'].map((name) => g.input(name, 'float64', [3, 2]));
  // The transpose of a Gemm product with a C term, as the input layer's gradient is made (transposedTimes in ops.ts).
  const gemm = op.gemm(a, b, c, { transA: true, alpha: 0.5 });
  const next = adamUpdate(p, op.transpose(gemm, [1, 0]), m, v, adamScalars(g.scalar(2, 'float64'), g.scalar(0.01, 'float64'), o), o);
  g.output('p1', next.p);
  g.output('m1', next.m);
  g.output('v1', next.v);
  const product = g.nodes.find((n) => n.opType === 'Gemm' && n.attrs.alpha?.value === 0.5 * (1 - o.beta1))!;
  assert.equal(product.attrs.beta?.value, 1 - o.beta1);
  assert.ok(!g.nodes.some((n) => n.opType === 'Mul' && n.inputs.some((t) => t?.constant?.data[0] === 1 - o.beta1)), 'no product with 1 - beta1');
  const rng = createRng(6);
  const vals = Object.fromEntries(Object.entries({ a: 8, b: 12, c: 6, p: 6, m: 6 }).map(([k, n]) => [k, rng.fillNormal(new Float64Array(n))] as const));
  vals.v = Float64Array.from({ length: 6 }, () => rng.uniform() * 0.1);
  const shapes: Record<string, number[]> = { a: [4, 2], b: [4, 3], c: [2, 3], p: [3, 2], m: [3, 2], v: [3, 2] };
  const out = await (await openSession(g)).run(Object.fromEntries(Object.entries(vals).map(([k, arr]) => [k, tensorOf(arr, shapes[k])])));
  // v is held divided by k (secondMomentScale).
  const scale = secondMomentScale(o);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 2; j++) {
      // g[i, j] = (0.5 a^T b + c)^T [i, j] = 0.5 sum_r b[r, i] a[r, j] + c[j, i]
      let grad = vals.c[j * 3 + i];
      for (let r = 0; r < 4; r++) grad += 0.5 * vals.b[r * 3 + i] * vals.a[r * 2 + j];
      const k = i * 2 + j;
      const m1 = o.beta1 * vals.m[k] + (1 - o.beta1) * grad;
      const v1 = o.beta2 * scale * vals.v[k] + (1 - o.beta2) * grad ** 2;
      const p1 = vals.p[k] - (0.01 * (m1 / (1 - o.beta1 ** 2))) / (Math.sqrt(v1 / (1 - o.beta2 ** 2)) + o.eps);
      assert.ok(Math.abs((out.m1.data[k] as number) - m1) < 1e-14, `m[${k}]: ${out.m1.data[k]} vs ${m1}`);
      assert.ok(Math.abs((out.v1.data[k] as number) * scale - v1) < 1e-14);
      assert.ok(Math.abs((out.p1.data[k] as number) - p1) < 1e-12, `p[${k}]: ${out.p1.data[k]} vs ${p1}`);
    }
  }
});

test('in-graph Adam makes 10 full-size values per parameter (v held as v / k: no product of g with k)', () => {
  const o = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  const g = new Graph();
  const [p, m, v] = ['p', 'm', 'v'].map((name) => g.input(name, 'float32', [7, 3]));
  // A weight's gradient, a Gemm product, into which (1 - b1) folds.
  const gr = op.gemm(g.input('a', 'float32', [5, 7]), g.input('b', 'float32', [5, 3]), undefined, { transA: true });
  const next = adamUpdate(p, gr, m, v, adamScalars(g.input('step', 'float32', []), g.input('lr', 'float32', []), o), o);
  g.output('p1', next.p);
  const fullSize = g.nodes.filter((n) => n.opType !== 'Gemm' && n.outputs.some((t) => t.shape.length === 2 && t.shape[0] === 7 && t.shape[1] === 3));
  assert.equal(fullSize.length, 10, fullSize.map((n) => n.opType).join(' '));
});

test('a trainer refuses a learning rate that is not positive (the update divides by the step size)', async () => {
  const model = createModel(modelSpec('dln', { inputs: 12, hidden: [8, 8], emotion: 4 }));
  for (const lr of [0, -1e-4]) await assert.rejects(Trainer.create(model, { lr, noiseBankSize: 1 << 12 }), /learning rate must be positive, got/);
});

const SMALL = { inputs: 12, hidden: [8, 8] as [number, number], emotion: 4 };
const BATCH = 16;

/** Feeds of one train step with the model's initial values and random data. */
function stepFeeds(model: Model, seed: number, labelled: number): Record<string, ort.Tensor> {
  const rng = createRng(seed);
  const { params, state } = initialValues(model, 1);
  const f32 = (a: Float64Array) => Float32Array.from(a);
  const feeds: Record<string, ort.Tensor> = {};
  for (const p of model.params) {
    feeds[`p.${p.name}`] = tensorOf(f32(params[p.name]), p.shape);
    feeds[`m.${p.name}`] = tensorOf(new Float32Array(params[p.name].length), p.shape);
    feeds[`v.${p.name}`] = tensorOf(new Float32Array(params[p.name].length), p.shape);
  }
  for (const s of model.state) feeds[`s.${s.name}`] = tensorOf(f32(state[s.name]), s.shape);
  const batch = (w: number) => tensorOf(rng.fillNormal(new Float32Array(BATCH * w)), [BATCH, w]);
  feeds.x = batch(model.spec.inputs);
  feeds.y = batch(model.spec.outputs);
  for (const n of model.noise) feeds[`n.${n.name}`] = batch(n.width);
  feeds.labelled = tensorOf(Float32Array.of(labelled), []);
  feeds.step = tensorOf(Float32Array.of(1), []);
  feeds.lr = tensorOf(Float32Array.of(1e-3), []);
  return feeds;
}

const bytesOf = (t: ort.Tensor) => {
  const d = t.data as Float32Array;
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
};

test('train step: same inputs give bit-identical outputs (DLN, float32)', async () => {
  const model = createModel(modelSpec('dln', SMALL));
  const session = await openSession(buildTrainStep(model), { threads: 2 });
  const a = await session.run(stepFeeds(model, 11, 1));
  const b = await session.run(stepFeeds(model, 11, 1));
  const names = Object.keys(a);
  assert.ok(names.includes('next.p.W1') && names.includes('loss.rec.x') && names.includes('next.s.bn1.mean'));
  for (const name of names) assert.ok(bytesOf(a[name]).equals(bytesOf(b[name])), `${name} differs between runs`);
  // ... and different noise gives a different step, so the comparison above is not vacuous.
  const c = await session.run({ ...stepFeeds(model, 11, 1), 'n.x': stepFeeds(model, 12, 1)['n.x'] });
  assert.ok(!bytesOf(a['next.p.W1']).equals(bytesOf(c['next.p.W1'])));
});

test('train step: an unlabelled batch ignores the targets and trains on reconstruction only', async () => {
  const model = createModel(modelSpec('ln', SMALL));
  const session = await openSession(buildTrainStep(model));
  const feeds = stepFeeds(model, 3, 0);
  const a = await session.run(feeds);
  const b = await session.run({ ...feeds, y: stepFeeds(model, 4, 0).y });
  assert.ok(bytesOf(a['next.p.W1']).equals(bytesOf(b['next.p.W1'])));
  const rec = ['x', 'z1', 'z2', 'z3'].reduce((s, l) => s + (a[`loss.rec.${l}`].data[0] as number), 0);
  assert.ok(Math.abs((a['loss.total'].data[0] as number) - rec) < 1e-5 * rec);
  const labelled = await session.run(stepFeeds(model, 3, 1));
  const pred = labelled['loss.pred'].data[0] as number;
  assert.ok(pred > 0 && pred < 2, `1 - CCC out of range: ${pred}`);
  assert.ok(Math.abs((labelled['loss.total'].data[0] as number) - rec - pred) < 1e-5 * (rec + pred));
});

test('train step: DLN reconstructs z2r, z1, x; DLN+he and LN also the output and the whole z2', async () => {
  for (const [kind, layers] of [
    ['dln', ['x', 'z1', 'z2r']],
    ['dln_he', ['x', 'z1', 'z2', 'z3']],
    ['ln', ['x', 'z1', 'z2', 'z3']],
    ['dense', []],
  ] as const) {
    const g = buildTrainStep(createModel(modelSpec(kind, SMALL)));
    const rec = g.outputs
      .map((t) => t.name!)
      .filter((n) => n.startsWith('loss.rec.'))
      .map((n) => n.slice(9))
      .sort();
    assert.deepEqual(rec, [...layers].sort(), kind);
  }
});

test('train step: running statistics follow the clean pass (momentum 1: the batch mean and unbiased variance)', async () => {
  const model = createModel(modelSpec('dln', { ...SMALL, bnMomentum: 1 }));
  const session = await openSession(buildTrainStep(model));
  const feeds = stepFeeds(model, 8, 1);
  const out = await session.run(feeds);
  const x = feeds.x.data as Float32Array;
  const W1 = feeds['p.W1'].data as Float32Array;
  const [D, H] = [SMALL.inputs, SMALL.hidden[0]];
  for (let j = 0; j < H; j++) {
    const z = Array.from({ length: BATCH }, (_, r) => {
      let acc = 0;
      for (let i = 0; i < D; i++) acc += x[r * D + i] * W1[i * H + j];
      return acc;
    });
    const mean = z.reduce((a, b) => a + b, 0) / BATCH;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / (BATCH - 1);
    assert.ok(Math.abs((out['next.s.bn1.mean'].data[j] as number) - mean) < 1e-5);
    assert.ok(Math.abs((out['next.s.bn1.var'].data[j] as number) - variance) < 1e-4 * variance);
  }
});

test('train step graph uses Gemm transposes, not Transpose nodes, in the backward pass', () => {
  const g = buildTrainStep(createModel(modelSpec('dln', SMALL)));
  assert.equal(g.nodes.filter((n) => n.opType === 'Transpose').length, 0);
  assert.ok(g.nodes.some((n) => n.opType === 'Gemm' && n.attrs.transA?.kind === 'int' && n.attrs.transA.value === 1));
});

test("onnxruntime's optimiser leaves a wide input layer's weight gradient transposed once, not once per Adam product", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'optimised-step-'));
  try {
    // 64 inputs against 8 units: W1's gradient is the transpose of a product (transposedTimes in ops.ts).
    const model = createModel(modelSpec('dln', { ...SMALL, inputs: 64 }));
    const [path, optimised] = [join(dir, 'step.onnx'), join(dir, 'optimised.onnx')];
    writeFileSync(path, toOnnxBytes(buildTrainStep(model)));
    await loadModelFile(path, { graphOptimizationLevel: 'all', optimizedModelFilePath: optimised });
    const nodes = onnxProto.onnx.ModelProto.decode(readFileSync(optimised)).graph!.node!;
    assert.equal(nodes.filter((n) => n.opType === 'Transpose').length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
