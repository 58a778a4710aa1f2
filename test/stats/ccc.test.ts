import { test } from 'node:test';
import assert from 'node:assert/strict';
import { concordanceCorrelation, concordanceFromSums, pairSums } from '../../stats/ccc.js';
import { createRng } from '../../dsp/random.js';

const close = (actual: number, expected: number, tol = 1e-12) => assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);

test('perfect agreement gives 1, perfect reversal about the common mean gives -1', () => {
  const t = [0.3, -1.2, 2.5, 4, 0];
  close(concordanceCorrelation(t, t), 1);
  const mean = t.reduce((a, b) => a + b) / t.length;
  close(
    concordanceCorrelation(
      t.map((x) => 2 * mean - x),
      t,
    ),
    -1,
  );
});

test('a shift by one costs agreement: p = t + 1 on [1,2,3] gives 4/7 by hand', () => {
  // means 3 and 2, variances 2/3 each (population), covariance 2/3: 2·(2/3) / (2/3 + 2/3 + 1) = 4/7
  close(concordanceCorrelation([2, 3, 4], [1, 2, 3]), 4 / 7);
});

test('scaling: p = 2t on [1,2,3] gives 4/11 by hand, although Pearson r is 1', () => {
  // mean p 4, mean t 2, var p 8/3, var t 2/3, cov 4/3: (8/3) / (8/3 + 2/3 + 4) = 4/11
  close(concordanceCorrelation([2, 4, 6], [1, 2, 3]), 4 / 11);
});

test('population (divide-by-n) moments: hand value on four pairs', () => {
  // p = [1,3,2,6], t = [2,2,4,4]: means 3, 3; var p (pop) = (4+0+1+9)/4 = 3.5; var t = 1;
  // cov = ((-2)(-1) + 0·(-1) + (-1)(1) + 3·1)/4 = 1: CCC = 2/(3.5+1+0) = 4/9.
  // With n-1 moments it would be (2·4/3)/(14/3+4/3) = 4/9 too, so add a mean shift to tell them apart:
  // p + 1: (2·1)/(3.5 + 1 + 1) = 4/11 (pop), whereas n-1 moments give (8/3)/(14/3+4/3+1) = 8/21.
  close(concordanceCorrelation([1, 3, 2, 6], [2, 2, 4, 4]), 4 / 9);
  close(concordanceCorrelation([2, 4, 3, 7], [2, 2, 4, 4]), 4 / 11);
});

test('accepts typed arrays, rejects length mismatch, NaN when undefined', () => {
  close(concordanceCorrelation(new Float32Array([2, 3, 4]), new Float64Array([1, 2, 3])), 4 / 7, 1e-7);
  assert.throws(() => concordanceCorrelation([1, 2], [1, 2, 3]), RangeError);
  assert.ok(Number.isNaN(concordanceCorrelation([], [])));
  assert.ok(Number.isNaN(concordanceCorrelation([5, 5], [5, 5])));
  close(concordanceCorrelation([5, 5], [3, 3]), 0);
});

test('sums path equals the two-pass formula, including with a large common offset', () => {
  const rng = createRng(7);
  const t = Array.from({ length: 200 }, () => 1000 + rng.normal());
  const p = t.map((x) => 0.7 * x + 300 + 0.5 * rng.normal());
  const all = t.map((_, i) => i);
  const direct = concordanceCorrelation(p, t);
  close(concordanceFromSums(pairSums(p, t, all, 1000)), direct, 1e-9);
  assert.ok(direct > 0 && direct < 1);
});
