import type { Model, TensorSpec } from '../spec.js';
import { createRng, type Rng } from '../../dsp/random.js';

export type Values = Record<string, Float64Array>;

function initAll(specs: readonly TensorSpec[], rng: Rng): Values {
  return Object.fromEntries(specs.map((s) => [s.name, s.init(rng)]));
}

/** Initial parameters and running statistics of a model, reproducible from the seed. */
export function initialValues(model: Model, seed: number): { params: Values; state: Values } {
  const rng = createRng(seed);
  return { params: initAll(model.params, rng), state: initAll(model.state, rng) };
}
