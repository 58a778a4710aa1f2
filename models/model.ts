import { denseModel } from './dense.js';
import { ladderModel } from './ladder.js';
import type { Model, ModelSpec } from './spec.js';

export function createModel(spec: ModelSpec): Model {
  return spec.kind === 'dense' ? denseModel(spec) : ladderModel(spec);
}
