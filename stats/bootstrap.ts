/**
 * Speaker-level bootstrap confidence intervals. Utterances of one speaker are not independent (the
 * same voice, channel and labelling habits), so the resampling unit is the speaker: each draw picks
 * as many speakers as the test set has, with replacement, and takes all their utterances. The
 * interval is the percentile interval of the statistic over the draws.
 */
import { createRng } from '../dsp/random.js';
import { concordanceFromSums, pairSums, type PairSums } from './ccc.js';
import { percentileOfSorted } from './robustNormalization.js';

export interface BootstrapOptions {
  /** Number of bootstrap draws (default 1,000, as in the issue). */
  draws?: number;
  /** Seed of the resampling, so the interval is reproducible (default 1). */
  seed?: number;
  /** Coverage of the interval (default 0.95). */
  confidenceLevel?: number;
}

export interface BootstrapInterval {
  /** The statistic on the full set. */
  estimate: number;
  low: number;
  high: number;
  /** Draws whose statistic was defined (a draw of one constant speaker can give NaN; those are left out). */
  validDraws: number;
  speakers: number;
  utterances: number;
}

/** Utterance indices grouped by speaker, speakers in order of first appearance. */
function groupBySpeaker(speakers: readonly string[]): number[][] {
  const groups = new Map<string, number[]>();
  speakers.forEach((speaker, i) => {
    const group = groups.get(speaker);
    if (group) group.push(i);
    else groups.set(speaker, [i]);
  });
  return [...groups.values()];
}

/**
 * Core loop: `statisticOfCounts(counts)` gets how many times each speaker group was drawn; returns
 * the defined values over the draws, sorted. Every public function goes through here, so equal seeds
 * give equal draws whichever statistic is used.
 */
function drawStatistics(groupCount: number, statisticOfCounts: (counts: Uint32Array) => number, options: BootstrapOptions): number[] {
  const { draws = 1000, seed = 1 } = options;
  const rng = createRng(seed);
  const counts = new Uint32Array(groupCount);
  const values: number[] = [];
  for (let d = 0; d < draws; d++) {
    counts.fill(0);
    for (let k = 0; k < groupCount; k++) counts[rng.int(groupCount)]++;
    const value = statisticOfCounts(counts);
    if (Number.isFinite(value)) values.push(value);
  }
  return values.sort((x, y) => x - y);
}

/** The percentile interval of sorted draws (percentiles interpolate between order statistics, numpy's default, as in the feature normalisation). */
function percentiles(sorted: readonly number[], confidenceLevel: number): { low: number; high: number } {
  const tailPercent = (100 * (1 - confidenceLevel)) / 2;
  return { low: percentileOfSorted(sorted, tailPercent), high: percentileOfSorted(sorted, 100 - tailPercent) };
}

function checkedLevel(options: BootstrapOptions): number {
  const { confidenceLevel = 0.95 } = options;
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) throw new RangeError(`confidenceLevel must lie in (0, 1), got ${confidenceLevel}`);
  return confidenceLevel;
}

function percentileInterval(
  groupCount: number,
  estimate: number,
  statisticOfCounts: (counts: Uint32Array) => number,
  options: BootstrapOptions,
): { estimate: number; low: number; high: number; validDraws: number } {
  const confidenceLevel = checkedLevel(options);
  if (groupCount === 0) return { estimate, low: NaN, high: NaN, validDraws: 0 };
  const values = drawStatistics(groupCount, statisticOfCounts, options);
  return { estimate, ...percentiles(values, confidenceLevel), validDraws: values.length };
}

/**
 * Bootstrap interval of any statistic of a set of utterances. `speakers[i]` is the speaker of
 * utterance i; `statistic` receives the utterance indices of one resampled set (a speaker drawn twice
 * contributes its utterances twice).
 */
export function speakerBootstrap(speakers: readonly string[], statistic: (indices: readonly number[]) => number, options: BootstrapOptions = {}): BootstrapInterval {
  const groups = groupBySpeaker(speakers);
  const all = speakers.map((_, i) => i);
  const interval = percentileInterval(
    groups.length,
    statistic(all),
    (counts) => {
      const indices: number[] = [];
      counts.forEach((count, g) => {
        for (let c = 0; c < count; c++) indices.push(...groups[g]);
      });
      return statistic(indices);
    },
    options,
  );
  return { ...interval, speakers: groups.length, utterances: speakers.length };
}

function checkPredictions(predictionsPerSeed: readonly ArrayLike<number>[], target: ArrayLike<number>, speakers: readonly string[], what: string): void {
  if (predictionsPerSeed.length === 0) throw new RangeError(`${what} needs predictions of at least one seed`);
  predictionsPerSeed.forEach((prediction, s) => {
    if (prediction.length !== target.length) throw new RangeError(`seed ${s}: ${prediction.length} predictions for ${target.length} targets`);
  });
  if (speakers.length !== target.length) throw new RangeError(`${speakers.length} speakers for ${target.length} targets`);
}

/**
 * The mean over seeds of the CCC on a resampled set, as a function of each speaker group's draw count.
 * Works from per-speaker sums, so a draw costs O(speakers × seeds), not O(utterances × seeds).
 */
function meanCccOfCounts(predictionsPerSeed: readonly ArrayLike<number>[], target: ArrayLike<number>, groups: readonly number[][]): (counts: ArrayLike<number>) => number {
  let offset = 0;
  for (let i = 0; i < target.length; i++) offset += target[i] / target.length;
  const sumsPerSeed: PairSums[][] = predictionsPerSeed.map((prediction) => groups.map((g) => pairSums(prediction, target, g, offset)));
  return (counts) => {
    let total = 0;
    for (const seedSums of sumsPerSeed) {
      const s: PairSums = { count: 0, sumPrediction: 0, sumTarget: 0, sumPredictionSquared: 0, sumTargetSquared: 0, sumProduct: 0 };
      for (let g = 0; g < seedSums.length; g++) {
        const c = counts[g];
        if (c === 0) continue;
        const gs = seedSums[g];
        s.count += c * gs.count;
        s.sumPrediction += c * gs.sumPrediction;
        s.sumTarget += c * gs.sumTarget;
        s.sumPredictionSquared += c * gs.sumPredictionSquared;
        s.sumTargetSquared += c * gs.sumTargetSquared;
        s.sumProduct += c * gs.sumProduct;
      }
      total += concordanceFromSums(s);
    }
    return total / sumsPerSeed.length;
  };
}

/**
 * Bootstrap interval of the mean CCC over seeds: each draw resamples the speakers once and averages
 * the CCC of every seed's predictions on that same resampled set, so the interval reflects test-set
 * sampling of the seed-averaged score in Table 2.
 */
export function bootstrapMeanCcc(
  predictionsPerSeed: readonly ArrayLike<number>[],
  target: ArrayLike<number>,
  speakers: readonly string[],
  options: BootstrapOptions = {},
): BootstrapInterval {
  checkPredictions(predictionsPerSeed, target, speakers, 'bootstrapMeanCcc');
  const groups = groupBySpeaker(speakers);
  const meanOverSeeds = meanCccOfCounts(predictionsPerSeed, target, groups);
  const interval = percentileInterval(groups.length, meanOverSeeds(new Uint32Array(groups.length).fill(1)), meanOverSeeds, options);
  return { ...interval, speakers: groups.length, utterances: speakers.length };
}

export interface PairedBootstrapTest extends BootstrapInterval {
  /**
   * Two-sided bootstrap p of "no difference": twice the smaller share of draws on either side of 0
   * (at most 1). p ≤ α exactly when 0 lies outside the (1 − α) percentile interval of the difference.
   */
  p: number;
}

/**
 * Paired speaker-bootstrap test of the difference of two models' seed-averaged CCC (A − B) on one test
 * set: each draw resamples the test speakers once, and both models are scored on that same resampled
 * set (each the mean over its seeds of the CCC), so what the speakers share cancels in the difference.
 * The two models may have different numbers of seeds.
 */
export function pairedBootstrapMeanCccDifference(
  predictionsA: readonly ArrayLike<number>[],
  predictionsB: readonly ArrayLike<number>[],
  target: ArrayLike<number>,
  speakers: readonly string[],
  options: BootstrapOptions = {},
): PairedBootstrapTest {
  checkPredictions(predictionsA, target, speakers, 'pairedBootstrapMeanCccDifference (model A)');
  checkPredictions(predictionsB, target, speakers, 'pairedBootstrapMeanCccDifference (model B)');
  const confidenceLevel = checkedLevel(options);
  const groups = groupBySpeaker(speakers);
  const meanA = meanCccOfCounts(predictionsA, target, groups);
  const meanB = meanCccOfCounts(predictionsB, target, groups);
  const difference = (counts: ArrayLike<number>) => meanA(counts) - meanB(counts);
  const estimate = difference(new Uint32Array(groups.length).fill(1));
  const sizes = { speakers: groups.length, utterances: speakers.length };
  if (groups.length === 0) return { estimate, low: NaN, high: NaN, validDraws: 0, p: NaN, ...sizes };
  const values = drawStatistics(groups.length, difference, options);
  const atOrBelow = values.filter((v) => v <= 0).length / values.length;
  const atOrAbove = values.filter((v) => v >= 0).length / values.length;
  return { estimate, ...percentiles(values, confidenceLevel), validDraws: values.length, p: Math.min(1, 2 * Math.min(atOrBelow, atOrAbove)), ...sizes };
}
