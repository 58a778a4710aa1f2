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
import { add, mul } from '../onnx/ops.js';
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

/** Declares the model's inputs and its training loss: labelled * (1 - CCC) + lambda * sum of reconstruction costs. */
export function buildLoss(model: Model, opts: LossOptions = {}): LossGraph {
  const { dtype = 'float32', routing = DEFAULT_ROUTING, batch = BATCH_DIM } = opts;
  const g = new Graph();
  const { spec } = model;
  const { params, state } = declareModelInputs(g, model, dtype);
  const x = g.input('x', dtype, [batch, spec.inputs]);
  const y = g.input('y', dtype, [batch, spec.outputs]);
  const labelled = g.input('labelled', dtype, []);
  const noise = declareNoiseInputs(g, model, dtype, batch);

  const out = model.train(params, state, x, noise, routing);
  const pred = cccLoss(out.prediction, y);
  let total = mul(pred, labelled);
  for (const c of Object.values(out.reconstruction)) total = add(total, mul(c, spec.lambda));
  return { graph: g, params, state, total, pred, reconstruction: out.reconstruction, nextState: out.state };
}

export interface TrainStepOptions extends LossOptions {
  adam?: Partial<AdamOptions>;
}

export function buildTrainStep(model: Model, opts: TrainStepOptions = {}): Graph {
  const adam = { ...DEFAULT_ADAM, ...opts.adam };
  const L = buildLoss(model, opts);
  const g = L.graph;
  const dtype = opts.dtype ?? 'float32';
  const step = g.input('step', dtype, []);
  const lr = g.input('lr', dtype, []);
  const names = model.params.map((p) => p.name);
  const grads = grad(L.total, names.map((n) => L.params[n]));
  const scalars = adamScalars(step, lr, adam);
  names.forEach((name, i) => {
    const p = model.params[i];
    const m = g.input(`m.${name}`, dtype, p.shape);
    const v = g.input(`v.${name}`, dtype, p.shape);
    const next = adamUpdate(L.params[name], grads[i], m, v, scalars, adam);
    g.output(`next.p.${name}`, next.p);
    g.output(`next.m.${name}`, next.m);
    g.output(`next.v.${name}`, next.v);
  });
  for (const [name, t] of Object.entries(L.nextState)) g.output(`next.s.${name}`, t);
  g.output('loss.total', L.total);
  g.output('loss.pred', L.pred);
  for (const [name, t] of Object.entries(L.reconstruction)) g.output(`loss.rec.${name}`, t);
  return g;
}
