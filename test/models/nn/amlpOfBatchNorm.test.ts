import assert from 'node:assert/strict';
import { test } from 'node:test';
import { amlp, amlpOfBatchNorm, amlpRows } from '../../../models/nn/amlp.js';
import { batchNorm } from '../../../models/nn/batchNorm.js';
import { grad } from '../../../models/onnx/autodiff.js';
import { Graph, nodesUpstreamOf, type Tensor } from '../../../models/onnx/graph.js';
import { mul, reduceSum } from '../../../models/onnx/ops.js';
import { openSession, tensorOf } from '../../../models/onnx/runtime.js';
import { createRng } from '../../../dsp/random.js';
import { checkGradient } from '../gradCheck.js';

const CELLS = 4;
const SLOPE = 0.1;
const ROWS = 6;
const WIDTH = 5;

test('the combinator of a batch-normalised input has the value and gradients of amlp(z~, BN(uPre))', async () => {
  const g = new Graph();
  const uPre = g.input('uPre', 'float64', ['batch', WIDTH]);
  const zTilde = g.input('zTilde', 'float64', ['batch', WIDTH]);
  const params = g.input('params', 'float64', [amlpRows(CELLS), WIDTH]);
  const weights = g.input('weights', 'float64', ['batch', WIDTH]);
  const wrt = [uPre, params];
  const plain = amlp(zTilde, batchNorm(uPre), params, CELLS, SLOPE);
  const folded = amlpOfBatchNorm(zTilde, uPre, params, CELLS, SLOPE);
  // A random linear function of the outputs, so every output element's gradient counts.
  const lossOf = (out: Tensor) => reduceSum(mul(out, weights), [0, 1]);
  [plain, ...grad(lossOf(plain), wrt)].forEach((t, i) => g.output(`plain${i}`, t));
  [folded, ...grad(lossOf(folded), wrt)].forEach((t, i) => g.output(`folded${i}`, t));
  const rng = createRng(2);
  const draw = (n: number) => rng.fillNormal(new Float64Array(n));
  const out = await (
    await openSession(g)
  ).run({
    uPre: tensorOf(draw(ROWS * WIDTH), [ROWS, WIDTH]),
    zTilde: tensorOf(draw(ROWS * WIDTH), [ROWS, WIDTH]),
    params: tensorOf(draw(amlpRows(CELLS) * WIDTH), [amlpRows(CELLS), WIDTH]),
    weights: tensorOf(draw(ROWS * WIDTH), [ROWS, WIDTH]),
  });
  for (let i = 0; i <= wrt.length; i++) {
    const [a, b] = [out[`plain${i}`].data as Float64Array, out[`folded${i}`].data as Float64Array];
    assert.equal(a.length, b.length);
    a.forEach((v, e) => assert.ok(Math.abs(v - b[e]) <= 1e-12 * Math.max(1, Math.abs(v)), `output ${i}, element ${e}: ${v} vs ${b[e]}`));
  }
  // The normalisation is on the [1, width] weights: no full-size division forward or backward.
  const divisions = nodesUpstreamOf(g.outputs.filter((t) => t.name?.startsWith('folded'))).filter((n) => n.opType === 'Div' && n.outputs[0].shape[0] === 'batch');
  assert.deepEqual(divisions, []);
});

test('the gradients of the combinator of a batch-normalised input match central differences', async () => {
  const r = await checkGradient(
    [
      { name: 'uPre', shape: [ROWS, WIDTH] },
      { name: 'zTilde', shape: [ROWS, WIDTH] },
      { name: 'params', shape: [amlpRows(CELLS), WIDTH] },
    ],
    (uPre, zTilde, params) => amlpOfBatchNorm(zTilde, uPre, params, CELLS, SLOPE),
    { floor: 1e-3, step: 1e-5 },
  );
  assert.ok(r.maxAbsGradient > 1e-3);
  assert.ok(r.maxRelError < 1e-5, `max relative error ${r.maxRelError.toExponential(2)}`);
});
