import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapMeanCcc, speakerBootstrap } from '../../stats/bootstrap.js';
import { concordanceCorrelation } from '../../stats/ccc.js';
import { createRng } from '../../dsp/random.js';

/**
 * Speakers with a random level (shared by target and prediction) and a random prediction bias of
 * their own, so errors cluster by speaker. Target = level + N(0,1), prediction = target + bias + N(0, 1/2).
 * Over the population of speakers: var t = 2, var p = 2 + 1 + 1/2, cov = 2, equal means, so
 * CCC = 4 / (2 + 3.5) = 8/11.
 */
const POPULATION_CCC = 8 / 11;
function clusteredSet(seed: number, speakerCount: number, perSpeaker: number) {
  const rng = createRng(seed);
  const target: number[] = [];
  const prediction: number[] = [];
  const speakers: string[] = [];
  for (let s = 0; s < speakerCount; s++) {
    const level = rng.normal();
    const bias = rng.normal();
    for (let u = 0; u < perSpeaker; u++) {
      const t = level + rng.normal();
      target.push(t);
      prediction.push(t + bias + Math.SQRT1_2 * rng.normal());
      speakers.push(`spk${s}`);
    }
  }
  return { target, prediction, speakers };
}

test('the same seed gives the same interval, another seed a different one', () => {
  const { target, prediction, speakers } = clusteredSet(3, 20, 8);
  const a = bootstrapMeanCcc([prediction], target, speakers, { seed: 11 });
  const b = bootstrapMeanCcc([prediction], target, speakers, { seed: 11 });
  const c = bootstrapMeanCcc([prediction], target, speakers, { seed: 12 });
  assert.deepEqual(a, b);
  assert.notEqual(a.low, c.low);
  assert.equal(a.validDraws, 1000);
  assert.equal(a.speakers, 20);
  assert.equal(a.utterances, 160);
  assert.ok(Math.abs(a.estimate - concordanceCorrelation(prediction, target)) < 1e-12);
  assert.ok(a.low < a.estimate && a.estimate < a.high);
});

test('the fast per-speaker-sums path equals the generic resampler on the same draws', () => {
  const { target, prediction, speakers } = clusteredSet(5, 12, 6);
  const other = prediction.map((p, i) => 0.5 * p + 0.1 * (i % 3));
  const fast = bootstrapMeanCcc([prediction, other], target, speakers, { seed: 4, draws: 300 });
  const generic = speakerBootstrap(
    speakers,
    (idx) => {
      const t = idx.map((i) => target[i]);
      return (concordanceCorrelation(idx.map((i) => prediction[i]), t) + concordanceCorrelation(idx.map((i) => other[i]), t)) / 2;
    },
    { seed: 4, draws: 300 },
  );
  for (const key of ['estimate', 'low', 'high'] as const) assert.ok(Math.abs(fast[key] - generic[key]) < 1e-9, key);
  assert.equal(fast.validDraws, generic.validDraws);
});

test('coverage: ~95% when resampling speakers, far less when treating utterances as independent', () => {
  // 200 synthetic test sets of 30 speakers; 400 draws each keeps the test fast.
  const replications = 200;
  let speakerCovered = 0;
  let utteranceCovered = 0;
  for (let r = 0; r < replications; r++) {
    const { target, prediction, speakers } = clusteredSet(100 + r, 30, 10);
    const bySpeaker = bootstrapMeanCcc([prediction], target, speakers, { seed: r, draws: 400 });
    const byUtterance = bootstrapMeanCcc([prediction], target, speakers.map((_, i) => `u${i}`), { seed: r, draws: 400 });
    if (bySpeaker.low <= POPULATION_CCC && POPULATION_CCC <= bySpeaker.high) speakerCovered++;
    if (byUtterance.low <= POPULATION_CCC && POPULATION_CCC <= byUtterance.high) utteranceCovered++;
  }
  const speakerCoverage = speakerCovered / replications;
  const utteranceCoverage = utteranceCovered / replications;
  assert.ok(speakerCoverage >= 0.88 && speakerCoverage <= 0.99, `speaker-level coverage ${speakerCoverage}`);
  assert.ok(utteranceCoverage < 0.8, `utterance-level coverage ${utteranceCoverage}`);
});

test('the interval narrows with more speakers', () => {
  const small = clusteredSet(21, 10, 10);
  const large = clusteredSet(21, 90, 10);
  const widthSmall = (({ low, high }) => high - low)(bootstrapMeanCcc([small.prediction], small.target, small.speakers));
  const widthLarge = (({ low, high }) => high - low)(bootstrapMeanCcc([large.prediction], large.target, large.speakers));
  // Width scales roughly as 1/sqrt(speakers): 3× here; ask for at least 2×.
  assert.ok(widthLarge < widthSmall / 2, `widths ${widthSmall} (10 speakers) vs ${widthLarge} (90 speakers)`);
});

test('averaging over seeds: the interval is centred on the mean of the per-seed CCCs', () => {
  const { target, prediction, speakers } = clusteredSet(8, 25, 6);
  const worse = prediction.map((p, i) => p + (i % 2 ? 0.8 : -0.8));
  const r = bootstrapMeanCcc([prediction, worse], target, speakers, { seed: 2 });
  const expected = (concordanceCorrelation(prediction, target) + concordanceCorrelation(worse, target)) / 2;
  assert.ok(Math.abs(r.estimate - expected) < 1e-12);
  assert.ok(r.low < expected && expected < r.high);
});

test('confidence level and input checks', () => {
  const { target, prediction, speakers } = clusteredSet(9, 15, 5);
  const wide = bootstrapMeanCcc([prediction], target, speakers, { confidenceLevel: 0.99 });
  const narrow = bootstrapMeanCcc([prediction], target, speakers, { confidenceLevel: 0.5 });
  assert.ok(wide.high - wide.low > narrow.high - narrow.low);
  assert.throws(() => bootstrapMeanCcc([prediction], target, speakers, { confidenceLevel: 1 }), RangeError);
  assert.throws(() => bootstrapMeanCcc([prediction.slice(1)], target, speakers), RangeError);
  assert.throws(() => bootstrapMeanCcc([], target, speakers), RangeError);
});
