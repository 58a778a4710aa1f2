/**
 * One training epoch: a pass over the labelled set in shuffled mini-batches, each followed (for the
 * ladders) by an unlabelled mini-batch, as the paper alternates them (section 3). The unlabelled set is
 * walked in its own shuffled order and wraps around, whatever its size. Consecutive steps of one batch
 * size go to onnxruntime together, `stepsPerRun` at a time.
 */
import { createRng, type Rng } from '../../dsp/random.js';
import type { Losses, TrainBatch, Trainer } from './trainer.js';

/** Row-major features (and targets) of `rows` utterances. */
export interface RowSet {
  x: Float32Array;
  rows: number;
  /** [rows, outputs]; absent for unlabelled data. */
  y?: Float32Array;
}

/** Train steps per session run unless an epoch is told otherwise. */
export const DEFAULT_STEPS_PER_RUN = 8;

export interface EpochOptions {
  batch: number;
  /** Seeds the shuffles of this epoch (e.g. seed * 1000 + epoch). */
  seed: number;
  /** Drop a last labelled batch smaller than this (batch-norm statistics of a few rows are noise). */
  minBatch?: number;
  /** Train steps per session run (default 8); the weights do not depend on it, only the memory for the stacked batches. */
  stepsPerRun?: number;
}

export interface EpochResult {
  /** Mean of each loss over the epoch's labelled steps. */
  labelled: Losses;
  /** Mean of each loss over its unlabelled steps (empty without unlabelled data). */
  unlabelled: Losses;
  steps: number;
}

function permutation(n: number, rng: Rng): Uint32Array {
  const p = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

function accumulate(sum: Losses, l: Losses): void {
  for (const [k, v] of Object.entries(l)) sum[k] = (sum[k] ?? 0) + v;
}

function mean(sum: Losses, n: number): Losses {
  return Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, v / Math.max(n, 1)]));
}

export async function runEpoch(trainer: Trainer, labelled: RowSet, unlabelled: RowSet | undefined, o: EpochOptions): Promise<EpochResult> {
  if (!labelled.y) throw new Error('runEpoch: the labelled set has no targets');
  const minBatch = o.minBatch ?? Math.min(o.batch, 16);
  const perRun = Math.max(1, o.stepsPerRun ?? DEFAULT_STEPS_PER_RUN);
  const rng = createRng(o.seed);
  const order = permutation(labelled.rows, rng);
  const unlOrder = unlabelled && unlabelled.rows > 0 ? permutation(unlabelled.rows, rng) : undefined;
  let unlPos = 0;
  let pending: TrainBatch[] = [];
  const lab: Losses = {};
  const unl: Losses = {};
  let nLab = 0;
  let nUnl = 0;
  const flush = async () => {
    const losses = await trainer.trainSteps(pending);
    pending.forEach((b, i) => accumulate(b.y ? lab : unl, losses[i]));
    nLab += pending.filter((b) => b.y).length;
    nUnl += pending.filter((b) => !b.y).length;
    pending = [];
  };
  const queue = async (set: RowSet, idx: ArrayLike<number>, withTargets: boolean) => {
    const n = idx.length;
    if (pending.length === perRun || (pending.length > 0 && pending[0].rows !== n)) await flush();
    // The trainer copies the rows straight from the set into its feed.
    pending.push({ x: set.x, y: withTargets ? set.y : undefined, rows: n, idx });
  };
  for (let start = 0; start < labelled.rows; start += o.batch) {
    const idx = order.subarray(start, Math.min(start + o.batch, labelled.rows));
    if (idx.length < minBatch) break;
    await queue(labelled, idx, true);
    if (unlOrder && unlabelled) {
      const uIdx = Uint32Array.from({ length: Math.min(o.batch, unlabelled.rows) }, () => {
        const i = unlOrder[unlPos];
        unlPos = (unlPos + 1) % unlOrder.length;
        return i;
      });
      await queue(unlabelled, uIdx, false);
    }
  }
  if (pending.length > 0) await flush();
  return { labelled: mean(lab, nLab), unlabelled: mean(unl, nUnl), steps: nLab + nUnl };
}
