/**
 * The core of the ONNX graph builder: typed symbolic tensors, the nodes that produce them, graph inputs,
 * constants and outputs. Ops live in `ops.ts`; each one emits its node through `Graph.emit` and hands over
 * its vector-Jacobian rule, which `autodiff.ts` calls to append the backward pass.
 */

export type DType = 'float32' | 'float64' | 'int64' | 'bool';
export type FloatType = 'float32' | 'float64';

/** A dimension: a known size, or a symbolic name (e.g. 'batch') fixed only when the graph runs. */
export type Dim = number | string;
export type Shape = readonly Dim[];

/** ONNX attribute values, tagged because ONNX distinguishes ints from floats. */
export type Attr =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  /** A subgraph, e.g. a Loop's body. */
  | { kind: 'graph'; value: Graph };

export const attrInt = (value: number): Attr => ({ kind: 'int', value });
export const attrFloat = (value: number): Attr => ({ kind: 'float', value });
export const attrInts = (value: readonly number[]): Attr => ({ kind: 'ints', value });

export type TypedData = Float32Array | Float64Array | BigInt64Array | Uint8Array;

/** The value of a constant: data in the layout ONNX stores (row-major), with its type and shape. */
export interface ConstantData {
  dtype: DType;
  dims: readonly number[];
  data: TypedData;
}

/**
 * Vector-Jacobian rule of a node: given the gradients of the loss with respect to the node's outputs
 * (undefined where an output does not reach the loss), return the gradients with respect to its inputs
 * (undefined for an input without gradient). Emits ordinary ops.
 */
export type Vjp = (dys: readonly (Tensor | undefined)[]) => readonly (Tensor | undefined)[];

export interface Node {
  readonly id: number;
  readonly opType: string;
  /** undefined marks an omitted optional input. */
  readonly inputs: readonly (Tensor | undefined)[];
  readonly outputs: readonly Tensor[];
  readonly attrs: Readonly<Record<string, Attr>>;
  readonly vjp?: Vjp;
}

export interface TensorType {
  dtype: DType;
  shape: Shape;
}

export class Tensor {
  /** Set for graph inputs and named outputs; other tensors get a generated name when serialised. */
  name?: string;
  constructor(
    readonly graph: Graph,
    readonly id: number,
    readonly dtype: DType,
    readonly shape: Shape,
    readonly producer?: Node,
    readonly constant?: ConstantData,
  ) {}

  get rank(): number {
    return this.shape.length;
  }
}

export class Graph {
  readonly inputs: Tensor[] = [];
  readonly outputs: Tensor[] = [];
  readonly nodes: Node[] = [];
  /** Values a subgraph reads from its enclosing graph by name (the enclosing graph's inputs). */
  readonly outerRefs: Tensor[] = [];
  private nextId = 0;
  private readonly scalarCache = new Map<string, Tensor>();
  private readonly sharedCache = new Map<string, Tensor>();

  /** A graph input (fed at run time). */
  input(name: string, dtype: DType, shape: Shape): Tensor {
    if (this.inputs.some((t) => t.name === name)) throw new Error(`duplicate graph input ${name}`);
    const t = new Tensor(this, this.nextId++, dtype, shape);
    t.name = name;
    this.inputs.push(t);
    return t;
  }

  /** In a subgraph (a Loop body): the enclosing graph's input `name`, read without passing it in. */
  outer(name: string, dtype: DType, shape: Shape): Tensor {
    if (this.outerRefs.some((t) => t.name === name)) throw new Error(`duplicate outer reference ${name}`);
    const t = new Tensor(this, this.nextId++, dtype, shape);
    t.name = name;
    this.outerRefs.push(t);
    return t;
  }

  /** A constant stored as an initializer. */
  constant(value: ConstantData): Tensor {
    const size = value.dims.reduce((a, b) => a * b, 1);
    if (value.data.length !== size) {
      throw new Error(`constant of shape [${value.dims}] needs ${size} values, got ${value.data.length}`);
    }
    return new Tensor(this, this.nextId++, value.dtype, value.dims, undefined, value);
  }

  /** A scalar constant, shared between uses. */
  scalar(value: number, dtype: DType): Tensor {
    const key = `${dtype}:${Object.is(value, -0) ? '-0' : value}`;
    let t = this.scalarCache.get(key);
    if (!t) {
      t = this.constant({ dtype, dims: [], data: typedArray(dtype, [value]) });
      this.scalarCache.set(key, t);
    }
    return t;
  }

  /** The tensor `make` returns, made once per key (e.g. a row of ones as long as the run-time batch). */
  shared(key: string, make: () => Tensor): Tensor {
    let t = this.sharedCache.get(key);
    if (!t) this.sharedCache.set(key, (t = make()));
    return t;
  }

  /** A 1-D int64 constant (axes, shapes, slice bounds). */
  int64s(values: readonly number[]): Tensor {
    return this.constant({ dtype: 'int64', dims: [values.length], data: typedArray('int64', values) });
  }

  /** Declares `t` a graph output called `name`. */
  output(name: string, t: Tensor): void {
    if (t.graph !== this) throw new Error('output tensor belongs to another graph');
    if (this.outputs.some((o) => o.name === name)) throw new Error(`duplicate graph output ${name}`);
    // A tensor that already carries a name (input, constant, other output) is exposed through Identity.
    const named = t.name !== undefined || t.constant !== undefined;
    const out = named ? this.emit('Identity', [t], {}, [{ dtype: t.dtype, shape: t.shape }])[0] : t;
    out.name = name;
    this.outputs.push(out);
  }

  /** Appends a node; returns its output tensors. Ops call this; user code calls the ops. */
  emit(opType: string, inputs: readonly (Tensor | undefined)[], attrs: Record<string, Attr>, outputTypes: readonly TensorType[], vjp?: Vjp): Tensor[] {
    for (const t of inputs) {
      if (t && t.graph !== this) throw new Error(`${opType}: input from another graph`);
    }
    const outputs: Tensor[] = [];
    const node: Node = { id: this.nodes.length, opType, inputs, outputs, attrs, vjp };
    for (const { dtype, shape } of outputTypes) {
      outputs.push(new Tensor(this, this.nextId++, dtype, shape, node));
    }
    this.nodes.push(node);
    return outputs;
  }
}

export function typedArray(dtype: DType, values: ArrayLike<number>): TypedData {
  switch (dtype) {
    case 'float32':
      return Float32Array.from(values);
    case 'float64':
      return Float64Array.from(values);
    case 'int64':
      return BigInt64Array.from(Array.from(values, (v) => BigInt(v)));
    case 'bool':
      return Uint8Array.from(values, (v) => (v ? 1 : 0));
  }
}

export function isFloat(dtype: DType): dtype is FloatType {
  return dtype === 'float32' || dtype === 'float64';
}

/**
 * The nodes that `roots` are computed from, walking back from each tensor to its producer's inputs,
 * only through the tensors `follow` accepts; in creation (topological) order.
 */
export function nodesUpstreamOf(roots: readonly Tensor[], follow: (t: Tensor) => boolean = () => true): Node[] {
  const nodes = new Map<number, Node>();
  const stack = [...roots];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    const node = t.producer;
    if (!node || nodes.has(node.id) || !follow(t)) continue;
    nodes.set(node.id, node);
    for (const i of node.inputs) if (i) stack.push(i);
  }
  return [...nodes.values()].sort((a, b) => a.id - b.id);
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function formatShape(s: Shape): string {
  return `[${s.join(', ')}]`;
}

/** Numpy-style broadcast of two shapes; a symbolic dim broadcasts only against itself or 1. */
export function broadcastShapes(a: Shape, b: Shape): Shape {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
    if (da === db || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else throw new Error(`cannot broadcast ${formatShape(a)} with ${formatShape(b)}`);
  }
  return out;
}

/** Product of the dims, or undefined when one is symbolic. */
export function staticSize(shape: Shape): number | undefined {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number') return undefined;
    n *= d;
  }
  return n;
}

/** Normalises a possibly negative axis. */
export function axisOf(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} out of range for rank ${rank}`);
  return a;
}
