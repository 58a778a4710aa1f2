/**
 * Seed statistics of the evaluation results (the content of Table 2): mean and standard deviation of
 * CCC over seeds, Welch's t-tests of every model against Dense and of DLN against LN (section 5), and of
 * each multi-condition model against the same model trained on clean labelled data only, with
 * the paired speaker-bootstrap tests of the same comparisons next to them, the significance marks of
 * both, and a convergence check per run.
 */
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { welchTTest } from './welchTTest.js';
import { ATTRIBUTES } from '../data/attributes.js';
import { isMultiCondition, MODEL_NAMES, MULTI_CONDITION_OF } from '../models/names.js';
import type { IntervalRow, ModelName, PairedTestRow, ResultRow, SummaryRow } from '../report/types.js';

/** The models tested against LN by default: the paper tests DLN only. */
export const LN_COMPARISONS: readonly ModelName[] = ['dln'];

/** One of Table 2's comparisons: a model against `reference`, reported in the summary's columns for `versus`. */
export interface Comparison {
  versus: PairedTestRow['versus'];
  reference: ModelName;
}

/**
 * Table 2's comparisons of a model, the one definition that Welch's tests and the paired speaker
 * bootstrap both follow: every model against Dense, the LN comparisons against LN, and a
 * multi-condition model against its base (Dense+MCT against Dense, DLN+MCT against DLN).
 */
export function comparisonsOf(model: ModelName, lnComparisons: readonly ModelName[] = LN_COMPARISONS): Comparison[] {
  return [
    ...(model === 'dense' ? [] : [{ versus: 'dense', reference: 'dense' } as const]),
    ...(lnComparisons.includes(model) && model !== 'ln' ? [{ versus: 'ln', reference: 'ln' } as const] : []),
    ...(isMultiCondition(model) ? [{ versus: 'base', reference: MULTI_CONDITION_OF[model] } as const] : []),
  ];
}

/** The statistics of a summary row as evaluate/summary.csv and crossval/summary.csv write them, in order. */
export const SUMMARY_STATISTIC_COLUMNS = [
  'nSeeds',
  'mean',
  'sd',
  'ciLow',
  'ciHigh',
  'pVsDense',
  'pSpeakersVsDense',
  'pVsLn',
  'pSpeakersVsLn',
  'pVsBase',
  'pSpeakersVsBase',
] as const satisfies readonly (keyof SummaryRow)[];

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

/** The entries whose value is defined: a comparison not made leaves its p out of the row. */
const definedOnly = (entries: Record<string, number | undefined>) => Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as Record<string, number>;

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
        const interval = intervalByKey.get(keyOf(model, attribute, condition));
        const tested: Partial<Record<PairedTestRow['versus'], { welch?: number; speakers?: number; beats: boolean; beatsBySpeakers: boolean }>> = {};
        for (const { versus, reference } of comparisonsOf(model, lnComparisons)) {
          const other = cccs(reference, attribute, condition);
          const welch = welchP(values, other);
          const speakers = pairedP(versus, model, attribute, condition);
          const higher = other !== undefined && m > mean(other);
          tested[versus] = { welch, speakers, beats: welch !== undefined && welch <= alpha && higher, beatsBySpeakers: speakers !== undefined && speakers <= alpha && higher };
        }
        const { dense, ln, base } = tested;
        summary.push({
          model,
          attribute,
          condition,
          nSeeds: values.length,
          mean: m,
          sd: values.length > 1 ? sampleStandardDeviation(values) : NaN,
          ciLow: interval?.ciLow ?? NaN,
          ciHigh: interval?.ciHigh ?? NaN,
          ...definedOnly({ pVsDense: dense?.welch, pVsLn: ln?.welch, pVsBase: base?.welch }),
          beatsDense: dense?.beats ?? false,
          beatsLn: ln?.beats ?? false,
          beatsBase: base?.beats ?? false,
          ...definedOnly({ pSpeakersVsDense: dense?.speakers, pSpeakersVsLn: ln?.speakers, pSpeakersVsBase: base?.speakers }),
          beatsDenseBySpeakers: dense?.beatsBySpeakers ?? false,
          beatsLnBySpeakers: ln?.beatsBySpeakers ?? false,
          beatsBaseBySpeakers: base?.beatsBySpeakers ?? false,
          nUnconverged: runs.filter((r) => isUnconverged(r, lateEpochFraction)).length,
        });
      }
    }
  }
  return summary;
}
