import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CorpusError } from '../../../data/corpus/corpusError.js';
import { assignSpeakerFolds, foldSplit } from '../../../data/corpus/speakerFolds.js';

/** Items of speakers with uneven utterance counts: speaker i has counts[i] items, listed interleaved as a corpus might list them. */
function items(counts: readonly number[]): string[] {
  const out: string[] = [];
  for (let round = 0; round < Math.max(...counts); round++) counts.forEach((n, i) => round < n && out.push(`s${String(i).padStart(2, '0')}`));
  return out;
}

const COUNTS = [12, 3, 7, 7, 1, 9, 4, 4, 15, 2, 6, 5, 8, 3];
const FRACTIONS = { train: 0.7, dev: 0.15, test: 0.15 };

test('speaker folds: every speaker in exactly one fold, each fold non-empty, utterance counts balanced within the largest speaker', () => {
  const speakers = items(COUNTS);
  for (const folds of [2, 3, 5, 14]) {
    const foldOf = assignSpeakerFolds(speakers, folds, 7);
    assert.deepEqual([...foldOf.keys()].sort(), [...new Set(speakers)].sort(), 'every speaker once');
    const load = Array.from({ length: folds }, (_, f) => speakers.filter((s) => foldOf.get(s) === f + 1).length);
    assert.ok(
      load.every((n) => n > 0),
      `${folds} folds: every fold has speakers (${load})`,
    );
    assert.equal(
      load.reduce((a, b) => a + b, 0),
      speakers.length,
    );
    assert.ok(Math.max(...load) - Math.min(...load) <= Math.max(...COUNTS), `${folds} folds: loads ${load} differ by more than the largest speaker`);
  }
  // Counts that can be split evenly are: 24 utterances in 2 folds of 12 and in 3 of 8.
  const even = items([6, 5, 4, 3, 2, 2, 1, 1]);
  for (const folds of [2, 3]) {
    const foldOf = assignSpeakerFolds(even, folds, 7);
    assert.deepEqual(
      Array.from({ length: folds }, (_, f) => even.filter((s) => foldOf.get(s) === f + 1).length),
      Array(folds).fill(24 / folds),
    );
  }
  // Equal speakers: fold sizes differ by at most one speaker.
  const equal = assignSpeakerFolds(items(Array(10).fill(4)), 3, 1);
  const sizes = [1, 2, 3].map((f) => [...equal.values()].filter((x) => x === f).length);
  assert.deepEqual([...sizes].sort(), [3, 3, 4]);
});

test('speaker folds are deterministic from the seed and do not depend on the listing order', () => {
  const speakers = items(COUNTS);
  const a = assignSpeakerFolds(speakers, 4, 7);
  assert.deepEqual(assignSpeakerFolds([...speakers].reverse(), 4, 7), a);
  const others = [1, 2, 3, 4, 5].map((seed) => JSON.stringify([...assignSpeakerFolds(speakers, 4, seed)].sort()));
  assert.ok(new Set(others).size > 1, 'different seeds give different folds');
});

test('fold split: fold k is test-clean, the other speakers split into train and dev by speaker, and each speaker is tested in one fold only', () => {
  const speakers = items(COUNTS);
  const folds = 4;
  const foldOf = assignSpeakerFolds(speakers, folds, 7);
  const testedIn = new Map<string, number[]>();
  for (let k = 1; k <= folds; k++) {
    const sets = foldSplit(speakers, folds, k, FRACTIONS, 7);
    const setOf = new Map<string, Set<string>>();
    speakers.forEach((s, i) => setOf.set(s, (setOf.get(s) ?? new Set()).add(sets[i])));
    for (const [s, of] of setOf) {
      assert.equal(of.size, 1, `speaker ${s} is in one set only`);
      const set = [...of][0];
      assert.equal(set === 'test-clean', foldOf.get(s) === k, `speaker ${s} of fold ${foldOf.get(s)} in ${set} when testing fold ${k}`);
      if (set === 'test-clean') testedIn.set(s, [...(testedIn.get(s) ?? []), k]);
    }
    const rest = speakers.filter((_, i) => sets[i] !== 'test-clean');
    const dev = speakers.filter((_, i) => sets[i] === 'dev').length;
    assert.ok(dev > 0 && sets.includes('train'), `fold ${k}: dev and train both have speakers`);
    // Dev holds about its share (0.15 / 0.85) of the non-test utterances: within the largest speaker.
    assert.ok(Math.abs(dev - (rest.length * 0.15) / 0.85) <= Math.max(...COUNTS), `fold ${k}: dev has ${dev} of ${rest.length}`);
  }
  assert.deepEqual([...testedIn.keys()].sort(), [...new Set(speakers)].sort(), 'every speaker is tested');
  assert.ok(
    [...testedIn.values()].every((ks) => ks.length === 1),
    'in exactly one fold',
  );
});

test('fold split errors name corpus.folds: files without SpkrID, fewer speakers than folds + 1, a fold leaving one speaker to train on', () => {
  assert.throws(
    () => foldSplit(['a', 'b', undefined, 'c', 'd'], 2, 1, FRACTIONS, 7),
    (e: Error) => e instanceof CorpusError && /^corpus\.folds: 1 of 5 labelled files have no SpkrID/.test(e.message),
  );
  assert.throws(
    () => foldSplit(['a', 'b', 'c'], 3, 1, FRACTIONS, 7),
    (e: Error) => e instanceof CorpusError && e.message === 'corpus.folds: 3 folds need at least 4 labelled speakers (SpkrID); the corpus has 3',
  );
  // Two folds of three speakers: one fold holds two of them, so testing it leaves one speaker for train and dev.
  assert.throws(() => foldSplit(['a', 'b', 'c'], 2, 1, FRACTIONS, 7), /corpus\.folds: testing fold \d leaves 1 speaker for train and dev, which need one each; use fewer folds$/);
  // Four speakers in three folds are enough: the fold of two leaves two.
  for (const k of [1, 2, 3]) assert.ok(foldSplit(['a', 'b', 'c', 'd'], 3, k, FRACTIONS, 7).includes('test-clean'));
});
