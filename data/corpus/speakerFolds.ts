import { createRng } from '../../dsp/random.js';
import { CorpusError } from './corpusError.js';
import type { LabelledSet, SplitFractions } from './splits.js';

/** Utterances per speaker, speakers in sorted order (so the result does not depend on the corpus's listing order). */
function utteranceCounts(speakerOfItem: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of [...speakerOfItem].sort()) counts.set(s, (counts.get(s) ?? 0) + 1);
  return counts;
}

/**
 * Speaker folds for k-fold cross-validation: speakers are shuffled from `seed`, then, largest first
 * (ties in shuffled order), each goes to the fold holding the fewest utterances so far (ties: fewer
 * speakers, then the lower fold). Every speaker lands in exactly one fold, every fold gets a speaker
 * when there are at least `folds`, and fold sizes differ by at most one speaker's utterances.
 * Returns each speaker's fold, counted from 1.
 */
export function assignSpeakerFolds(speakerOfItem: readonly string[], folds: number, seed: number): Map<string, number> {
  const counts = utteranceCounts(speakerOfItem);
  const order = createRng(seed)
    .shuffle([...counts.keys()])
    .map((speaker, rank) => ({ speaker, rank, count: counts.get(speaker)! }))
    .sort((a, b) => b.count - a.count || a.rank - b.rank);
  const load = Array.from({ length: folds }, () => ({ utterances: 0, speakers: 0 }));
  const foldOf = new Map<string, number>();
  for (const { speaker, count } of order) {
    let best = 0;
    for (let f = 1; f < folds; f++) {
      const [a, b] = [load[f], load[best]];
      if (a.utterances < b.utterances || (a.utterances === b.utterances && a.speakers < b.speakers)) best = f;
    }
    load[best].utterances += count;
    load[best].speakers++;
    foldOf.set(speaker, best + 1);
  }
  return foldOf;
}

/**
 * The labelled sets of the run that tests fold `testFold` (from 1): its speakers form test-clean; of
 * the others, dev takes speakers in the seed's shuffled order while that brings it closer to its share
 * of their utterances (splitFractions.dev against train + dev; at least one speaker), and train the
 * rest. Errors name `corpus.folds`: a speaker must be known for every item, and every fold must leave
 * at least two speakers for train and dev.
 */
export function foldSplit(speakerOfItem: readonly (string | undefined)[], folds: number, testFold: number, fractions: SplitFractions, seed: number): LabelledSet[] {
  const missing = speakerOfItem.filter((s) => !s).length;
  if (missing)
    throw new CorpusError(`corpus.folds: ${missing} of ${speakerOfItem.length} labelled files have no SpkrID; speaker cross-validation needs the speaker of every labelled file`);
  const speakers = speakerOfItem as readonly string[];
  const counts = utteranceCounts(speakers);
  if (counts.size < folds + 1) throw new CorpusError(`corpus.folds: ${folds} folds need at least ${folds + 1} labelled speakers (SpkrID); the corpus has ${counts.size}`);
  const foldOf = assignSpeakerFolds(speakers, folds, seed);
  for (let f = 1; f <= folds; f++) {
    const others = [...foldOf.values()].filter((x) => x !== f).length;
    if (others < 2) throw new CorpusError(`corpus.folds: testing fold ${f} leaves ${others} speaker for train and dev, which need one each; use fewer folds`);
  }
  const rest = createRng(seed)
    .shuffle([...counts.keys()])
    .filter((s) => foldOf.get(s) !== testFold);
  const restUtterances = rest.reduce((sum, s) => sum + counts.get(s)!, 0);
  const target = (restUtterances * fractions.dev) / (fractions.dev + fractions.train || 1);
  const dev = new Set<string>();
  let devCount = 0;
  for (const s of rest.slice(0, -1)) {
    const next = counts.get(s)!;
    if (dev.size > 0 && Math.abs(devCount + next - target) >= Math.abs(devCount - target)) break;
    dev.add(s);
    devCount += next;
  }
  return speakers.map((s) => (foldOf.get(s) === testFold ? 'test-clean' : dev.has(s) ? 'dev' : 'train'));
}
