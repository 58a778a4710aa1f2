/**
 * Seed statistics of the evaluation results (the content of Table 2): mean and standard deviation of
 * CCC over seeds, Welch's t-tests of every model against Dense and of DLN against LN (section 5) with
 * the paired speaker-bootstrap tests of the same comparisons next to them, the significance marks of
 * both, and a convergence check per run.
 */
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { welchTTest } from './welchTTest.js';
import { ATTRIBUTES } from '../data/attributes.js';
import { MODEL_NAMES } from '../models/names.js';
import type { IntervalRow, ModelName, PairedTestRow, ResultRow, SummaryRow } from '../report/types.js';

/** The models tested against LN by default: the paper tests DLN only. */
export const LN_COMPARISONS: readonly ModelName[] = ['dln'];

export interface SummarizeOptions {
  /** Significance threshold: a difference counts at p ≤ alpha (the paper's 0.05). */
  alpha?: number;
  /** Models tested against LN (the paper tests DLN only). */
  lnComparisons?: readonly ModelName[];
  /** A run whose best epoch lies in this last fraction of its budget is flagged as not converged. */
  lateEpochFraction?: number;
  /** Speaker-bootstrap intervals to attach to the summary rows. */
  intervals?: readonly IntervalRow[];
  /** Paired speaker-bootstrap tests to attach to the summary rows (next to the Welch p of the same comparison). */
  pairedTests?: readonly PairedTestRow[];
}

/**
 * True when the best epoch (counted from 1) lies in the last `lateEpochFraction` of the budget: the
 * dev CCC was still rising when training stopped. The final epoch is always in that part.
 */
export function isUnconverged(run: Pick<ResultRow, 'bestEpoch' | 'epochs'>, lateEpochFraction = 0.05): boolean {
  return run.bestEpoch > run.epochs * (1 - lateEpochFraction);
}

const keyOf = (model: string, attribute: string, condition: string) => `${model}\u0000${attribute}\u0000${condition}`;

/** Welch p-value of a against b, or undefined when either side has fewer than two seeds. */
function welchP(a: readonly number[] | undefined, b: readonly number[] | undefined): number | undefined {
  if (!a || !b || a.length < 2 || b.length < 2) return undefined;
  return welchTTest(a, b).p;
}

/**
 * One summary row per model × attribute × condition present in the results, ordered by model (as in
 * MODEL_NAMES), attribute, then condition in order of first appearance.
 */
export function summarize(results: readonly ResultRow[], options: SummarizeOptions = {}): SummaryRow[] {
  const { alpha = 0.05, lnComparisons = LN_COMPARISONS, lateEpochFraction = 0.05, intervals = [], pairedTests = [] } = options;
  const groups = new Map<string, ResultRow[]>();
  const conditions: string[] = [];
  const seen = new Set<string>();
  for (const row of results) {
    const seedKey = `${keyOf(row.model, row.attribute, row.condition)}\u0000${row.seed}`;
    if (seen.has(seedKey)) throw new Error(`duplicate result: ${row.model} ${row.attribute} ${row.condition} seed ${row.seed}`);
    seen.add(seedKey);
    if (!conditions.includes(row.condition)) conditions.push(row.condition);
    const key = keyOf(row.model, row.attribute, row.condition);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const cccs = (model: ModelName, attribute: string, condition: string) => groups.get(keyOf(model, attribute, condition))?.map((r) => r.ccc);
  const intervalByKey = new Map(intervals.map((i) => [keyOf(i.model, i.attribute, i.condition), i]));
  const pairedP = (versus: PairedTestRow['versus'], model: ModelName, attribute: string, condition: string) =>
    pairedTests.find((t) => t.versus === versus && t.model === model && t.attribute === attribute && t.condition === condition)?.p;

  const summary: SummaryRow[] = [];
  for (const model of MODEL_NAMES) {
    for (const attribute of ATTRIBUTES) {
      for (const condition of conditions) {
        const runs = groups.get(keyOf(model, attribute, condition));
        if (!runs) continue;
        const values = runs.map((r) => r.ccc);
        const m = mean(values);
        const denseValues = cccs('dense', attribute, condition);
        const lnValues = cccs('ln', attribute, condition);
        const pVsDense = model === 'dense' ? undefined : welchP(values, denseValues);
        const pVsLn = lnComparisons.includes(model) && model !== 'ln' ? welchP(values, lnValues) : undefined;
        const interval = intervalByKey.get(keyOf(model, attribute, condition));
        const pSpeakersVsDense = model === 'dense' ? undefined : pairedP('dense', model, attribute, condition);
        const pSpeakersVsLn = lnComparisons.includes(model) && model !== 'ln' ? pairedP('ln', model, attribute, condition) : undefined;
        summary.push({
          model,
          attribute,
          condition,
          nSeeds: values.length,
          mean: m,
          sd: values.length > 1 ? sampleStandardDeviation(values) : NaN,
          ciLow: interval?.ciLow ?? NaN,
          ciHigh: interval?.ciHigh ?? NaN,
          ...(pVsDense === undefined ? {} : { pVsDense }),
          ...(pVsLn === undefined ? {} : { pVsLn }),
          beatsDense: pVsDense !== undefined && pVsDense <= alpha && m > mean(denseValues!),
          beatsLn: pVsLn !== undefined && pVsLn <= alpha && m > mean(lnValues!),
          ...(pSpeakersVsDense === undefined ? {} : { pSpeakersVsDense }),
          ...(pSpeakersVsLn === undefined ? {} : { pSpeakersVsLn }),
          beatsDenseBySpeakers: pSpeakersVsDense !== undefined && denseValues !== undefined && pSpeakersVsDense <= alpha && m > mean(denseValues),
          beatsLnBySpeakers: pSpeakersVsLn !== undefined && lnValues !== undefined && pSpeakersVsLn <= alpha && m > mean(lnValues),
          nUnconverged: runs.filter((r) => isUnconverged(r, lateEpochFraction)).length,
        });
      }
    }
  }
  return summary;
}
