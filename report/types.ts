/** The tables the evaluate stage produces and the report reads. */

import type { Attribute } from '../data/attributes.js';
import type { ModelName } from '../models/names.js';

export type { Attribute, ModelName };

/** Display names as in the paper's Table 2. */
export const MODEL_LABELS: Record<ModelName, string> = {
  dense: 'Dense',
  'dense_adabn': 'Dense+AdaBN',
  'dense_mct': 'Dense+MCT',
  ln: 'LN',
  'ln_adabn': 'LN+AdaBN',
  dln: 'DLN',
  'dln_adabn': 'DLN+AdaBN',
  'dln_mct': 'DLN+MCT',
  'dln_he': 'DLN+he',
};

export const ATTRIBUTE_LABELS: Record<Attribute, string> = { arousal: 'Arousal', valence: 'Valence', dominance: 'Dominance' };

/** One trained run evaluated on one test set (`evaluate/results.csv`). */
export interface ResultRow {
  model: ModelName;
  attribute: Attribute;
  /** 'clean' or a recording condition's name (e.g. '10dB'). */
  condition: string;
  seed: number;
  ccc: number;
  /** Epoch (counted from 1) whose dev CCC was best, i.e. the one the run reports. */
  bestEpoch: number;
  /** The epoch budget of the run. */
  epochs: number;
}

/** Statistics over seeds of one model × attribute × condition (`evaluate/summary.csv`). */
export interface SummaryRow {
  model: ModelName;
  attribute: Attribute;
  condition: string;
  nSeeds: number;
  mean: number;
  /** Sample standard deviation over seeds (n − 1); NaN with a single seed. */
  sd: number;
  /** Speaker-level bootstrap interval of the mean CCC; NaN when none was computed. */
  ciLow: number;
  ciHigh: number;
  /** Two-tailed Welch p against Dense (absent for Dense itself, or with fewer than 2 seeds on a side). */
  pVsDense?: number;
  /** Two-tailed Welch p against LN (for the models compared with LN: DLN by default). */
  pVsLn?: number;
  /** Two-tailed Welch p of a multi-condition model against its base (Dense+MCT: Dense, DLN+MCT: DLN). */
  pVsBase?: number;
  /** Higher mean than Dense and p ≤ the significance threshold: the † of Table 2. */
  beatsDense: boolean;
  /** Higher mean than LN and p ≤ the significance threshold: the * of Table 2. */
  beatsLn: boolean;
  /** Two-sided p of the paired speaker-bootstrap test against Dense (absent where `pVsDense` is, or where not computed). */
  pSpeakersVsDense?: number;
  /** Two-sided p of the paired speaker-bootstrap test against LN. */
  pSpeakersVsLn?: number;
  /** Higher mean than its base and Welch p ≤ the threshold (multi-condition models): the ° of Table 2. */
  beatsBase: boolean;
  /** Two-sided p of the paired speaker-bootstrap test of a multi-condition model against its base. */
  pSpeakersVsBase?: number;
  /** Higher mean than its base and speaker-bootstrap p ≤ the threshold: the ¶ of Table 2. */
  beatsBaseBySpeakers: boolean;
  /** Higher mean than Dense and speaker-bootstrap p ≤ the threshold: the ‡ of Table 2. */
  beatsDenseBySpeakers: boolean;
  /** Higher mean than LN and speaker-bootstrap p ≤ the threshold: the § of Table 2. */
  beatsLnBySpeakers: boolean;
  /** Runs whose best epoch fell in the last part of the budget (they might still have been improving). */
  nUnconverged: number;
}

/** Speaker-bootstrap interval of one model × attribute × condition, computed by the evaluate stage. */
export interface IntervalRow {
  model: ModelName;
  attribute: Attribute;
  condition: string;
  ciLow: number;
  ciHigh: number;
}

/** A paired speaker-bootstrap test of one model against Dense, LN or its base on one attribute and condition, computed by the evaluate stage. */
export interface PairedTestRow {
  model: ModelName;
  /** Dense, LN, or the model a multi-condition one is without multi-condition training ('base'). */
  versus: 'dense' | 'ln' | 'base';
  attribute: Attribute;
  condition: string;
  /** Two-sided p of "no difference in seed-averaged CCC". */
  p: number;
}

/** A recording condition (Table 1); distances in inches as the paper gives them. */
export interface ConditionRow {
  name: string;
  speechDistanceIn: number;
  noiseDistanceIn: number;
  estimatedSnrDb: number;
}

/** One epoch of one training run (`history.csv`). */
export interface HistoryRow {
  model: ModelName;
  attribute: Attribute;
  condition: string;
  seed: number;
  epoch: number;
  trainLoss: number;
  /** NaN for models without a decoder (Dense). */
  reconLoss: number;
  devCcc: number;
}

/** The embedding analysis of section 5.2 (Figure 3), for DLN. */
export interface EmbeddingRow {
  attribute: Attribute;
  condition: string;
  /** CCC with the output layer reading the emotion embedding (the normal DLN). */
  cccEmotion: number;
  /** CCC with the output layer reading the reconstruction embedding instead. */
  cccReconstruction: number;
  /** Input-reconstruction MSE with the decoder reading the emotion embedding instead. */
  mseEmotion: number;
  /** Input-reconstruction MSE with the decoder reading the reconstruction embedding (the normal DLN). */
  mseReconstruction: number;
  /** Hidden layer 1's reconstruction cost, decoder reading the emotion / the reconstruction embedding. */
  mseZ1Emotion: number;
  mseZ1Reconstruction: number;
  /** The reconstruction half of hidden layer 2's cost, decoder reading the emotion / the reconstruction embedding. */
  mseZ2rEmotion: number;
  mseZ2rReconstruction: number;
  /** Input-reconstruction MSE with the input layer's lateral connection cut (NaN when not analysed). */
  mseNoLateralEmotion: number;
  mseNoLateralReconstruction: number;
  /** Input-reconstruction MSE with every lateral connection of the decoder cut, so that it decodes the embedding it reads alone (NaN when not analysed). */
  mseNoLateralsEmotion: number;
  mseNoLateralsReconstruction: number;
}

export interface SetSize {
  set: string;
  utterances: number;
  speakers: number;
}

export interface StageTiming {
  stage: string;
  seconds: number;
  /** e.g. 'done', 'skipped (unchanged)', 'failed'. */
  status?: string;
}

/** What the report's header says about the run. */
export interface RunHeader {
  title?: string;
  /** The run's resolved config, shown as JSON. */
  config: unknown;
  setSizes: SetSize[];
  stageTimings: StageTiming[];
  /** e.g. { node: '20.19.0', 'onnxruntime-node': '1.30.0' }. */
  softwareVersions: Record<string, string>;
  /** When the report was made (ISO string); the caller supplies it so rendering stays pure. */
  generatedAt?: string;
}
