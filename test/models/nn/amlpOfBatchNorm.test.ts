import assert from 'node:assert/strict';
import { test } from 'node:test';
import { amlp, amlpOfBatchNorm, amlpRows } from '../../../models/nn/amlp.js';
import { batchNorm } from '../../../models/nn/batchNorm.js';
import { Graph, nodesUpstreamOf, type Tensor } from '../../../models/onnx/graph.js';
import { mul, reduceSum } from '../../../models/onnx/ops.js';
import { assertSameValueAndGradients, checkGradient } from '../gradCheck.js';

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
  // A random linear function of the outputs, so every output element's gradient counts.
  const lossOf = (out: Tensor) => reduceSum(mul(out, weights), [0, 1]);
  const [plain, folded] = [amlp(zTilde, batchNorm(uPre), params, CELLS, SLOPE), amlpOfBatchNorm(zTilde, uPre, params, CELLS, SLOPE)].map(lossOf);
  await assertSameValueAndGradients(
    g,
    [plain, folded],
    [uPre, params],
    { uPre: [ROWS, WIDTH], zTilde: [ROWS, WIDTH], params: [amlpRows(CELLS), WIDTH], weights: [ROWS, WIDTH] },
    { seed: 2 },
  );
  // The normalisation is on the [1, width] weights: no full-size division forward or backward.
  const divisions = nodesUpstreamOf(g.outputs.filter((t) => t.name?.startsWith('same1.'))).filter((n) => n.opType === 'Div' && n.outputs[0].shape[0] === 'batch');
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
