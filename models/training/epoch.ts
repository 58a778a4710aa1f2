/**
 * One training epoch: a pass over the labelled set in shuffled mini-batches, each followed (for the
 * ladders) by an unlabelled mini-batch, as the paper alternates them (section 3). The unlabelled set is
 * walked in its own shuffled order and wraps around, whatever its size.
 */
import { createRng, type Rng } from '../../dsp/random.js';
import type { Losses, Trainer } from './trainer.js';

/** Row-major features (and targets) of `rows` utterances. */
export interface RowSet {
  x: Float32Array;
  rows: number;
  /** [rows, outputs]; absent for unlabelled data. */
  y?: Float32Array;
}

export interface EpochOptions {
  batch: number;
  /** Seeds the shuffles of this epoch (e.g. seed * 1000 + epoch). */
  seed: number;
  /** Drop a last labelled batch smaller than this (batch-norm statistics of a few rows are noise). */
  minBatch?: number;
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

function gather(src: Float32Array, width: number, idx: ArrayLike<number>, out: Float32Array): Float32Array {
  for (let r = 0; r < idx.length; r++) out.set(src.subarray(idx[r] * width, (idx[r] + 1) * width), r * width);
  return out;
}

function accumulate(sum: Losses, l: Losses): void {
  for (const [k, v] of Object.entries(l)) sum[k] = (sum[k] ?? 0) + v;
}

function mean(sum: Losses, n: number): Losses {
  return Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, v / Math.max(n, 1)]));
}

export async function runEpoch(trainer: Trainer, labelled: RowSet, unlabelled: RowSet | undefined, o: EpochOptions): Promise<EpochResult> {
  const { inputs: D, outputs: K } = trainer.model.spec;
  if (!labelled.y) throw new Error('runEpoch: the labelled set has no targets');
  const minBatch = o.minBatch ?? Math.min(o.batch, 16);
  const rng = createRng(o.seed);
  const order = permutation(labelled.rows, rng);
  const unlOrder = unlabelled && unlabelled.rows > 0 ? permutation(unlabelled.rows, rng) : undefined;
  let unlPos = 0;
  const x = new Float32Array(o.batch * D);
  const y = new Float32Array(o.batch * K);
  const ux = new Float32Array(o.batch * D);
  const lab: Losses = {};
  const unl: Losses = {};
  let nLab = 0;
  let nUnl = 0;
  for (let start = 0; start < labelled.rows; start += o.batch) {
    const idx = order.subarray(start, Math.min(start + o.batch, labelled.rows));
    if (idx.length < minBatch) break;
    const n = idx.length;
    gather(labelled.x, D, idx, x);
    gather(labelled.y, K, idx, y);
    accumulate(lab, await trainer.trainStep(x.subarray(0, n * D), y.subarray(0, n * K), n));
    nLab++;
    if (unlOrder && unlabelled) {
      const uIdx = Uint32Array.from({ length: Math.min(o.batch, unlabelled.rows) }, () => {
        const i = unlOrder[unlPos];
        unlPos = (unlPos + 1) % unlOrder.length;
        return i;
      });
      gather(unlabelled.x, D, uIdx, ux);
      accumulate(unl, await trainer.trainStep(ux.subarray(0, uIdx.length * D), undefined, uIdx.length));
      nUnl++;
    }
  }
  return { labelled: mean(lab, nLab), unlabelled: mean(unl, nUnl), steps: nLab + nUnl };
}
