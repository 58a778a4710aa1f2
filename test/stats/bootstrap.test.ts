import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapMeanCcc, pairedBootstrapMeanCccDifference, speakerBootstrap } from '../../stats/bootstrap.js';
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
      return (
        (concordanceCorrelation(
          idx.map((i) => prediction[i]),
          t,
        ) +
          concordanceCorrelation(
            idx.map((i) => other[i]),
            t,
          )) /
        2
      );
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
    const byUtterance = bootstrapMeanCcc(
      [prediction],
      target,
      speakers.map((_, i) => `u${i}`),
      { seed: r, draws: 400 },
    );
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

/**
 * Three speakers of two utterances each. A draw is one of 27 equally likely ordered picks of three
 * speakers, so the exact bootstrap distribution of the difference is the 27 values of the difference
 * on the expanded sets, computed here with the plain CCC.
 */
function enumeratedDifference(a: readonly number[][], b: readonly number[][], target: number[], speakers: string[]) {
  const names = [...new Set(speakers)];
  const meanCcc = (predictions: readonly number[][], idx: number[]) =>
    predictions.reduce(
      (sum, p) =>
        sum +
        concordanceCorrelation(
          idx.map((i) => p[i]),
          idx.map((i) => target[i]),
        ),
      0,
    ) / predictions.length;
  const values: number[] = [];
  for (const x of names)
    for (const y of names)
      for (const z of names) {
        const idx = [x, y, z].flatMap((name) => speakers.flatMap((s, i) => (s === name ? [i] : [])));
        values.push(meanCcc(a, idx) - meanCcc(b, idx));
      }
  return values;
}

test('paired speaker bootstrap of a CCC difference: the estimate, interval and p of an enumerable case', () => {
  const speakers = ['s1', 's1', 's2', 's2', 's3', 's3'];
  const target = [1, 3, 2, 6, 5, 4];
  // Model A: two seeds, good on s1 and s2, wrong-way on s3; model B: one seed, the reverse.
  const a = [
    [1.2, 2.9, 2.5, 5.5, 3.9, 5.1],
    [0.8, 3.2, 2.2, 6.1, 4.2, 4.8],
  ];
  const b = [[2.5, 1.5, 4.8, 2.9, 5.2, 4.1]];
  const exact = enumeratedDifference(a, b, target, speakers);
  const full = exact[0 * 9 + 1 * 3 + 2]; // s1, s2, s3: the test set itself
  const share = (f: (v: number) => boolean) => exact.filter(f).length / exact.length;
  const exactP = Math.min(
    1,
    2 *
      Math.min(
        share((v) => v <= 0),
        share((v) => v >= 0),
      ),
  );
  // Hand check of the enumeration: in this case some draws favour B, so the test is not one-sided.
  assert.ok(exactP > 0.05 && exactP < 1, `exact p ${exactP}`);

  const draws = 20000;
  const got = pairedBootstrapMeanCccDifference(a, b, target, speakers, { draws, seed: 3 });
  assert.ok(Math.abs(got.estimate - full) < 1e-12, `estimate ${got.estimate} vs ${full}`);
  assert.equal(got.validDraws, draws);
  // Every value has probability ≥ 1/27 > 2.5%: the 95% percentile interval is the range of the 27 values.
  assert.ok(Math.abs(got.low - Math.min(...exact)) < 1e-12, `low ${got.low} vs ${Math.min(...exact)}`);
  assert.ok(Math.abs(got.high - Math.max(...exact)) < 1e-12, `high ${got.high} vs ${Math.max(...exact)}`);
  // Monte Carlo error of a share over 20,000 draws: sd ≤ 0.0036, so 2 × (4 sd) bounds the p's.
  assert.ok(Math.abs(got.p - exactP) < 0.03, `p ${got.p} vs exact ${exactP}`);
});

test('paired speaker bootstrap: the same draw for both models (identical models differ by 0 in every draw), deterministic by seed', () => {
  const { target, prediction, speakers } = clusteredSet(7, 10, 5);
  const other = prediction.map((p, i) => p + 0.3 * Math.sin(i));
  const same = pairedBootstrapMeanCccDifference([prediction, other], [prediction, other], target, speakers, { seed: 2 });
  assert.deepEqual([same.estimate, same.low, same.high, same.p], [0, 0, 0, 1]);
  const x = pairedBootstrapMeanCccDifference([prediction], [other], target, speakers, { seed: 5 });
  assert.deepEqual(pairedBootstrapMeanCccDifference([prediction], [other], target, speakers, { seed: 5 }), x);
  assert.notDeepEqual(pairedBootstrapMeanCccDifference([prediction], [other], target, speakers, { seed: 6 }), x);
  assert.ok(x.low <= x.estimate && x.estimate <= x.high);
  // A − B is the negative of B − A on the same draws.
  const y = pairedBootstrapMeanCccDifference([other], [prediction], target, speakers, { seed: 5 });
  assert.ok(Math.abs(x.low + y.high) < 1e-12 && Math.abs(x.high + y.low) < 1e-12 && x.p === y.p);
});
