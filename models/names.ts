import type { ModelKind } from './spec.js';

/** Every model the pipeline trains, evaluates, reports and predicts with, in the paper's Table 2 order: the one list. */
export const MODEL_NAMES = ['dense', 'dense_adabn', 'ln', 'ln_adabn', 'dln', 'dln_adabn', 'dln_he'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** The models made from a trained one by re-estimating its batch-norm statistics (AdaBN), with the model each adapts. */
export const ADAPTED_FROM = { dense_adabn: 'dense', ln_adabn: 'ln', dln_adabn: 'dln' } as const satisfies Partial<Record<ModelName, ModelName>>;
export type AdaptedModel = keyof typeof ADAPTED_FROM;

/** The models trained from scratch; an adapted one is made from a trained one. */
export type TrainedModelName = Exclude<ModelName, AdaptedModel>;

/** The network each trained model is. */
export const MODEL_KIND: Record<TrainedModelName, ModelKind> = { dense: 'dense', ln: 'ln', dln: 'dln', dln_he: 'dln_he' };
