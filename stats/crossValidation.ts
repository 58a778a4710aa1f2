/**
 * Speaker k-fold cross-validation's pooled statistics. Each labelled speaker is tested in exactly one
 * fold, so concatenating a run's test predictions over the folds scores it on every speaker of the
 * corpus: the pooled CCC. Welch's test then runs over the fold × seed scores, and the paired speaker
 * bootstrap resamples all speakers, through the same functions the evaluate stage uses.
 */
import { mean } from 'simple-statistics';
import type { Attribute, IntervalRow, ModelName, PairedTestRow, ResultRow, SummaryRow } from '../report/types.js';
import { bootstrapMeanCcc, pairedBootstrapMeanCccDifference, type BootstrapOptions } from './bootstrap.js';
import { concordanceCorrelation } from './ccc.js';
import { comparisonsOf, summarize } from './summarize.js';

/** One run's predictions on one fold's test set of a condition. */
export interface FoldPrediction {
  fold: number;
  model: ModelName;
  attribute: Attribute;
  condition: string;
  /** The condition the run was trained for ('clean' for Dense): a condition-specific model has one run per condition on clean speech. */
  trainedFor: string;
  seed: number;
  bestEpoch: number;
  epochs: number;
  speakers: readonly string[];
  truth: ArrayLike<number>;
  predicted: ArrayLike<number>;
}

/** A run's CCC on one fold's test set, as that fold's evaluate/results.csv has it. */
export interface FoldCccRow extends Pick<FoldPrediction, 'fold' | 'model' | 'attribute' | 'condition' | 'trainedFor' | 'seed'> {
  ccc: number;
  utterances: number;
  speakers: number;
}

/** A seed's CCC over every fold's test speakers (for a condition-specific model on clean speech, the mean over the conditions' runs, as evaluate does). */
export interface PooledCccRow {
  model: ModelName;
  attribute: Attribute;
  condition: string;
  seed: number;
  ccc: number;
}

/** Table 2's statistics over fold × seed scores, with the pooled CCC (mean over seeds) and the size of the pooled test set. */
export interface CrossValidationRow extends SummaryRow {
  pooledCcc: number;
  folds: number;
  utterances: number;
  speakers: number;
}

export interface CrossValidationOptions {
  alpha?: number;
  lateEpochFraction?: number;
  bootstrap?: BootstrapOptions;
}

export interface CrossValidation {
  folds: FoldCccRow[];
  pooled: PooledCccRow[];
  summary: CrossValidationRow[];
}

const key = (...parts: (string | number)[]) => parts.join('\u0000');

/** The values of `rows` grouped by `keyOf`, groups in order of first appearance. */
function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return groups;
}

function concatenate(parts: readonly ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(Array.from(p), offset);
    offset += p.length;
  }
  return out;
}

/** Throws unless every speaker of a condition's test sets is tested in one fold only. */
function checkDisjointFolds(predictions: readonly FoldPrediction[]): void {
  const foldOf = new Map<string, number>();
  for (const p of predictions) {
    for (const speaker of p.speakers) {
      const k = key(p.condition, speaker);
      const other = foldOf.get(k);
      if (other !== undefined && other !== p.fold) throw new Error(`speaker ${speaker} is in the ${p.condition} test sets of folds ${other} and ${p.fold}: the folds overlap`);
      foldOf.set(k, p.fold);
    }
  }
}

/** The runs of one model × attribute × condition, each concatenated over the folds (in fold order), with the shared truth and speakers. */
function pooledRuns(group: readonly FoldPrediction[], folds: readonly number[]) {
  const runs = [...groupBy(group, (p) => key(p.trainedFor, p.seed))].map(([, parts]) => {
    const ordered = [...parts].sort((a, b) => a.fold - b.fold);
    const missing = folds.filter((f) => !ordered.some((p) => p.fold === f));
    const first = ordered[0];
    if (missing.length) throw new Error(`${first.model} ${first.attribute} ${first.condition} seed ${first.seed} has no results in fold ${missing.join(', ')}`);
    return { trainedFor: first.trainedFor, seed: first.seed, ordered, predicted: concatenate(ordered.map((p) => p.predicted)) };
  });
  const reference = runs[0].ordered;
  for (const r of runs) {
    r.ordered.forEach((p, i) => {
      if (p.truth.length !== reference[i].truth.length) throw new Error(`fold ${p.fold}: ${p.model} and ${reference[i].model} were scored on different ${p.condition} test sets`);
    });
  }
  return { runs, truth: concatenate(reference.map((p) => p.truth)), speakers: reference.flatMap((p) => [...p.speakers]) };
}

/** The mean of `values` per seed over the runs of different training conditions. */
function meanPerSeed<T extends { seed: number }>(rows: readonly T[], value: (row: T) => number): Map<number, number> {
  return new Map([...groupBy(rows, (r) => String(r.seed))].map(([, g]) => [g[0].seed, mean(g.map(value))]));
}

/** Per-fold CCCs, pooled CCCs and the statistics of Table 2 over the folds. */
export function crossValidate(predictions: readonly FoldPrediction[], options: CrossValidationOptions = {}): CrossValidation {
  checkDisjointFolds(predictions);
  const folds = [...new Set(predictions.map((p) => p.fold))].sort((a, b) => a - b);
  const foldRows: FoldCccRow[] = predictions.map((p) => ({
    fold: p.fold,
    model: p.model,
    attribute: p.attribute,
    condition: p.condition,
    trainedFor: p.trainedFor,
    seed: p.seed,
    ccc: concordanceCorrelation(p.predicted, p.truth),
    utterances: p.truth.length,
    speakers: new Set(p.speakers).size,
  }));

  const pooled: PooledCccRow[] = [];
  const sizes = new Map<string, { utterances: number; speakers: number }>();
  const pooledPredictions = new Map<string, { values: Float64Array[]; truth: Float64Array; speakers: string[] }>();
  for (const [k, group] of groupBy(predictions, (p) => key(p.model, p.attribute, p.condition))) {
    const { model, attribute, condition } = group[0];
    const { runs, truth, speakers } = pooledRuns(group, folds);
    for (const [seed, ccc] of meanPerSeed(runs, (r) => concordanceCorrelation(r.predicted, truth))) pooled.push({ model, attribute, condition, seed, ccc });
    pooledPredictions.set(k, { values: runs.map((r) => r.predicted), truth, speakers });
    sizes.set(k, { utterances: truth.length, speakers: new Set(speakers).size });
  }

  // Welch's test sees every fold × seed score; the seed numbers only keep the rows apart.
  const maxSeed = Math.max(...predictions.map((p) => p.seed));
  const results: ResultRow[] = [];
  for (const [, group] of groupBy(predictions, (p) => key(p.model, p.attribute, p.condition, p.fold))) {
    const scores = group.map((p) => ({ p, ccc: concordanceCorrelation(p.predicted, p.truth) }));
    for (const [, bySeed] of groupBy(scores, (s) => String(s.p.seed))) {
      const { model, attribute, condition, fold, seed, epochs } = bySeed[0].p;
      const bestEpoch = Math.max(...bySeed.map((s) => s.p.bestEpoch));
      results.push({ model, attribute, condition, seed: (fold - 1) * maxSeed + seed, ccc: mean(bySeed.map((s) => s.ccc)), bestEpoch, epochs });
    }
  }

  const intervals: IntervalRow[] = [];
  const pairedTests: PairedTestRow[] = [];
  for (const [k, { values, truth, speakers }] of pooledPredictions) {
    const [model, attribute, condition] = k.split('\u0000') as [ModelName, Attribute, string];
    const ci = bootstrapMeanCcc(values, truth, speakers, options.bootstrap);
    intervals.push({ model, attribute, condition, ciLow: ci.low, ciHigh: ci.high });
    for (const { versus, reference } of comparisonsOf(model)) {
      const other = pooledPredictions.get(key(reference, attribute, condition));
      if (!other) continue;
      pairedTests.push({ model, versus, attribute, condition, p: pairedBootstrapMeanCccDifference(values, other.values, truth, speakers, options.bootstrap).p });
    }
  }
  const summary = summarize(results, { alpha: options.alpha, lateEpochFraction: options.lateEpochFraction, intervals, pairedTests }).map((s) => {
    const k = key(s.model, s.attribute, s.condition);
    const seeds = pooled.filter((p) => key(p.model, p.attribute, p.condition) === k);
    return { ...s, pooledCcc: mean(seeds.map((p) => p.ccc)), folds: folds.length, ...sizes.get(k)! };
  });
  return { folds: foldRows, pooled, summary };
}
