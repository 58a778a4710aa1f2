import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairedBootstrapMeanCccDifference } from '../../stats/bootstrap.js';
import { crossValidate, type FoldPrediction } from '../../stats/crossValidation.js';
import { welchTTest } from '../../stats/welchTTest.js';

type Part = Pick<FoldPrediction, 'fold' | 'seed' | 'predicted'> & Partial<FoldPrediction>;

/** Two folds of two speakers each (one utterance per speaker in fold 1, two in fold 2). */
const FOLD_TRUTH: Record<number, { truth: number[]; speakers: string[] }> = {
  1: { truth: [1, 2], speakers: ['a', 'b'] },
  2: { truth: [3, 4, 2, 5], speakers: ['c', 'c', 'd', 'd'] },
};

function prediction(p: Part): FoldPrediction {
  return { model: 'dense', attribute: 'arousal', condition: 'clean', trainedFor: 'clean', bestEpoch: 3, epochs: 10, ...FOLD_TRUTH[p.fold], ...p };
}

test('pooled CCC: the CCC of the predictions concatenated over folds, against a hand-computed case', () => {
  // Fold 1: p = [1, 3], t = [1, 2]; fold 2: p = [2, 4], t = [3, 4] (a two-utterance fold 2 for this case).
  const r = crossValidate([prediction({ fold: 1, seed: 1, predicted: [1, 3] }), prediction({ fold: 2, seed: 1, predicted: [2, 4], truth: [3, 4], speakers: ['c', 'd'] })]);
  // Each fold: means 2 and 1.5 (3 and 3.5), var p 1, var t 0.25, cov 0.5 → 2·0.5 / (1 + 0.25 + 0.25) = 2/3.
  assert.deepEqual(
    r.folds.map((f) => [f.fold, f.ccc.toFixed(12)]),
    [
      [1, (2 / 3).toFixed(12)],
      [2, (2 / 3).toFixed(12)],
    ],
  );
  // Pooled: p = [1, 3, 2, 4], t = [1, 2, 3, 4]: both means 2.5, both variances 1.25, cov (2.25 − 0.25 − 0.25 + 2.25)/4 = 1 → 2/2.5 = 0.8.
  assert.equal(r.pooled.length, 1);
  assert.ok(Math.abs(r.pooled[0].ccc - 0.8) < 1e-12, `pooled ${r.pooled[0].ccc}`);
  assert.ok(Math.abs(r.summary[0].pooledCcc - 0.8) < 1e-12);
  assert.equal(r.summary[0].speakers, 4);
  assert.equal(r.summary[0].utterances, 4);
  // Mean over fold × seed scores, not the pooled CCC.
  assert.ok(Math.abs(r.summary[0].mean - 2 / 3) < 1e-12);
});

test("Welch's test runs over fold × seed scores and the paired bootstrap over every speaker of every fold", () => {
  const dense = [
    prediction({ fold: 1, seed: 1, predicted: [1.5, 1.7] }),
    prediction({ fold: 1, seed: 2, predicted: [1.2, 2.4] }),
    prediction({ fold: 2, seed: 1, predicted: [2.5, 3.1, 3, 3.3] }),
    prediction({ fold: 2, seed: 2, predicted: [3.5, 3.2, 2.9, 3.8] }),
  ];
  const ln = [
    prediction({ model: 'ln', trainedFor: '10dB', fold: 1, seed: 1, predicted: [0.9, 2.2] }),
    prediction({ model: 'ln', trainedFor: '10dB', fold: 1, seed: 2, predicted: [1.1, 1.8] }),
    prediction({ model: 'ln', trainedFor: '10dB', fold: 2, seed: 1, predicted: [3.1, 3.9, 2.1, 4.8] }),
    prediction({ model: 'ln', trainedFor: '10dB', fold: 2, seed: 2, predicted: [2.8, 4.2, 2.3, 5.1] }),
  ];
  const bootstrap = { draws: 500, seed: 3 };
  const r = crossValidate([...dense, ...ln], { bootstrap });
  const scores = (model: string) => r.folds.filter((f) => f.model === model).map((f) => f.ccc);
  const lnRow = r.summary.find((s) => s.model === 'ln')!;
  assert.equal(lnRow.nSeeds, 4, 'two folds × two seeds');
  assert.equal(lnRow.pVsDense, welchTTest(scores('ln'), scores('dense')).p);
  const joined = (runs: FoldPrediction[], seed: number) => runs.filter((p) => p.seed === seed).flatMap((p) => [...(p.predicted as number[])]);
  const truth = [1, 2, 3, 4, 2, 5];
  const expected = pairedBootstrapMeanCccDifference([joined(ln, 1), joined(ln, 2)], [joined(dense, 1), joined(dense, 2)], truth, ['a', 'b', 'c', 'c', 'd', 'd'], bootstrap);
  assert.equal(lnRow.pSpeakersVsDense, expected.p);
});

test('a speaker tested in two folds, or a run missing from a fold, is an error', () => {
  assert.throws(
    () => crossValidate([prediction({ fold: 1, seed: 1, predicted: [1, 2] }), prediction({ fold: 2, seed: 1, predicted: [1, 2], truth: [1, 2], speakers: ['b', 'e'] })]),
    /speaker b is in the clean test sets of folds 1 and 2/,
  );
  assert.throws(
    () =>
      crossValidate([
        prediction({ fold: 1, seed: 1, predicted: [1, 2] }),
        prediction({ fold: 2, seed: 1, predicted: [1, 2, 3, 4] }),
        prediction({ fold: 2, seed: 2, predicted: [1, 2, 3, 4] }),
      ]),
    /dense arousal clean seed 2 has no results in fold 1/,
  );
});
