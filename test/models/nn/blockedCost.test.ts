import assert from 'node:assert/strict';
import { test } from 'node:test';
import { amlp, amlpRows } from '../../../models/nn/amlp.js';
import { batchNorm } from '../../../models/nn/batchNorm.js';
import { blockedReconstructionCost, blockWidths } from '../../../models/nn/blockedCost.js';
import { grad } from '../../../models/onnx/autodiff.js';
import { Graph, nodesUpstreamOf } from '../../../models/onnx/graph.js';
import { meanSquare, sub } from '../../../models/onnx/ops.js';
import { assertSameValueAndGradients, checkGradient } from '../gradCheck.js';

const CELLS = 4;
const SLOPE = 0.1;
const ROWS = 6;
const WIDTH = 7;
/** 7 columns in blocks of at most 3: 2, 2, 3. */
const BLOCK = 3;

test('blocks cover the columns, each at most the given width', () => {
  assert.deepEqual(blockWidths(7, 3), [2, 2, 3]);
  assert.deepEqual(blockWidths(6373, 1024), [910, 910, 911, 910, 911, 910, 911]);
  assert.deepEqual(blockWidths(4, 1024), [4]);
});

test('the cost in blocks of columns has the value and gradients of the cost computed whole', async () => {
  const g = new Graph();
  const uPre = g.input('uPre', 'float64', ['batch', WIDTH]);
  const zTilde = g.input('zTilde', 'float64', ['batch', WIDTH]);
  const target = g.input('target', 'float64', ['batch', WIDTH]);
  const params = g.input('params', 'float64', [amlpRows(CELLS), WIDTH]);
  const whole = meanSquare(sub(amlp(zTilde, batchNorm(uPre), params, CELLS, SLOPE), target), [0, 1]);
  const blocked = blockedReconstructionCost(uPre, zTilde, target, params, CELLS, SLOPE, BLOCK);
  await assertSameValueAndGradients(
    g,
    [whole, blocked],
    [uPre, zTilde, params],
    { uPre: [ROWS, WIDTH], zTilde: [ROWS, WIDTH], target: [ROWS, WIDTH], params: [amlpRows(CELLS), WIDTH] },
    { seed: 4 },
  );
});

test('the gradients of the cost in blocks match central differences', async () => {
  const r = await checkGradient(
    [
      { name: 'uPre', shape: [ROWS, WIDTH] },
      { name: 'zTilde', shape: [ROWS, WIDTH] },
      { name: 'target', shape: [ROWS, WIDTH] },
      { name: 'params', shape: [amlpRows(CELLS), WIDTH] },
    ],
    (uPre, zTilde, target, params) => blockedReconstructionCost(uPre, zTilde, target, params, CELLS, SLOPE, BLOCK),
    // As the whole-model check: small gradients compared absolutely, a step that balances round-off and truncation.
    { floor: 1e-3, step: 1e-5 },
  );
  assert.ok(r.maxAbsGradient > 1e-3);
  assert.ok(r.maxRelError < 1e-5, `max relative error ${r.maxRelError.toExponential(2)}`);
});

test("a block's gradients wait for its own forward pass only, not for the whole cost", () => {
  // onnxruntime schedules depth-first from the outputs: a block's backward pass follows its forward pass
  // while its tensors are in cache only if it needs nothing of the other blocks (the cost's value included).
  const g = new Graph();
  const [uPre, zTilde, target] = ['uPre', 'zTilde', 'target'].map((name) => g.input(name, 'float32', ['batch', WIDTH]));
  const params = g.input('params', 'float32', [amlpRows(CELLS), WIDTH]);
  const [dParams] = grad(blockedReconstructionCost(uPre, zTilde, target, params, CELLS, SLOPE, BLOCK), [params]);
  assert.equal(dParams.producer?.opType, 'Concat');
  const firstBlock = nodesUpstreamOf([dParams.producer.inputs[0]!]);
  assert.ok(firstBlock.some((n) => n.opType === 'LeakyRelu'));
  const blocked = new Set([uPre.id, zTilde.id, target.id]);
  const otherBlocks = new Set(g.nodes.filter((n) => n.opType === 'Split' && blocked.has(n.inputs[0]!.id)).flatMap((n) => n.outputs.slice(1).map((t) => t.id)));
  assert.equal(otherBlocks.size, 3 * 2, 'the other two blocks of uPre, zTilde and target');
  assert.deepEqual(
    firstBlock.filter((n) => n.inputs.some((t) => t && otherBlocks.has(t.id))).map((n) => n.opType),
    [],
  );
});
