import type { ModelKind } from './spec.js';

/** Every model the pipeline trains, evaluates, reports and predicts with, in the paper's Table 2 order: the one list. */
export const MODEL_NAMES = ['dense', 'dense_adabn', 'ln', 'dln', 'dln_he'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** The models trained from scratch; an adapted one (Dense+AdaBN) is made from a trained one. */
export type TrainedModelName = Exclude<ModelName, 'dense_adabn'>;

/** The network each trained model is. */
export const MODEL_KIND: Record<TrainedModelName, ModelKind> = { dense: 'dense', ln: 'ln', dln: 'dln', dln_he: 'dln_he' };
