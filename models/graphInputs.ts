/** The graph inputs every model graph declares the same way, so that one set of feeds fits them all. */
import type { Dim, FloatType, Graph } from './onnx/graph.js';
import type { Model, Tensors } from './spec.js';

/** The symbolic batch dim of every graph. */
export const BATCH_DIM = 'batch';

/** Declares p.<param> and s.<stat> inputs of the model's shapes. */
export function declareModelInputs(g: Graph, model: Model, dtype: FloatType): { params: Tensors; state: Tensors } {
  const params: Tensors = {};
  for (const p of model.params) params[p.name] = g.input(`p.${p.name}`, dtype, p.shape);
  const state: Tensors = {};
  for (const s of model.state) state[s.name] = g.input(`s.${s.name}`, dtype, s.shape);
  return { params, state };
}

/** Declares n.<noise> inputs, [batch, width] each. */
export function declareNoiseInputs(g: Graph, model: Model, dtype: FloatType, batch: Dim = BATCH_DIM): Tensors {
  const noise: Tensors = {};
  for (const n of model.noise) noise[n.name] = g.input(`n.${n.name}`, dtype, [batch, n.width]);
  return noise;
}
