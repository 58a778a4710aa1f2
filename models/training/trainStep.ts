/**
 * The training graph: one Adam step of a model on one mini-batch, as a single ONNX graph that
 * onnxruntime runs as an ordinary inference session (train_step.onnx).
 *
 * Inputs (B = batch, symbolic):
 *   p.<param>, m.<param>, v.<param>   parameters and Adam moments
 *   s.<stat>                          running batch-norm statistics
 *   step []                           Adam's t, 1 for the first update
 *   lr []                             learning rate
 *   x [B, inputs], y [B, outputs]     the mini-batch (y is ignored when labelled = 0)
 *   labelled []                       1: prediction + reconstruction loss; 0: reconstruction only
 *   n.<noise> [B, width]              standard-normal draws for the noise and dropout masks
 * Outputs: next.<each input above of the first two lines>, loss.total, loss.pred, loss.rec.<layer>.
 * Same inputs give bit-identical outputs: the graph holds no random op.
 */
import { grad } from '../onnx/autodiff.js';
import { BATCH_DIM, declareModelInputs, declareNoiseInputs } from '../graphInputs.js';
import { Graph, type Dim, type FloatType, type Tensor } from '../onnx/graph.js';
import { add, loop, mul, pick } from '../onnx/ops.js';
import { cccLoss } from '../nn/ccc.js';
import { DEFAULT_ROUTING, type Model, type Routing, type Tensors } from '../spec.js';
import { adamScalars, adamUpdate, DEFAULT_ADAM, type AdamOptions } from './adam.js';

export interface LossGraph {
  graph: Graph;
  params: Tensors;
  state: Tensors;
  total: Tensor;
  pred: Tensor;
  reconstruction: Record<string, Tensor>;
  nextState: Tensors;
}

export interface LossOptions {
  dtype?: FloatType;
  routing?: Routing;
  /** The batch dim: symbolic by default, a number fixes it. */
  batch?: Dim;
}

/** What one step trains on: the mini-batch, whether it is labelled, and its noise draws. */
export interface BatchTensors {
  x: Tensor;
  y: Tensor;
  labelled: Tensor;
  noise: Tensors;
}

/** The batch as inputs of the graph (x, y, labelled, n.*), as train_step.onnx takes it. */
function declareBatch(g: Graph, model: Model, dtype: FloatType, batch: Dim): BatchTensors {
  const { spec } = model;
  const x = g.input('x', dtype, [batch, spec.inputs]);
  const y = g.input('y', dtype, [batch, spec.outputs]);
  const labelled = g.input('labelled', dtype, []);
  return { x, y, labelled, noise: declareNoiseInputs(g, model, dtype, batch) };
}

/**
 * Declares the model's inputs in `g` and its training loss: labelled * (1 - CCC) + lambda * sum of
 * reconstruction costs. `batchOf` supplies the batch (by default graph inputs; a Loop body picks it from stacks).
 */
export function buildLoss(
  model: Model,
  opts: LossOptions = {},
  g = new Graph(),
  batchOf: (g: Graph, model: Model, dtype: FloatType, batch: Dim) => BatchTensors = declareBatch,
): LossGraph {
  const { dtype = 'float32', routing = DEFAULT_ROUTING, batch = BATCH_DIM } = opts;
  const { spec } = model;
  const { params, state } = declareModelInputs(g, model, dtype);
  const { x, y, labelled, noise } = batchOf(g, model, dtype, batch);

  const out = model.train(params, state, x, noise, routing);
  const pred = cccLoss(out.prediction, y);
  let total = mul(pred, labelled);
  for (const c of Object.values(out.reconstruction)) total = add(total, mul(c, spec.lambda));
  return { graph: g, params, state, total, pred, reconstruction: out.reconstruction, nextState: out.state };
}

export interface TrainStepOptions extends LossOptions {
  adam?: Partial<AdamOptions>;
}

/** One step's results: the next value of each input it updates (by input name: p.*, m.*, v.*, s.*) and its losses (by name, without `loss.`). */
interface StepResult {
  next: Record<string, Tensor>;
  losses: Record<string, Tensor>;
}

/** Appends the gradient and Adam to a loss graph; declares the m.* and v.* inputs. */
function appendUpdate(model: Model, L: LossGraph, step: Tensor, lr: Tensor, opts: TrainStepOptions): StepResult {
  const adam = { ...DEFAULT_ADAM, ...opts.adam };
  const g = L.graph;
  const dtype = opts.dtype ?? 'float32';
  const names = model.params.map((p) => p.name);
  const grads = grad(
    L.total,
    names.map((n) => L.params[n]),
  );
  const scalars = adamScalars(step, lr, adam);
  const next: Record<string, Tensor> = {};
  names.forEach((name, i) => {
    const p = model.params[i];
    const m = g.input(`m.${name}`, dtype, p.shape);
    const v = g.input(`v.${name}`, dtype, p.shape);
    const u = adamUpdate(L.params[name], grads[i], m, v, scalars, adam);
    next[`p.${name}`] = u.p;
    next[`m.${name}`] = u.m;
    next[`v.${name}`] = u.v;
  });
  for (const [name, t] of Object.entries(L.nextState)) next[`s.${name}`] = t;
  const losses: Record<string, Tensor> = { total: L.total, pred: L.pred };
  for (const [name, t] of Object.entries(L.reconstruction)) losses[`rec.${name}`] = t;
  return { next, losses };
}

export function buildTrainStep(model: Model, opts: TrainStepOptions = {}): Graph {
  const L = buildLoss(model, opts);
  const g = L.graph;
  const dtype = opts.dtype ?? 'float32';
  const step = g.input('step', dtype, []);
  const lr = g.input('lr', dtype, []);
  const { next, losses } = appendUpdate(model, L, step, lr, opts);
  for (const [name, t] of Object.entries(next)) g.output(`next.${name}`, t);
  for (const [name, t] of Object.entries(losses)) g.output(`loss.${name}`, t);
  return g;
}

/**
 * train_loop.onnx: `trips` train steps in one run, an ONNX Loop whose body is the train step above.
 * The parameters, moments, running statistics and Adam's t are carried from step to step inside
 * onnxruntime; step i trains on the i-th of the stacked batches.
 *
 * Inputs (T = trips, B = batch, both symbolic): trips [] (int64), p.*, m.*, v.*, s.*, step [] (t of the
 * first step), lr []; xs [T, B, inputs], ys [T, B, outputs], labelled [T], ns.<noise> [T, B, width].
 * Outputs: next.<each carried input> (next.step: t of the step after the last), loss.<name> [T] per step.
 */
export function buildTrainLoop(model: Model, opts: TrainStepOptions = {}): Graph {
  const dtype = opts.dtype ?? 'float32';
  const body = new Graph();
  const iter = body.input('iter', 'int64', []);
  const cond = body.input('cond', 'bool', []);
  const stacked = (name: string, shape: Dim[]) => pick(body.outer(name, dtype, ['trips', ...shape]), iter);
  const L = buildLoss(model, opts, body, (_, m, __, batch) => ({
    x: stacked('xs', [batch, m.spec.inputs]),
    y: stacked('ys', [batch, m.spec.outputs]),
    labelled: stacked('labelled', []),
    noise: Object.fromEntries(m.noise.map((n) => [n.name, stacked(`ns.${n.name}`, [batch, n.width])])),
  }));
  const step = body.input('step', dtype, []);
  const { next, losses } = appendUpdate(model, L, step, body.outer('lr', dtype, []), opts);
  next.step = add(step, 1);
  body.output('cond.next', cond);
  const carried = body.inputs.slice(2);
  for (const t of carried) body.output(`next.${t.name}`, next[t.name!]);
  for (const [name, t] of Object.entries(losses)) body.output(`loss.${name}`, t);

  const g = new Graph();
  const trips = g.input('trips', 'int64', []);
  const initial = carried.map((t) => g.input(t.name!, t.dtype, t.shape));
  for (const r of body.outerRefs) g.input(r.name!, r.dtype, r.shape);
  const outs = loop(trips, initial, body);
  carried.forEach((t, i) => g.output(`next.${t.name}`, outs[i]));
  Object.keys(losses).forEach((name, i) => g.output(`loss.${name}`, outs[carried.length + i]));
  return g;
}
