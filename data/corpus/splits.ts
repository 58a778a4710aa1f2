import { createRng } from '../../dsp/random.js';

export interface SplitFractions {
  train: number;
  dev: number;
  test: number;
}

export type LabelledSet = 'train' | 'dev' | 'test-clean';

/**
 * Speaker-independent split: speakers are shuffled deterministically from `seed`, then given to
 * train, dev and test in turn, each taking speakers while that brings it closer to its fraction of
 * the utterances. Every split gets at
 * least one speaker when there are at least three. Items without a speaker count as their own speaker.
 */
export function splitBySpeaker(speakerOfItem: readonly string[], fractions: SplitFractions, seed: number): LabelledSet[] {
  const counts = new Map<string, number>();
  for (const s of speakerOfItem) counts.set(s, (counts.get(s) ?? 0) + 1);
  const speakers = createRng(seed).shuffle([...counts.keys()].sort());
  const total = speakerOfItem.length;
  const assignment = new Map<string, LabelledSet>();
  const order: [LabelledSet, number][] = [
    ['train', fractions.train],
    ['dev', fractions.dev],
    ['test-clean', fractions.test],
  ];
  let cursor = 0;
  for (const [index, [set, fraction]] of order.entries()) {
    const isLast = index === order.length - 1;
    // Keep one speaker back for each later split that wants any.
    const reserved = order.slice(index + 1).filter(([, f]) => f > 0).length;
    let count = 0;
    while (cursor < speakers.length - (isLast ? 0 : reserved)) {
      const next = counts.get(speakers[cursor])!;
      const target = fraction * total;
      // Take the next speaker while that brings the split closer to its share (and at least one).
      const wantsMore = isLast || (fraction > 0 && (count === 0 || Math.abs(count + next - target) < Math.abs(count - target)));
      if (!wantsMore) break;
      assignment.set(speakers[cursor++], set);
      count += next;
    }
  }
  return speakerOfItem.map((s) => assignment.get(s)!);
}

/** Maps MSP-Podcast-style `Split_Set` values onto the pipeline's sets; undefined for a split the run does not use. */
export function mapSplitSet(value: string, testSplits: readonly string[]): LabelledSet | undefined {
  const v = value.trim();
  const lower = v.toLowerCase();
  if (testSplits.includes(v) || lower === 'test') return 'test-clean';
  if (lower === 'train' || lower === 'training') return 'train';
  if (lower === 'development' || lower === 'dev' || lower === 'validation') return 'dev';
  return undefined;
}
