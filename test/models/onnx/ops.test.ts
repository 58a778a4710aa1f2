import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../../../models/onnx/autodiff.js';
import { Graph, type Tensor } from '../../../models/onnx/graph.js';
import * as op from '../../../models/onnx/ops.js';
import { openSession, tensorOf } from '../../../models/onnx/runtime.js';
import { checkGradient, type CheckInput } from '../gradCheck.js';

const TOL = 1e-6;

const x = (name: string, shape: number[], extra: Partial<CheckInput> = {}): CheckInput => ({ name, shape, ...extra });

const cases: [string, CheckInput[], (...t: Tensor[]) => Tensor][] = [
  ['Add broadcast row', [x('a', [3, 4]), x('b', [4])], (a, b) => op.add(a, b)],
  ['Add broadcast both', [x('a', [3, 1]), x('b', [1, 4])], (a, b) => op.add(a, b)],
  ['Sub', [x('a', [2, 3]), x('b', [2, 3])], (a, b) => op.sub(a, b)],
  ['Sub from scalar', [x('a', [2, 3])], (a) => op.sub(2, a)],
  ['Mul broadcast column', [x('a', [3, 4]), x('b', [3, 1])], (a, b) => op.mul(a, b)],
  ['Div', [x('a', [3, 4]), x('b', [4], { positive: true })], (a, b) => op.div(a, b)],
  ['Pow constant exponent', [x('a', [2, 3], { positive: true })], (a) => op.pow(a, 3)],
  ['Pow tensor exponent', [x('a', [2, 3], { positive: true }), x('e', [3])], (a, e) => op.pow(a, e)],
  ['Neg', [x('a', [5])], (a) => op.neg(a)],
  ['Identity', [x('a', [5])], (a) => op.identity(a)],
  ['Relu', [x('a', [3, 4])], (a) => op.relu(a)],
  ['LeakyRelu', [x('a', [3, 4])], (a) => op.leakyRelu(a, 0.1)],
  ['LeakyRelu slope 0', [x('a', [3, 4])], (a) => op.leakyRelu(a, 0)],
  ['LeakyRelu slope above 1 (Where rule)', [x('a', [3, 4])], (a) => op.leakyRelu(a, 2)],
  ['Square', [x('a', [3, 4])], (a) => op.square(a)],
  ['Sigmoid', [x('a', [3, 4])], (a) => op.sigmoid(a)],
  ['Tanh', [x('a', [3, 4])], (a) => op.tanh(a)],
  ['Exp', [x('a', [3, 4])], (a) => op.exp(a)],
  ['Log', [x('a', [3, 4], { positive: true })], (a) => op.log(a)],
  ['Sqrt', [x('a', [3, 4], { positive: true })], (a) => op.sqrt(a)],
  ['Clip', [x('a', [4, 5])], (a) => op.clip(a, -0.5, 0.5)],
  ['Where/Greater', [x('a', [3, 4]), x('b', [4])], (a, b) => op.where(op.greater(a, b), a, op.mul(b, b))],
  ['Where/Less scalar branch', [x('a', [3, 4])], (a) => op.where(op.less(a, 0), 0.5, a)],
  ['MatMul', [x('a', [3, 4]), x('b', [4, 2])], (a, b) => op.matmul(a, b)],
  ['Gemm', [x('a', [3, 4]), x('b', [4, 2]), x('c', [2])], (a, b, c) => op.gemm(a, b, c, { alpha: 0.7, beta: 1.3 })],
  ['Gemm transA', [x('a', [4, 3]), x('b', [4, 2])], (a, b) => op.gemm(a, b, undefined, { transA: true, alpha: 0.7 })],
  ['Gemm transB', [x('a', [3, 4]), x('b', [2, 4]), x('c', [3, 1])], (a, b, c) => op.gemm(a, b, c, { transB: true })],
  ['Gemm transA transB', [x('a', [4, 3]), x('b', [2, 4])], (a, b) => op.gemm(a, b, undefined, { transA: true, transB: true, alpha: -1.5 })],
  ['ReduceSum', [x('a', [3, 4])], (a) => op.reduceSum(a, [1])],
  ['ReduceSum keepdims', [x('a', [2, 3, 4])], (a) => op.reduceSum(a, [0, 2], true)],
  ['ReduceMean', [x('a', [2, 3, 4])], (a) => op.reduceMean(a, [0, 2])],
  ['ReduceMean keepdims', [x('a', [3, 4])], (a) => op.reduceMean(a, [-1], true)],
  ['ReduceSumSquare', [x('a', [3, 4])], (a) => op.reduceSumSquare(a, [0])],
  ['ReduceSumSquare keepdims', [x('a', [2, 3, 4])], (a) => op.reduceSumSquare(a, [1, 2], true)],
  ['meanSquare (all axes)', [x('a', [3, 4])], (a) => op.meanSquare(a, [0, 1])],
  ['Concat', [x('a', [2, 3]), x('b', [2, 2])], (a, b) => op.concat([a, b], 1)],
  ['Split, one part used', [x('a', [3, 4])], (a) => op.split(a, [1, 2, 1], 1)[1]],
  [
    'Split, parts recombined',
    [x('a', [4, 3])],
    (a) => {
      const [p, q] = op.split(a, [3, 1], 0);
      return op.mul(p, q);
    },
  ],
  ['Slice', [x('a', [3, 5])], (a) => op.slice(a, [1, 1], [3, 4], [0, 1])],
  ['Pad', [x('a', [2, 3])], (a) => op.pad(a, [1, 0, 0, 2])],
  ['Reshape', [x('a', [2, 6])], (a) => op.reshape(a, [3, 4])],
  ['Transpose', [x('a', [2, 3, 4])], (a) => op.transpose(a, [2, 0, 1])],
  ['Squeeze', [x('a', [3, 1])], (a) => op.squeeze(a, [1])],
  ['Unsqueeze', [x('a', [3])], (a) => op.unsqueeze(a, [0, 2])],
  ['Expand', [x('a', [3, 1]), x('b', [3, 4], { differentiate: false })], (a, b) => op.expandAs(a, b)],
  ['columnSums, rows counted at run time', [x('a', [5, 3], { graphShape: ['batch', 3] })], (a) => op.columnSums(a)],
  ['columnSums, static rows', [x('a', [4, 3])], (a) => op.columnSums(a)],
  ['Add broadcast over the rows of a batch (sumTo by columnSums)', [x('a', [5, 3], { graphShape: ['batch', 3] }), x('b', [3])], (a, b) => op.columnSums(op.mul(op.add(a, b), a))],
  ['addInto a Gemm product (its C)', [x('a', [4, 3]), x('b', [4, 2]), x('c', [3, 2])], (a, b, c) => op.addInto(op.gemm(a, b, undefined, { transA: true, alpha: 0.7 }), c)],
  ['addInto another tensor (an Add)', [x('a', [3, 2]), x('c', [3, 2])], (a, c) => op.addInto(op.mul(a, a), c)],
  [
    'scaledInto a Gemm product with C (its alpha and beta)',
    [x('a', [4, 3]), x('b', [4, 2]), x('c', [3, 2])],
    (a, b, c) => op.scaledInto(op.gemm(a, b, c, { transA: true, alpha: 0.7, beta: 1.3 }), -0.4),
  ],
  ['scaledInto the transpose of a Gemm product', [x('a', [4, 3]), x('b', [4, 2])], (a, b) => op.scaledInto(op.transpose(op.gemm(a, b, undefined, { transA: true }), [1, 0]), 0.1)],
  ['scaledInto another tensor (a Mul)', [x('a', [3, 2])], (a) => op.scaledInto(op.mul(a, a), 0.1)],
  ['MatMul, a left operand 4 times as wide as the product (transposed gradient)', [x('a', [3, 8]), x('b', [8, 2])], (a, b) => op.matmul(a, b)],
  ['Gemm, a left operand 4 times as wide as the product (transposed gradient)', [x('a', [3, 8]), x('b', [8, 2])], (a, b) => op.gemm(a, b, undefined, { alpha: 0.7 })],
];

for (const [name, inputs, fn] of cases) {
  test(`VJP of ${name} matches central differences`, async (t) => {
    const { maxRelError, checked } = await checkGradient(inputs, fn);
    t.diagnostic(`max relative error ${maxRelError.toExponential(2)} over ${checked} elements`);
    assert.ok(checked > 0);
    assert.ok(maxRelError < TOL, `max relative error ${maxRelError.toExponential(2)}`);
  });
}

test('VJP of Cast (float64 -> float32 -> float64) matches coarse differences', async () => {
  const { maxRelError } = await checkGradient([x('a', [2, 3])], (a) => op.mul(op.cast(op.cast(a, 'float32'), 'float64'), 3), {
    step: 1e-2,
  });
  assert.ok(maxRelError < 1e-4, `max relative error ${maxRelError.toExponential(2)}`);
});

test('VJP of ReduceMean over a symbolic (batch) dim counts at run time', async () => {
  const { maxRelError } = await checkGradient([x('a', [5, 3], { graphShape: ['batch', 3] })], (a) => op.reduceMean(a, [0]));
  assert.ok(maxRelError < TOL, `max relative error ${maxRelError.toExponential(2)}`);
});

test('meanSquare over a symbolic (batch) dim counts at run time', async () => {
  const { maxRelError } = await checkGradient([x('a', [5, 3], { graphShape: ['batch', 3] })], (a) => op.meanSquare(a, [0], true));
  assert.ok(maxRelError < TOL, `max relative error ${maxRelError.toExponential(2)}`);
});

test('gradients summed from broadcasts: expanded ones added without the copy, or as they are', async () => {
  // x - mean(x): a full gradient plus an expanded one; mean over rows + mean over columns: two expanded
  // ones whose sources still broadcast to the input; twice the same mean: sources that do not.
  const fns: ((a: Tensor) => Tensor)[] = [
    (a) => op.sub(a, op.reduceMean(a, [0], true)),
    (a) => op.add(op.reduceMean(a, [0], true), op.reduceMean(a, [1], true)),
    (a) => op.add(op.reduceMean(a, [0], true), op.mul(op.reduceMean(a, [0], true), 2)),
  ];
  for (const fn of fns) {
    const { maxRelError } = await checkGradient([x('a', [3, 4])], fn);
    assert.ok(maxRelError < TOL, `max relative error ${maxRelError.toExponential(2)}`);
  }
});

/** W as in the clean and the noisy encoder pass, [inputs, units]: its gradient x1^T dy1 + x2^T dy2, and the graph. */
function twoProductWeight(inputs: number, units: number) {
  const fn = (x1: Tensor, x2: Tensor, w: Tensor) => op.add(op.matmul(x1, w), op.mul(op.matmul(x2, w), op.matmul(x2, w)));
  const g = new Graph();
  const [x1, x2] = ['x1', 'x2'].map((name) => g.input(name, 'float64', [5, inputs]));
  const w = g.input('w', 'float64', [inputs, units]);
  const [dw] = grad(op.reduceSum(fn(x1, x2, w), [0, 1]), [w]);
  const check = async () => {
    const { maxRelError } = await checkGradient([x('x1', [5, inputs]), x('x2', [5, inputs]), x('w', [inputs, units])], fn);
    assert.ok(maxRelError < TOL, `max relative error ${maxRelError.toExponential(2)}`);
  };
  return { dw, check };
}

test("a weight read by two products gets its gradient's sum from one Gemm taking the other as C", async () => {
  const { dw, check } = twoProductWeight(3, 2);
  assert.equal(dw.producer?.opType, 'Gemm');
  assert.equal(dw.producer.inputs.length, 3);
  assert.equal(dw.producer.inputs[2]?.producer?.opType, 'Gemm');
  await check();
});

test("a weight read by two products of a wide operand gets its gradient's sum from one Gemm on the small operand, transposed once", async () => {
  // W1: dW = (dy2^T x2 + dy1^T x1)^T, the second Gemm adding the first.
  const { dw, check } = twoProductWeight(12, 3);
  assert.equal(dw.producer?.opType, 'Transpose');
  const product = dw.producer.inputs[0]!.producer!;
  assert.equal(product.opType, 'Gemm');
  assert.deepEqual(product.outputs[0].shape, [3, 12]);
  assert.equal(product.attrs.transA?.value, 1);
  assert.equal(product.inputs[2]?.producer?.opType, 'Gemm');
  await check();
});

test("a bias's gradient over the batch is a product with one shared row of ones, not a ReduceSum", () => {
  const g = new Graph();
  const a = g.input('a', 'float32', ['batch', 300]);
  const [b, c] = ['b', 'c'].map((name) => g.input(name, 'float32', [300]));
  const [db, dc] = grad(op.reduceSum(op.mul(op.add(a, b), op.add(a, c)), [0, 1]), [b, c]);
  for (const d of [db, dc]) {
    const sum = d.producer?.opType === 'Squeeze' ? d.producer.inputs[0]! : d;
    assert.equal(sum.producer?.opType, 'MatMul');
  }
  assert.equal(g.nodes.filter((n) => n.opType === 'ReduceSum').length, 1, 'the loss only');
  assert.equal(g.nodes.filter((n) => n.opType === 'Expand' && n.outputs[0].shape[0] === 1).length, 1, 'one row of ones');
});

test("the (leaky) ReLU's derivative is exact for every float32: denormals, zeros and infinities included", async () => {
  const xs = Float32Array.of(2 ** -149, 2 ** -140, 2 ** -127, 2 ** -126, 1e-30, 1, 3e38, Infinity, 0, -0, -(2 ** -149), -1, -3e38, -Infinity);
  for (const slope of [0, 0.1]) {
    const g = new Graph();
    const x = g.input('x', 'float32', [xs.length]);
    const [dx] = grad(op.reduceSum(slope === 0 ? op.relu(x) : op.leakyRelu(x, slope), [0]), [x]);
    g.output('dx', dx);
    const out = await (await openSession(g)).run({ x: tensorOf(xs, [xs.length]) });
    const dxs = out.dx.data as Float32Array;
    // (-0 and 0 are the same derivative.)
    xs.forEach((v, i) => assert.ok(dxs[i] === (v > 0 ? 1 : Math.fround(slope)), `slope ${slope}, x = ${v}: ${dxs[i]}`));
  }
});

test('a deliberately wrong rule fails the check', async () => {
  // Exp whose rule forgets the chain factor exp(x): d/dx returns dy instead of dy * exp(x).
  const wrongExp = (a: Tensor) => a.graph.emit('Exp', [a], {}, [{ dtype: a.dtype, shape: a.shape }], ([dy]) => [dy])[0];
  const { maxRelError } = await checkGradient([x('a', [3, 4])], wrongExp);
  assert.ok(maxRelError > 0.1, `wrong rule passed with error ${maxRelError}`);
  // And a broadcast rule that forgets to reduce: caught as a shape error before any run.
  const noReduce = (a: Tensor, b: Tensor) => a.graph.emit('Add', [a, b], {}, [{ dtype: a.dtype, shape: a.shape }], ([dy]) => [dy, dy])[0];
  await assert.rejects(checkGradient([x('a', [3, 4]), x('b', [4])], noReduce), /expected \[4\]/);
});
