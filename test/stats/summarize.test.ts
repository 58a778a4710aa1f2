import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUnconverged, summarize } from '../../stats/summarize.js';
import type { ModelName, ResultRow } from '../../report/types.js';
import { welchTTest } from '../../stats/welchTTest.js';
import { syntheticResults } from '../report/fixtures.js';

function runs(model: ModelName, cccs: number[], condition = '10dB', bestEpochs?: number[]): ResultRow[] {
  return cccs.map((ccc, seed) => ({ model, attribute: 'arousal', condition, seed, ccc, bestEpoch: bestEpochs?.[seed] ?? 10, epochs: 100 }));
}

const DENSE = [0.24, 0.25, 0.26, 0.245, 0.255];
const LN = [0.43, 0.44, 0.45, 0.435, 0.445];
const DLN = [0.48, 0.49, 0.5, 0.485, 0.495];
const ADABN = [0.245, 0.25, 0.255, 0.24, 0.26]; // same mean as Dense
const WORSE = [0.1, 0.11, 0.12, 0.105, 0.115]; // significantly below Dense

const find = (rows: ReturnType<typeof summarize>, model: ModelName) => rows.find((r) => r.model === model)!;

test('mean, sample sd, and Welch p of each model against Dense and of DLN against LN', () => {
  const rows = summarize([...runs('dense', DENSE), ...runs('ln', LN), ...runs('dln', DLN), ...runs('dense_adabn', ADABN), ...runs('dln_he', WORSE)]);
  assert.deepEqual(
    rows.map((r) => r.model),
    ['dense', 'dense_adabn', 'ln', 'dln', 'dln_he'],
  );
  const dln = find(rows, 'dln');
  assert.equal(dln.nSeeds, 5);
  assert.ok(Math.abs(dln.mean - 0.49) < 1e-12);
  // deviations ±0.01, ±0.005, 0: sum of squares 2.5e-4, over n-1 = 4
  assert.ok(Math.abs(dln.sd - Math.sqrt(2.5e-4 / 4)) < 1e-12);
  assert.equal(dln.pVsDense, welchTTest(DLN, DENSE).p);
  assert.equal(dln.pVsLn, welchTTest(DLN, LN).p);
  assert.ok(dln.beatsDense && dln.beatsLn);

  const dense = find(rows, 'dense');
  assert.equal(dense.pVsDense, undefined);
  assert.equal(dense.beatsDense, false);

  const ln = find(rows, 'ln');
  assert.ok(ln.beatsDense);
  assert.equal(ln.pVsLn, undefined, 'LN is not tested against itself');
  assert.equal(ln.beatsLn, false);

  const adabn = find(rows, 'dense_adabn');
  assert.equal(adabn.pVsDense, 1);
  assert.equal(adabn.beatsDense, false);

  const worse = find(rows, 'dln_he');
  assert.ok(worse.pVsDense! < 1e-6, 'significantly different...');
  assert.equal(worse.beatsDense, false, '...but lower, so it does not "beat" Dense');
  assert.equal(worse.pVsLn, undefined, 'only DLN is compared with LN by default');
  assert.ok(Number.isNaN(worse.ciLow) && Number.isNaN(worse.ciHigh));
});

test('the significance threshold and the LN comparisons are configurable', () => {
  // DLN barely above LN: p between 0.01 and 0.05.
  const close = LN.map((x) => x + 0.0135);
  const results = [...runs('dense', DENSE), ...runs('ln', LN), ...runs('dln', close), ...runs('dln_he', DLN)];
  const p = welchTTest(close, LN).p;
  assert.ok(p > 0.01 && p < 0.05, `p = ${p}`);
  assert.equal(find(summarize(results), 'dln').beatsLn, true);
  assert.equal(find(summarize(results, { alpha: 0.01 }), 'dln').beatsLn, false);
  const both = summarize(results, { lnComparisons: ['dln', 'dln_he'] });
  assert.equal(find(both, 'dln_he').beatsLn, true);
  assert.equal(find(both, 'dln_he').pVsLn, welchTTest(DLN, LN).p);
});

test('p exactly at the threshold counts as significant (p ≤ alpha)', () => {
  const results = [...runs('dense', DENSE), ...runs('ln', LN)];
  const p = welchTTest(LN, DENSE).p;
  assert.equal(find(summarize(results, { alpha: p }), 'ln').beatsDense, true);
  assert.equal(find(summarize(results, { alpha: p * 0.999 }), 'ln').beatsDense, false);
});

test('convergence: best epoch in the last 5% of the budget', () => {
  assert.equal(isUnconverged({ bestEpoch: 100, epochs: 100 }), true);
  assert.equal(isUnconverged({ bestEpoch: 96, epochs: 100 }), true);
  assert.equal(isUnconverged({ bestEpoch: 95, epochs: 100 }), false);
  assert.equal(isUnconverged({ bestEpoch: 10, epochs: 10 }), true);
  assert.equal(isUnconverged({ bestEpoch: 9, epochs: 10 }), false);
  assert.equal(isUnconverged({ bestEpoch: 90, epochs: 100 }, 0.2), true);
  const rows = summarize(runs('dln', DLN, '10dB', [10, 100, 97, 50, 95]));
  assert.equal(rows[0].nUnconverged, 2);
});

test('single seed: no sd and no test; duplicates are rejected', () => {
  const rows = summarize([...runs('dense', [0.2]), ...runs('ln', [0.4])]);
  assert.ok(Number.isNaN(rows[0].sd));
  assert.equal(find(rows, 'ln').pVsDense, undefined);
  assert.equal(find(rows, 'ln').beatsDense, false);
  assert.throws(() => summarize([...runs('dense', DENSE), ...runs('dense', DENSE)]), /duplicate/);
});

test('bootstrap intervals attach to their cell; cells come grouped by model, attribute, condition', () => {
  const results = syntheticResults(4);
  const rows = summarize(results, { intervals: [{ model: 'dln', attribute: 'valence', condition: '5dB', ciLow: 0.1, ciHigh: 0.15 }] });
  assert.equal(rows.length, 5 * 3 * 4);
  const cell = rows.find((r) => r.model === 'dln' && r.attribute === 'valence' && r.condition === '5dB')!;
  assert.deepEqual([cell.ciLow, cell.ciHigh], [0.1, 0.15]);
  assert.equal(rows.filter((r) => Number.isFinite(r.ciLow)).length, 1);
  assert.deepEqual([...new Set(rows.map((r) => r.condition))], ['clean', '10dB', '5dB', '0dB']);
  const flagged = rows.filter((r) => r.nUnconverged > 0);
  assert.deepEqual(
    flagged.map((r) => [r.model, r.attribute, r.condition, r.nUnconverged]),
    [['dln_he', 'arousal', '0dB', 1]],
  );
});

test('paired speaker-bootstrap tests sit next to the Welch p of the same comparison and mark significance by their own p', () => {
  const results = [...runs('dense', DENSE), ...runs('ln', LN), ...runs('dln', DLN), ...runs('dln_he', WORSE), ...runs('ln', [0.3], 'clean'), ...runs('dense', [0.2], 'clean')];
  const pairedTests = [
    { model: 'ln', versus: 'dense', attribute: 'arousal', condition: '10dB', p: 0.2 },
    { model: 'dln', versus: 'dense', attribute: 'arousal', condition: '10dB', p: 0.01 },
    { model: 'dln', versus: 'ln', attribute: 'arousal', condition: '10dB', p: 0.04 },
    { model: 'dln_he', versus: 'dense', attribute: 'arousal', condition: '10dB', p: 0.001 },
    // LN is not compared with LN, Dense not with Dense: such rows are ignored.
    { model: 'ln', versus: 'ln', attribute: 'arousal', condition: '10dB', p: 0.001 },
    // One seed each: no Welch test, but the speakers can still be resampled.
    { model: 'ln', versus: 'dense', attribute: 'arousal', condition: 'clean', p: 0.03 },
  ] as const;
  const rows = summarize(results, { pairedTests });
  const at = (model: ModelName, condition = '10dB') => rows.find((r) => r.model === model && r.condition === condition)!;
  assert.deepEqual([at('ln').pSpeakersVsDense, at('ln').beatsDense, at('ln').beatsDenseBySpeakers], [0.2, true, false]);
  assert.equal(at('ln').pSpeakersVsLn, undefined);
  assert.deepEqual([at('dln').pSpeakersVsDense, at('dln').pSpeakersVsLn, at('dln').beatsDenseBySpeakers, at('dln').beatsLnBySpeakers], [0.01, 0.04, true, true]);
  assert.equal(at('dln_he').beatsDenseBySpeakers, false, 'significant but lower than Dense');
  assert.equal(at('dense').pSpeakersVsDense, undefined);
  assert.deepEqual([at('ln', 'clean').pVsDense, at('ln', 'clean').pSpeakersVsDense, at('ln', 'clean').beatsDenseBySpeakers], [undefined, 0.03, true]);
  assert.equal(summarize(results, { pairedTests, alpha: 0.005 }).find((r) => r.model === 'dln' && r.condition === '10dB')!.beatsDenseBySpeakers, false);
});

test('a multi-condition model is compared with its base: Dense+MCT with Dense, DLN+MCT with DLN, by Welch and by the speakers', () => {
  const MCT = [0.55, 0.56, 0.57, 0.555, 0.565];
  const results = [...runs('dense', DENSE), ...runs('dense_mct', DLN), ...runs('ln', LN), ...runs('dln', DLN), ...runs('dln_mct', MCT)];
  const pairedTests = [
    { model: 'dln_mct', versus: 'base', attribute: 'arousal', condition: '10dB', p: 0.02 },
    { model: 'dense_mct', versus: 'base', attribute: 'arousal', condition: '10dB', p: 0.3 },
  ] as const;
  const rows = summarize(results, { pairedTests });
  assert.deepEqual(
    rows.map((r) => r.model),
    ['dense', 'dense_mct', 'ln', 'dln', 'dln_mct'],
  );
  const dlnMct = find(rows, 'dln_mct');
  assert.equal(dlnMct.pVsBase, welchTTest(MCT, DLN).p);
  assert.equal(dlnMct.pVsDense, welchTTest(MCT, DENSE).p);
  assert.equal(dlnMct.pVsLn, undefined, 'only DLN is compared with LN by default');
  assert.deepEqual([dlnMct.beatsBase, dlnMct.pSpeakersVsBase, dlnMct.beatsBaseBySpeakers], [true, 0.02, true]);
  const denseMct = find(rows, 'dense_mct');
  assert.equal(denseMct.pVsBase, denseMct.pVsDense, "Dense+MCT's base is Dense");
  assert.deepEqual([denseMct.beatsBase, denseMct.pSpeakersVsBase, denseMct.beatsBaseBySpeakers], [true, 0.3, false]);
  for (const model of ['dense', 'ln', 'dln'] as const) assert.deepEqual([find(rows, model).pVsBase, find(rows, model).beatsBase], [undefined, false], model);
});
