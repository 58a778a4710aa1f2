import type { ModelKind } from './spec.js';

/** Every model the pipeline trains, evaluates, reports and predicts with, in the paper's Table 2 order (each baseline next to its base): the one list. */
export const MODEL_NAMES = ['dense', 'dense_adabn', 'dense_mct', 'ln', 'ln_adabn', 'dln', 'dln_adabn', 'dln_mct', 'dln_he'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** The models made from a trained one by re-estimating its batch-norm statistics (AdaBN), with the model each adapts. */
export const ADAPTED_FROM = { dense_adabn: 'dense', ln_adabn: 'ln', dln_adabn: 'dln' } as const satisfies Partial<Record<ModelName, ModelName>>;
export type AdaptedModel = keyof typeof ADAPTED_FROM;

/**
 * Multi-condition training (MCT): the models whose labelled data is the clean train and dev sets plus
 * their booth recordings in every condition, with the model each is otherwise.
 */
export const MULTI_CONDITION_OF = { dense_mct: 'dense', dln_mct: 'dln' } as const satisfies Partial<Record<ModelName, ModelName>>;
export type MultiConditionModel = keyof typeof MULTI_CONDITION_OF;
export const isMultiCondition = (model: ModelName): model is MultiConditionModel => model in MULTI_CONDITION_OF;

/** The models trained from scratch; an adapted one is made from a trained one. */
export type TrainedModelName = Exclude<ModelName, AdaptedModel>;
export const TRAINED_MODEL_NAMES = MODEL_NAMES.filter((m): m is TrainedModelName => !(m in ADAPTED_FROM));

/** The network each trained model is. */
export const MODEL_KIND: Record<TrainedModelName, ModelKind> = { dense: 'dense', dense_mct: 'dense', ln: 'ln', dln: 'dln', dln_mct: 'dln', dln_he: 'dln_he' };

/** A trained model that sees no condition's unlabelled recordings (a Dense network): one run per seed, scored on every condition. */
export const isConditionFree = (model: TrainedModelName) => MODEL_KIND[model] === 'dense';
