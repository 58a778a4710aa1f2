/** Accuracy figures of an SNR estimator against known SNRs, per nominal level and pooled. */

export interface SnrEstimate {
  /** The reference SNR of the file (dB). */
  trueSnrDb: number;
  estimatedSnrDb: number;
}

export interface SnrErrorSummary {
  /** The nominal level of the group (dB); NaN for the pooled row. */
  levelDb: number;
  count: number;
  /** Mean |estimate − truth| (dB). */
  meanAbsoluteErrorDb: number;
  /** Mean (estimate − truth) (dB); positive means the estimator reads high. */
  biasDb: number;
  /** Largest |estimate − truth| (dB). */
  maxAbsoluteErrorDb: number;
}

function summarise(levelDb: number, items: SnrEstimate[]): SnrErrorSummary {
  let absSum = 0;
  let sum = 0;
  let max = 0;
  for (const { trueSnrDb, estimatedSnrDb } of items) {
    const error = estimatedSnrDb - trueSnrDb;
    absSum += Math.abs(error);
    sum += error;
    max = Math.max(max, Math.abs(error));
  }
  return { levelDb, count: items.length, meanAbsoluteErrorDb: absSum / items.length, biasDb: sum / items.length, maxAbsoluteErrorDb: max };
}

/**
 * Groups estimates by the reference SNR rounded to `levelStepDb` (e.g. 5 dB puts 3.26 dB with 5 dB),
 * keeps those with levels in [minLevelDb, maxLevelDb], and returns one row per level (ascending) followed
 * by the pooled row (levelDb NaN). Estimates that are NaN count as failures and are rejected with an error,
 * since a silent failure would flatter the figures.
 */
export function snrErrorByLevel(estimates: SnrEstimate[], { levelStepDb = 5, minLevelDb = -Infinity, maxLevelDb = Infinity } = {}): SnrErrorSummary[] {
  if (estimates.some((e) => Number.isNaN(e.estimatedSnrDb))) throw new Error('snrErrorByLevel: an estimate is NaN');
  const groups = new Map<number, SnrEstimate[]>();
  for (const e of estimates) {
    const level = Math.round(e.trueSnrDb / levelStepDb) * levelStepDb;
    if (level < minLevelDb || level > maxLevelDb) continue;
    groups.set(level, [...(groups.get(level) ?? []), e]);
  }
  const levels = [...groups.keys()].sort((a, b) => a - b);
  const rows = levels.map((level) => summarise(level, groups.get(level)!));
  const pooled = levels.flatMap((level) => groups.get(level)!);
  if (pooled.length > 0) rows.push(summarise(NaN, pooled));
  return rows;
}
