/**
 * Every op of the builder, opset 17. Each function emits the forward node and, beside it, the op's
 * vector-Jacobian rule (micrograd style): adding an op means adding one function here.
 * Rules return gradients of exactly the input's shape (broadcasting is undone by `sumTo`).
 */
import {
  attrFloat,
  attrInt,
  attrInts,
  axisOf,
  broadcastShapes,
  formatShape,
  isFloat,
  shapesEqual,
  staticSize,
  type Attr,
  type DType,
  type Dim,
  type Graph,
  type Node,
  type Shape,
  type Tensor,
  type Vjp,
  typedArray,
} from './graph.js';

type Operand = Tensor | number;

/** Turns number operands into scalar constants of the tensor operand's type. */
function operands(a: Operand, b: Operand): [Tensor, Tensor] {
  if (typeof a === 'number' && typeof b === 'number') throw new Error('at least one operand must be a tensor');
  const ref = (typeof a === 'number' ? b : a) as Tensor;
  const ta = typeof a === 'number' ? ref.graph.scalar(a, ref.dtype) : a;
  const tb = typeof b === 'number' ? ref.graph.scalar(b, ref.dtype) : b;
  if (ta.dtype !== tb.dtype) throw new Error(`dtype mismatch: ${ta.dtype} vs ${tb.dtype}`);
  return [ta, tb];
}

function emit1(opType: string, inputs: (Tensor | undefined)[], attrs: Record<string, Attr>, dtype: DType, shape: Shape, vjp?: Vjp): Tensor {
  const g = inputs.find((t) => t !== undefined)!.graph;
  return g.emit(opType, inputs, attrs, [{ dtype, shape }], vjp)[0];
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

// ---------------------------------------------------------------------------------------------------
// gradient helpers

/** Sums a broadcast gradient back down to `shape`. */
export function sumTo(dy: Tensor, shape: Shape): Tensor {
  let r = dy;
  const lead = dy.rank - shape.length;
  if (lead < 0) throw new Error(`sumTo: ${formatShape(dy.shape)} has lower rank than ${formatShape(shape)}`);
  // A matrix summed over its rows (a bias's gradient over the batch): see columnSums.
  const overRows = (axes: number[]) => r.rank === 2 && axes.length === 1 && axes[0] === 0;
  if (lead > 0) r = overRows(range(lead)) ? squeeze(columnSums(r), [0]) : reduceSum(r, range(lead), false);
  const axes = shape.flatMap((d, i) => (d === 1 && r.shape[i] !== 1 ? [i] : []));
  if (axes.length > 0) r = overRows(axes) ? columnSums(r) : reduceSum(r, axes, true);
  if (!shapesEqual(r.shape, shape)) throw new Error(`sumTo: cannot reduce ${formatShape(dy.shape)} to ${formatShape(shape)}`);
  return r;
}

/** Tensor of zeros shaped like `like`. */
export function zerosLike(like: Tensor): Tensor {
  return expandAs(like.graph.scalar(0, like.dtype), like);
}

// ---------------------------------------------------------------------------------------------------
// elementwise binary ops (numpy broadcasting)

export function add(a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  return emit1('Add', [x, y], {}, x.dtype, broadcastShapes(x.shape, y.shape), ([dy]) => [sumTo(dy!, x.shape), sumTo(dy!, y.shape)]);
}

export function sub(a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  return emit1('Sub', [x, y], {}, x.dtype, broadcastShapes(x.shape, y.shape), ([dy]) => [sumTo(dy!, x.shape), neg(sumTo(dy!, y.shape))]);
}

export function mul(a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  return emit1('Mul', [x, y], {}, x.dtype, broadcastShapes(x.shape, y.shape), ([dy]) => [sumTo(mul(dy!, y), x.shape), sumTo(mul(dy!, x), y.shape)]);
}

export function div(a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  const out: Tensor = emit1('Div', [x, y], {}, x.dtype, broadcastShapes(x.shape, y.shape), ([dy]) => [
    sumTo(div(dy!, y), x.shape),
    // y is constant along the axes it is broadcast over, so dividing after the sum is exact and cheaper.
    neg(div(sumTo(mul(dy!, out), y.shape), y)),
  ]);
  return out;
}

/** x^p. The exponent may be a tensor; its gradient needs x > 0. */
export function pow(a: Operand, p: Operand): Tensor {
  const [x, e] = operands(a, p);
  const out: Tensor = emit1('Pow', [x, e], {}, x.dtype, broadcastShapes(x.shape, e.shape), ([dy]) => [
    sumTo(mul(dy!, mul(e, pow(x, sub(e, 1)))), x.shape),
    e.constant ? undefined : sumTo(mul(dy!, mul(out, log(x))), e.shape),
  ]);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// elementwise unary ops

export function neg(x: Tensor): Tensor {
  return emit1('Neg', [x], {}, x.dtype, x.shape, ([dy]) => [neg(dy!)]);
}

export function identity(x: Tensor): Tensor {
  return emit1('Identity', [x], {}, x.dtype, x.shape, ([dy]) => [dy]);
}

/** Identity whose gradient is zero: what flows through it is treated as a constant. */
export function stopGradient(x: Tensor): Tensor {
  return emit1('Identity', [x], {}, x.dtype, x.shape, () => [undefined]);
}

/**
 * The derivative of a (leaky) ReLU, 1 where x > 0 and `slope` elsewhere (0 <= slope <= 1), as
 * clip(x 2^127 2^22, slope, 1): each x > 0, down to the smallest denormal (2^-149), is scaled to at least 1,
 * each x <= 0 stays at most 0, so the value is exact. Three cheap passes, where onnxruntime runs Ceil (the
 * obvious clip(ceil(x), slope, 1)) about 2.5 times as slowly as a product and a Where about as four.
 */
function reluSlope(x: Tensor, slope: number): Tensor {
  const g = x.graph;
  const scaled = emit1('Mul', [emit1('Mul', [x, g.scalar(2 ** 127, x.dtype)], {}, x.dtype, x.shape), g.scalar(2 ** 22, x.dtype)], {}, x.dtype, x.shape);
  return emit1('Clip', [scaled, g.scalar(slope, x.dtype), g.scalar(1, x.dtype)], {}, x.dtype, x.shape);
}

export function relu(x: Tensor): Tensor {
  return emit1('Relu', [x], {}, x.dtype, x.shape, ([dy]) => [mul(dy!, reluSlope(x, 0))]);
}

export function leakyRelu(x: Tensor, slope: number): Tensor {
  return emit1('LeakyRelu', [x], { alpha: attrFloat(slope) }, x.dtype, x.shape, ([dy]) => [
    slope >= 0 && slope <= 1 ? mul(dy!, reluSlope(x, slope)) : where(greater(x, 0), dy!, mul(dy!, slope)),
  ]);
}

/** x * x, with a one-op gradient rule (mul(x, x) would emit two products and a sum). */
export function square(x: Tensor): Tensor {
  return emit1('Mul', [x, x], {}, x.dtype, x.shape, ([dy]) => [mul(dy!, mul(x, 2)), undefined]);
}

export function sigmoid(x: Tensor): Tensor {
  const y: Tensor = emit1('Sigmoid', [x], {}, x.dtype, x.shape, ([dy]) => [mul(dy!, mul(y, sub(1, y)))]);
  return y;
}

export function tanh(x: Tensor): Tensor {
  const y: Tensor = emit1('Tanh', [x], {}, x.dtype, x.shape, ([dy]) => [mul(dy!, sub(1, mul(y, y)))]);
  return y;
}

export function exp(x: Tensor): Tensor {
  const y: Tensor = emit1('Exp', [x], {}, x.dtype, x.shape, ([dy]) => [mul(dy!, y)]);
  return y;
}

export function log(x: Tensor): Tensor {
  return emit1('Log', [x], {}, x.dtype, x.shape, ([dy]) => [div(dy!, x)]);
}

export function sqrt(x: Tensor): Tensor {
  const y: Tensor = emit1('Sqrt', [x], {}, x.dtype, x.shape, ([dy]) => [div(mul(dy!, 0.5), y)]);
  return y;
}

/** Clamps to [lo, hi]; the gradient passes where the input lies strictly inside. */
export function clip(x: Tensor, lo: number, hi: number): Tensor {
  const g = x.graph;
  return emit1('Clip', [x, g.scalar(lo, x.dtype), g.scalar(hi, x.dtype)], {}, x.dtype, x.shape, ([dy]) => [where(greater(x, lo), where(less(x, hi), dy!, 0), 0)]);
}

export function cast(x: Tensor, dtype: DType): Tensor {
  const to = { float32: 1, float64: 11, int64: 7, bool: 9 }[dtype];
  return emit1('Cast', [x], { to: attrInt(to) }, dtype, x.shape, ([dy]) => [isFloat(x.dtype) ? cast(dy!, x.dtype) : undefined]);
}

// ---------------------------------------------------------------------------------------------------
// comparisons and selection (masks carry no gradient)

export function greater(a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  return emit1('Greater', [x, y], {}, 'bool', broadcastShapes(x.shape, y.shape));
}

export function less(a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  return emit1('Less', [x, y], {}, 'bool', broadcastShapes(x.shape, y.shape));
}

/** cond ? a : b, elementwise with broadcasting. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  if (cond.dtype !== 'bool') throw new Error('where: condition must be bool');
  const shape = broadcastShapes(cond.shape, broadcastShapes(x.shape, y.shape));
  return emit1('Where', [cond, x, y], {}, x.dtype, shape, ([dy]) => [undefined, sumTo(where(cond, dy!, 0), x.shape), sumTo(where(cond, 0, dy!), y.shape)]);
}

/**
 * x[index] along axis 0, for a scalar int64 index: picks a slice of stacked data (a Loop's mini-batch).
 * No gradient rule: data picked this way is never differentiated.
 */
export function pick(x: Tensor, index: Tensor): Tensor {
  if (index.dtype !== 'int64' || index.rank !== 0) throw new Error('pick: the index must be an int64 scalar');
  return emit1('Gather', [x, index], { axis: attrInt(0) }, x.dtype, x.shape.slice(1));
}

/**
 * ONNX Loop: runs `body` `trips` times. The body's inputs are (iteration int64, condition bool, carried...),
 * its outputs (condition bool, carried..., per-iteration values...); returns the final carried values,
 * then each per-iteration value stacked along a new first dim. No gradient rule: the loop runs whole
 * train steps, each differentiated inside its body.
 */
export function loop(trips: Tensor, carried: readonly Tensor[], body: Graph): Tensor[] {
  const [iter, cond, ...bodyCarried] = body.inputs;
  if (iter?.dtype !== 'int64' || cond?.dtype !== 'bool') throw new Error('loop: the body must start with an int64 iteration and a bool condition');
  if (bodyCarried.length !== carried.length || body.outputs.length < 1 + carried.length) throw new Error('loop: the body carries another number of values');
  carried.forEach((t, i) => {
    const b = body.outputs[1 + i];
    if (t.dtype !== b.dtype || !shapesEqual(t.shape, b.shape) || !shapesEqual(t.shape, bodyCarried[i].shape)) {
      throw new Error(`loop: carried value ${i} is ${formatShape(t.shape)} here, ${formatShape(b.shape)} out of the body`);
    }
  });
  const scans = body.outputs.slice(1 + carried.length).map((t) => ({ dtype: t.dtype, shape: ['trips', ...t.shape] }));
  const types = [...carried.map((t) => ({ dtype: t.dtype, shape: t.shape })), ...scans];
  return trips.graph.emit('Loop', [trips, undefined, ...carried], { body: { kind: 'graph', value: body } }, types);
}

// ---------------------------------------------------------------------------------------------------
// matrix products

/** Product of two matrices. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 2 || b.rank !== 2) throw new Error('matmul: rank-2 operands only (use gemm flags for transposes)');
  if (a.dtype !== b.dtype) throw new Error('matmul: dtype mismatch');
  if (typeof a.shape[1] === 'number' && typeof b.shape[0] === 'number' && a.shape[1] !== b.shape[0]) {
    throw new Error(`matmul: ${formatShape(a.shape)} x ${formatShape(b.shape)}`);
  }
  return emit1('MatMul', [a, b], {}, a.dtype, [a.shape[0], b.shape[1]], ([dy]) => [gemm(dy!, b, undefined, { transB: true }), transposedTimes(a, dy!)]);
}

/**
 * alpha a^T g, the gradient of a product's right operand. onnxruntime's Gemm copies a transposed left
 * operand slowly, so where a is far wider than g (W1's gradient: [batch, 6373] against [batch, 256]) this
 * is (alpha g^T a)^T instead: the small operand transposed, plus one transpose of the result. For W1's two
 * products at batch 256, one thread, transpose included: a quarter less time (17.2 against 13.0 ms). A column g (a
 * matrix-vector product) is left as it is: its transpose would be a reshape, and nothing gains.
 */
function transposedTimes(a: Tensor, g: Tensor, alpha = 1): Tensor {
  const [wide, narrow] = [a.shape[1], g.shape[1]];
  if (typeof wide !== 'number' || typeof narrow !== 'number' || narrow === 1 || wide < 4 * narrow) return gemm(a, g, undefined, { transA: true, alpha });
  return transpose(gemm(g, a, undefined, { transA: true, alpha }), [1, 0]);
}

export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  beta?: number;
}

/** alpha * op(A) op(B) + beta * C, with op() an optional transpose; C broadcasts. */
export function gemm(a: Tensor, b: Tensor, c?: Tensor, opts: GemmOptions = {}): Tensor {
  const { transA = false, transB = false, alpha = 1, beta = 1 } = opts;
  if (a.rank !== 2 || b.rank !== 2) throw new Error('gemm: rank-2 operands only');
  const m = transA ? a.shape[1] : a.shape[0];
  const k = transA ? a.shape[0] : a.shape[1];
  const kb = transB ? b.shape[1] : b.shape[0];
  const n = transB ? b.shape[0] : b.shape[1];
  if (typeof k === 'number' && typeof kb === 'number' && k !== kb) {
    throw new Error(`gemm: inner dims ${k} and ${kb} differ`);
  }
  const shape: Shape = [m, n];
  if (c) broadcastShapes(shape, c.shape);
  const attrs: Record<string, Attr> = { transA: attrInt(transA ? 1 : 0), transB: attrInt(transB ? 1 : 0) };
  if (alpha !== 1) attrs.alpha = attrFloat(alpha);
  if (beta !== 1) attrs.beta = attrFloat(beta);
  const inputs = c ? [a, b, c] : [a, b];
  return emit1('Gemm', inputs, attrs, a.dtype, shape, ([dy]) => {
    const g = dy!;
    // d op(A) = alpha g op(B)^T and d op(B) = alpha op(A)^T g, each written as one Gemm on the stored layouts.
    const dA = transA ? gemm(b, g, undefined, { transA: transB, transB: true, alpha }) : gemm(g, b, undefined, { transB: !transB, alpha });
    const dB = transB ? gemm(g, a, undefined, { transA: true, transB: transA, alpha }) : transA ? gemm(a, g, undefined, { alpha }) : transposedTimes(a, g, alpha);
    const dC = c ? sumTo(beta === 1 ? g : mul(g, beta), c.shape) : undefined;
    return [dA, dB, dC];
  });
}

/**
 * x + c for c of x's shape: when x is a Gemm product without a C term, that Gemm with C = c (one pass over
 * the sum fewer, e.g. a weight's gradient summed over the clean and the noisy pass); when both are
 * transposes of such products (see transposedTimes), the transpose of one Gemm taking the other as C;
 * otherwise an Add. Use it only where x has no other reader (a fresh gradient term), or the product is
 * computed twice.
 */
export function addInto(x: Tensor, c: Tensor): Tensor {
  const inner = transposedProduct(x);
  const cInner = c.producer?.opType === 'Transpose' && isMatrixTranspose(c.producer) ? c.producer.inputs[0] : undefined;
  if (inner && cInner && shapesEqual(x.shape, c.shape)) return transpose(addInto(inner, cInner), [1, 0]);
  const node = x.producer;
  if (node?.opType !== 'Gemm' || node.inputs.length !== 2 || !shapesEqual(c.shape, x.shape) || c.dtype !== x.dtype) return add(x, c);
  return gemm(node.inputs[0]!, node.inputs[1]!, c, { ...gemmOptionsOf(node), beta: 1 });
}

/**
 * x s for a number s: when x is a Gemm product (or the transpose of one), that Gemm with its alpha and beta
 * times s (one pass fewer, e.g. Adam's (1 - beta1) g); otherwise a Mul. The attributes are float32, so in a
 * float64 graph only scales they hold exactly are folded. As addInto, only where x has no other reader.
 */
export function scaledInto(x: Tensor, s: number): Tensor {
  const inner = transposedProduct(x);
  if (inner) return transpose(scaledInto(inner, s), [1, 0]);
  const node = x.producer;
  if (node?.opType !== 'Gemm') return mul(x, s);
  const o = gemmOptionsOf(node);
  const [alpha, beta] = [o.alpha * s, o.beta * s];
  if (x.dtype !== 'float32' && (Math.fround(alpha) !== alpha || Math.fround(beta) !== beta)) return mul(x, s);
  return gemm(node.inputs[0]!, node.inputs[1]!, node.inputs[2], { ...o, alpha, beta });
}

function gemmOptionsOf(node: Node): Required<GemmOptions> {
  const num = (name: string, otherwise: number) => {
    const v = node.attrs[name]?.value;
    return typeof v === 'number' ? v : otherwise;
  };
  return { transA: num('transA', 0) === 1, transB: num('transB', 0) === 1, alpha: num('alpha', 1), beta: num('beta', 1) };
}

function isMatrixTranspose(node: Node): boolean {
  const perm = node.attrs.perm?.value;
  return Array.isArray(perm) && perm[0] === 1 && perm[1] === 0 && perm.length === 2;
}

/** The Gemm product whose transpose x is (as transposedTimes makes them), if it is one. */
function transposedProduct(x: Tensor): Tensor | undefined {
  const node = x.producer;
  return node?.opType === 'Transpose' && isMatrixTranspose(node) && node.inputs[0]?.producer?.opType === 'Gemm' ? node.inputs[0] : undefined;
}

// ---------------------------------------------------------------------------------------------------
// reductions and broadcasting

function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): Shape {
  return shape.flatMap((d, i) => (axes.includes(i) ? (keepdims ? [1] : []) : [d]));
}

function normAxes(axes: readonly number[], rank: number): number[] {
  return [...new Set(axes.map((a) => axisOf(a, rank)))].sort((p, q) => p - q);
}

export function reduceSum(x: Tensor, axes: readonly number[], keepdims = false): Tensor {
  const ax = normAxes(axes, x.rank);
  const attrs = { keepdims: attrInt(keepdims ? 1 : 0) };
  return emit1('ReduceSum', [x, x.graph.int64s(ax)], attrs, x.dtype, reducedShape(x.shape, ax, keepdims), ([dy]) => [expandAs(keepdims ? dy! : unsqueeze(dy!, ax), x), undefined]);
}

export function reduceMean(x: Tensor, axes: readonly number[], keepdims = false): Tensor {
  const ax = normAxes(axes, x.rank);
  const attrs = { axes: attrInts(ax), keepdims: attrInt(keepdims ? 1 : 0) };
  const y: Tensor = emit1('ReduceMean', [x], attrs, x.dtype, reducedShape(x.shape, ax, keepdims), ([dy]) => {
    // Scaling before the broadcast keeps the division on the small tensor.
    const scaled = meanFromSum(dy!, x, ax);
    return [expandAs(keepdims ? scaled : unsqueeze(scaled, ax), x)];
  });
  return y;
}

/**
 * Sums over the rows of a matrix, [1, cols], as a row of ones times the matrix. onnxruntime's ReduceSum,
 * ReduceMean and ReduceSumSquare over the first axis take a slow general path unless max(rows, cols) >
 * 256 × threads (its reduction_ops.cc), i.e. for a batch sum over a layer 256 units wide: several times
 * the time of a product over the same matrix.
 */
export function columnSums(x: Tensor): Tensor {
  if (x.rank !== 2) throw new Error(`columnSums: a matrix only, got ${formatShape(x.shape)}`);
  const n = x.shape[0];
  const g = x.graph;
  // One row of ones per graph and row count: a symbolic count (the batch) is read from the first matrix summed.
  const ones = g.shared(`ones:${x.dtype}:${typeof n}:${n}`, () => {
    if (typeof n === 'number') return g.constant({ dtype: x.dtype, dims: [1, n], data: typedArray(x.dtype, new Array<number>(n).fill(1)) });
    const rows = emit1('Shape', [x], { start: attrInt(0), end: attrInt(1) }, 'int64', [1]);
    return emit1('Expand', [g.constant({ dtype: x.dtype, dims: [1, 1], data: typedArray(x.dtype, [1]) }), rows], {}, x.dtype, [1, n]);
  });
  return emit1('MatMul', [ones, x], {}, x.dtype, [1, x.shape[1]], ([dy]) => [undefined, expandAs(dy!, x)]);
}

/** Sum of squares over `axes`; its rule needs no broadcast of the gradient (the product with x does it). */
export function reduceSumSquare(x: Tensor, axes: readonly number[], keepdims = false): Tensor {
  const ax = normAxes(axes, x.rank);
  const attrs = { axes: attrInts(ax), keepdims: attrInt(keepdims ? 1 : 0) };
  return emit1('ReduceSumSquare', [x], attrs, x.dtype, reducedShape(x.shape, ax, keepdims), ([dy]) => {
    const d2 = mul(dy!, 2);
    return [mul(x, keepdims ? d2 : unsqueeze(d2, ax))];
  });
}

/** Mean of squares over `axes` (an MSE, a biased variance of centred values). */
export function meanSquare(x: Tensor, axes: readonly number[], keepdims = false): Tensor {
  const ax = normAxes(axes, x.rank);
  return meanFromSum(reduceSumSquare(x, ax, keepdims), x, ax);
}

/**
 * `sum`, a sum of values shaped like `x` over `axes`, divided by how many values each of its elements sums.
 * A symbolic reduced dim (the batch) is counted at run time, size(x) / size(sum), with size(sum) taken from
 * its static shape where it has one: the count then does not wait for the sum to be computed (which lets
 * onnxruntime run a part of the backward pass before the whole forward pass is done).
 */
export function meanFromSum(sum: Tensor, x: Tensor, axes: readonly number[]): Tensor {
  const count = staticSize(normAxes(axes, x.rank).map((a) => x.shape[a]));
  if (count !== undefined) return mul(sum, 1 / count);
  const kept = staticSize(sum.shape);
  const perValue = kept === 1 ? size(x) : div(size(x), kept === undefined ? size(sum) : x.graph.scalar(kept, 'int64'));
  return div(sum, cast(perValue, x.dtype));
}

/** Broadcasts x to the (run-time) shape of `like`. */
export function expandAs(x: Tensor, like: Tensor): Tensor {
  const shape = broadcastShapes(x.shape, like.shape);
  return emit1('Expand', [x, shapeOf(like)], {}, x.dtype, shape, ([dy]) => [sumTo(dy!, x.shape), undefined]);
}

/** Run-time shape as a 1-D int64 tensor. */
export function shapeOf(x: Tensor): Tensor {
  return emit1('Shape', [x], {}, 'int64', [x.rank]);
}

/** Run-time element count as an int64 scalar. */
export function size(x: Tensor): Tensor {
  return emit1('Size', [x], {}, 'int64', []);
}

// ---------------------------------------------------------------------------------------------------
// shape ops

export function concat(xs: readonly Tensor[], axis: number): Tensor {
  const ax = axisOf(axis, xs[0].rank);
  const widths = xs.map((x) => x.shape[ax]);
  if (!widths.every((w): w is number => typeof w === 'number')) throw new Error('concat: axis dims must be static');
  const shape = xs[0].shape.map((d, i) => (i === ax ? widths.reduce((p, q) => p + q, 0) : d));
  for (const x of xs) {
    if (x.rank !== shape.length || x.shape.some((d, i) => i !== ax && d !== shape[i])) {
      throw new Error(`concat: ${formatShape(x.shape)} does not fit ${formatShape(shape)}`);
    }
  }
  return emit1('Concat', [...xs], { axis: attrInt(ax) }, xs[0].dtype, shape, ([dy]) => split(dy!, widths, ax));
}

/** Splits along `axis` into parts of the given static sizes. */
export function split(x: Tensor, sizes: readonly number[], axis: number): Tensor[] {
  const ax = axisOf(axis, x.rank);
  const total = sizes.reduce((p, q) => p + q, 0);
  if (x.shape[ax] !== total) throw new Error(`split: sizes ${sizes} do not add up to dim ${x.shape[ax]}`);
  const types = sizes.map((s) => ({ dtype: x.dtype, shape: x.shape.map((d, i) => (i === ax ? s : d)) }));
  const outs: Tensor[] = x.graph.emit('Split', [x, x.graph.int64s(sizes)], { axis: attrInt(ax) }, types, (dys) => [
    concat(
      dys.map((d, i) => d ?? zerosLike(outs[i])),
      ax,
    ),
    undefined,
  ]);
  return outs;
}

/** x[starts:ends] along the given axes (step 1); the sliced dims must be static. */
export function slice(x: Tensor, starts: readonly number[], ends: readonly number[], axes: readonly number[]): Tensor {
  const ax = axes.map((a) => axisOf(a, x.rank));
  const shape: Dim[] = [...x.shape];
  const pads = new Array<number>(2 * x.rank).fill(0);
  ax.forEach((a, i) => {
    const n = x.shape[a];
    if (typeof n !== 'number') throw new Error('slice: sliced dims must be static');
    const s = Math.max(0, Math.min(n, starts[i] < 0 ? starts[i] + n : starts[i]));
    const e = Math.max(s, Math.min(n, ends[i] < 0 ? ends[i] + n : ends[i]));
    shape[a] = e - s;
    pads[a] = s;
    pads[x.rank + a] = n - e;
  });
  const g = x.graph;
  const inputs = [x, g.int64s(starts), g.int64s(ends), g.int64s(ax)];
  return emit1('Slice', inputs, {}, x.dtype, shape, ([dy]) => [pad(dy!, pads)]);
}

/** Zero padding; `pads` is ONNX's [begin_0.., end_0..]. */
export function pad(x: Tensor, pads: readonly number[]): Tensor {
  if (pads.some((p) => p < 0)) throw new Error('pad: negative pads (cropping) not supported');
  const shape = x.shape.map((d, i) => {
    const extra = pads[i] + pads[x.rank + i];
    if (extra === 0) return d;
    if (typeof d !== 'number') throw new Error('pad: padded dims must be static');
    return d + extra;
  });
  const padded = range(x.rank).filter((i) => pads[i] + pads[x.rank + i] > 0);
  const starts = padded.map((i) => pads[i]);
  const ends = padded.map((i) => pads[i] + (x.shape[i] as number));
  return emit1('Pad', [x, x.graph.int64s(pads)], {}, x.dtype, shape, ([dy]) => [slice(dy!, starts, ends, padded), undefined]);
}

/** Reshape to static dims, at most one of them symbolic (emitted as -1). */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const symbolic = shape.filter((d) => typeof d !== 'number');
  if (symbolic.length > 1) throw new Error('reshape: at most one symbolic dim');
  const spec = shape.map((d) => (typeof d === 'number' ? d : -1));
  const from = x.shape;
  return emit1('Reshape', [x, x.graph.int64s(spec)], {}, x.dtype, shape, ([dy]) => [reshape(dy!, from), undefined]);
}

export function transpose(x: Tensor, perm: readonly number[]): Tensor {
  if (perm.length !== x.rank) throw new Error('transpose: perm length must equal rank');
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return emit1(
    'Transpose',
    [x],
    { perm: attrInts(perm) },
    x.dtype,
    perm.map((p) => x.shape[p]),
    ([dy]) => [transpose(dy!, inverse)],
  );
}

export function squeeze(x: Tensor, axes: readonly number[]): Tensor {
  const ax = normAxes(axes, x.rank);
  if (ax.some((a) => x.shape[a] !== 1)) throw new Error(`squeeze: axes ${ax} of ${formatShape(x.shape)} are not 1`);
  const shape = x.shape.filter((_, i) => !ax.includes(i));
  return emit1('Squeeze', [x, x.graph.int64s(ax)], {}, x.dtype, shape, ([dy]) => [unsqueeze(dy!, ax), undefined]);
}

/** Inserts size-1 dims at `axes` (positions in the output). */
export function unsqueeze(x: Tensor, axes: readonly number[]): Tensor {
  const rank = x.rank + axes.length;
  const ax = normAxes(axes, rank);
  const shape: Dim[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) shape.push(ax.includes(i) ? 1 : x.shape[j++]);
  return emit1('Unsqueeze', [x, x.graph.int64s(ax)], {}, x.dtype, shape, ([dy]) => [squeeze(dy!, ax), undefined]);
}
