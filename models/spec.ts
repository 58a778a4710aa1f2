/**
 * What defines a model: its kind, sizes and regularisation. The defaults are the paper's (sections 4.3, 4.4)
 * and, where the paper is silent, the PyTorch reference's (shared/reference/dln_torch.py).
 */
import type { Tensor } from './onnx/graph.js';
import type { Rng } from '../dsp/random.js';

/** The networks: every model of `names.ts` is one of them. */
export const MODEL_KINDS = ['dense', 'ln', 'dln', 'dln_he'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface ModelSpec {
  kind: ModelKind;
  /** Input features (6,373 ComParE functionals). */
  inputs: number;
  /** Widths of the two hidden layers. */
  hidden: readonly [number, number];
  /** DLN, DLN+he: units of the last hidden layer in the emotion embedding (the first ones). */
  emotion: number;
  /** 1 (one model per attribute) or 3 (multi-task: arousal, valence, dominance). */
  outputs: number;
  /** Dense: dropout rate before each hidden layer. */
  denseDropout: number;
  /** Ladders: dropout rate on the corrupted pass's input. */
  inputDropout: number;
  /** Ladders: std of the Gaussian noise on the input and every normalised pre-activation of the corrupted pass (Rasmus et al.'s 0.3). */
  noiseStd: number;
  /** Ladders: leaky-ReLU cells of each AMLP combinator. */
  cells: number;
  /** Ladders: slope of the AMLP's leaky ReLU. */
  slope: number;
  /** Weight lambda of every reconstruction cost. */
  lambda: number;
  /** Momentum of the running batch-norm averages (PyTorch convention). */
  bnMomentum: number;
  /** Ladders: stop the gradient through the clean pass's targets (the reference lets it flow). */
  detachTargets: boolean;
}

export const DEFAULT_SPEC: Omit<ModelSpec, 'kind'> = {
  inputs: 6373,
  hidden: [256, 256],
  emotion: 128,
  outputs: 1,
  denseDropout: 0.5,
  inputDropout: 0.1,
  noiseStd: 0.3,
  cells: 4,
  slope: 0.1,
  lambda: 1,
  bnMomentum: 0.1,
  detachTargets: false,
};

export function modelSpec(kind: ModelKind, overrides: Partial<Omit<ModelSpec, 'kind'>> = {}): ModelSpec {
  const spec = { ...DEFAULT_SPEC, ...overrides, kind };
  if ((kind === 'dln' || kind === 'dln_he') && !(spec.emotion > 0 && spec.emotion < spec.hidden[1])) {
    throw new Error(`emotion embedding (${spec.emotion}) must be inside the last hidden layer (${spec.hidden[1]})`);
  }
  return spec;
}

/** A named tensor of the model (parameter or running statistic) with its initial value. */
export interface TensorSpec {
  name: string;
  shape: number[];
  init: (rng: Rng) => Float64Array;
}

/** Graph tensors of a model, by name. */
export type Tensors = Record<string, Tensor>;

export interface TrainOutputs {
  /** Prediction of the corrupted (ladders) or dropped-out (Dense) pass, [batch, outputs]. */
  prediction: Tensor;
  /** Reconstruction costs by layer name (none for Dense). */
  reconstruction: Record<string, Tensor>;
  /** Updated running statistics, by state name. */
  state: Tensors;
}

/** Which half of the DLN's last hidden layer feeds the output layer and the decoder top (Figure 3 analyses). */
export interface Routing {
  head: 'emotion' | 'reconstruction';
  decoderTop: 'reconstruction' | 'emotion';
}

export const DEFAULT_ROUTING: Routing = { head: 'emotion', decoderTop: 'reconstruction' };

export interface Model {
  readonly spec: ModelSpec;
  /** Trained parameters. */
  readonly params: readonly TensorSpec[];
  /** Running batch-norm statistics (updated by the train step, used at inference). */
  readonly state: readonly TensorSpec[];
  /** Per-step standard-normal inputs, each [batch, width] (noise and dropout draws). */
  readonly noise: readonly { name: string; width: number }[];
  /** Training-mode pass: prediction, reconstruction costs, new running statistics. */
  train(p: Tensors, s: Tensors, x: Tensor, noise: Tensors, routing?: Routing): TrainOutputs;
  /** Inference-mode prediction (running statistics, no noise or dropout), [batch, outputs]. */
  predict(p: Tensors, s: Tensors, x: Tensor, routing?: Routing): Tensor;
  /** Batch means and biased variances of every batch-normalised pre-activation, clean pass (for AdaBN). */
  batchStats(p: Tensors, x: Tensor): Tensors;
}

/** PyTorch's default Linear initialisation: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
export function uniformInit(size: number, fanIn: number): (rng: Rng) => Float64Array {
  const bound = 1 / Math.sqrt(fanIn);
  return (rng) => Float64Array.from({ length: size }, () => (2 * rng.uniform() - 1) * bound);
}

export function constantInit(size: number, value: number): () => Float64Array {
  return () => new Float64Array(size).fill(value);
}
