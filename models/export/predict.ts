/**
 * Inference graphs. `buildPredictGraph` takes parameters as inputs (for evaluation during training,
 * no re-export per epoch); `buildInferGraph` is infer.onnx: raw features in, prediction out, with the
 * train-set normalisation, the +-10 clipping and every weight inside, so that any ONNX runtime runs it alone.
 */
import { Graph, type FloatType } from '../onnx/graph.js';
import { add, clip, div, mul, sub } from '../onnx/ops.js';
import { DEFAULT_ROUTING, type Model, type Routing, type Tensors } from '../spec.js';
import { BATCH_DIM, declareModelInputs, declareNoiseInputs } from '../graphInputs.js';
import { toOnnxBytes } from '../onnx/serialize.js';

export interface PredictOptions {
  dtype?: FloatType;
  routing?: Routing;
}

/** Inputs p.<param>, s.<stat>, x [batch, inputs] (already normalised); output `prediction` [batch, outputs]. */
export function buildPredictGraph(model: Model, opts: PredictOptions = {}): Graph {
  const { dtype = 'float32', routing = DEFAULT_ROUTING } = opts;
  const g = new Graph();
  const { params, state } = declareModelInputs(g, model, dtype);
  const x = g.input('x', dtype, [BATCH_DIM, model.spec.inputs]);
  g.output('prediction', model.predict(params, state, x, routing));
  return g;
}

/**
 * The ladders' reconstruction costs of a batch in training mode (corrupted pass, batch statistics), for the
 * Figure 3b analysis (e.g. the DLN's decoder fed the emotion embedding): inputs as `buildPredictGraph` plus
 * n.<noise>; outputs `rec.<layer>`.
 */
export function buildReconstructionGraph(model: Model, opts: PredictOptions = {}): Graph {
  const { dtype = 'float32', routing = DEFAULT_ROUTING } = opts;
  if (model.spec.kind === 'dense') throw new Error('dense has no decoder');
  const g = new Graph();
  const { params, state } = declareModelInputs(g, model, dtype);
  const x = g.input('x', dtype, [BATCH_DIM, model.spec.inputs]);
  const noise = declareNoiseInputs(g, model, dtype);
  const out = model.train(params, state, x, noise, routing);
  for (const [name, t] of Object.entries(out.reconstruction)) g.output(`rec.${name}`, t);
  return g;
}

/** Per-feature normalisation of the raw features: (x - mean) / std, then clipped. */
export interface Normalisation {
  mean: Float32Array;
  std: Float32Array;
  /** Clip the normalised features to +-clip (the paper's 10). */
  clip: number;
  /**
   * When the model was trained on standardised targets: per output, the train labels' mean and std,
   * so infer.onnx answers on the corpus's label scale (prediction·targetStd + targetMean).
   */
  targetMean?: ArrayLike<number>;
  targetStd?: ArrayLike<number>;
}

export interface ModelValues {
  params: Record<string, ArrayLike<number>>;
  state: Record<string, ArrayLike<number>>;
}

/** infer.onnx's input and output names (runInfer.ts feeds and reads them). */
export const INFER_INPUT = 'features';
export const INFER_OUTPUT = 'prediction';

/**
 * infer.onnx: input `features` [batch, inputs] float32 (raw), output `prediction` [batch, outputs].
 * A feature with zero std is only centred (its std is taken as 1), as it carries no information.
 */
export function buildInferGraph(model: Model, values: ModelValues, norm: Normalisation, routing: Routing = DEFAULT_ROUTING): Graph {
  const D = model.spec.inputs;
  if (norm.mean.length !== D || norm.std.length !== D) throw new Error(`normalisation must have ${D} features`);
  const g = new Graph();
  const constant = (name: string, shape: number[], v: ArrayLike<number>) => {
    if (v.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`${name}: expected shape [${shape}]`);
    return g.constant({ dtype: 'float32', dims: shape, data: Float32Array.from(v) });
  };
  const p: Tensors = {};
  const s: Tensors = {};
  for (const t of model.params) p[t.name] = constant(t.name, t.shape, values.params[t.name]);
  for (const t of model.state) s[t.name] = constant(t.name, t.shape, values.state[t.name]);
  const features = g.input(INFER_INPUT, 'float32', [BATCH_DIM, D]);
  const mean = constant('mean', [D], norm.mean);
  const std = constant(
    'std',
    [D],
    Float32Array.from(norm.std, (v) => (v > 0 ? v : 1)),
  );
  const x = clip(div(sub(features, mean), std), -norm.clip, norm.clip);
  const standardised = model.predict(p, s, x, routing);
  const K = model.spec.outputs;
  const prediction =
    norm.targetMean && norm.targetStd ? add(mul(standardised, constant('targetStd', [K], norm.targetStd)), constant('targetMean', [K], norm.targetMean)) : standardised;
  g.output(INFER_OUTPUT, prediction);
  return g;
}

/** infer.onnx's bytes (see `buildInferGraph`). */
export function inferOnnx(model: Model, values: ModelValues, norm: Normalisation, routing: Routing = DEFAULT_ROUTING): Uint8Array {
  return toOnnxBytes(buildInferGraph(model, values, norm, routing), `${model.spec.kind}_infer`);
}

/** Batch means and biased variances of every batch-normalised layer (clean pass), for AdaBN: outputs `stats.<stat>`. */
export function buildBatchStatsGraph(model: Model, dtype: FloatType = 'float32'): Graph {
  const g = new Graph();
  const { params } = declareModelInputs(g, model, dtype);
  const x = g.input('x', dtype, [BATCH_DIM, model.spec.inputs]);
  for (const [name, t] of Object.entries(model.batchStats(params, x))) g.output(`stats.${name}`, t);
  return g;
}
