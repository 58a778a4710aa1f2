import { test } from 'node:test';
import assert from 'node:assert/strict';
import { twoTailedP, welchTTest } from '../../stats/welchTTest.js';

const close = (actual: number, expected: number, tol: number) => assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);

test('two-tailed p at t-table critical values', () => {
  // Two-tailed critical values from a standard t table (e.g. any statistics textbook's Table of t).
  close(twoTailedP(2.228, 10), 0.05, 2e-4);
  close(twoTailedP(-2.228, 10), 0.05, 2e-4);
  close(twoTailedP(3.169, 10), 0.01, 1e-4);
  close(twoTailedP(12.706, 1), 0.05, 1e-4);
  close(twoTailedP(2.086, 20), 0.05, 1e-4);
  close(twoTailedP(2.576, 1e6), 0.01, 1e-4);
  assert.equal(twoTailedP(0, 5), 1);
});

test('Welch t and df from the formula by hand, p matching the Go x/perf reference', () => {
  // a = [2,1,3,4], b = [6,5,7,9]: means 2.5, 6.75; sample variances 5/3 and 35/12.
  // se² = (5/3)/4 + (35/12)/4 = 55/48; t = -4.25 / sqrt(55/48).
  // df = (55/48)² / (((5/12)²)/3 + ((35/48)²)/3) = 5.584615384615385.
  // golang.org/x/perf internal/stats ttest_test.go gives t = -3.9703446152237674,
  // p = 0.0085128631313781695, df = 5.584615384615385 for the same samples.
  const r = welchTTest([2, 1, 3, 4], [6, 5, 7, 9]);
  const se2 = 5 / 3 / 4 + 35 / 12 / 4;
  close(r.t, -4.25 / Math.sqrt(se2), 1e-12);
  close(r.t, -3.9703446152237674, 1e-12);
  close(r.df, se2 ** 2 / ((5 / 12) ** 2 / 3 + (35 / 48) ** 2 / 3), 1e-12);
  close(r.df, 5.584615384615385, 1e-12);
  close(r.p, 0.0085128631313781695, 1e-9);
  close(r.meanDifference, -4.25, 1e-12);
  close(r.meanA, 2.5, 1e-12);
  close(r.meanB, 6.75, 1e-12);
});

test('equal sizes and variances: df = 2(n-1), and a shift giving t = 2.228 gives p = 0.05', () => {
  const base = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]; // sample variance 3.5
  const se = Math.sqrt((2 * 3.5) / 6);
  const shift = 2.228 * se;
  const r = welchTTest(
    base.map((x) => x + shift),
    base,
  );
  close(r.t, 2.228, 1e-12);
  close(r.df, 10, 1e-12);
  close(r.p, 0.05, 2e-4);
  const r1 = welchTTest(
    base.map((x) => x + 3.169 * se),
    base,
  );
  close(r1.p, 0.01, 1e-4);
});

test('unequal variances shrink df below the pooled n1 + n2 - 2', () => {
  const a = [10, 10.1, 9.9, 10.05, 9.95, 10.02, 9.98, 10];
  const b = [8, 14, 11, 6, 13];
  const r = welchTTest(a, b);
  assert.ok(r.df < a.length + b.length - 2);
  // Welch-Satterthwaite is bounded below by min(n) - 1 and dominated by the noisier group here.
  assert.ok(r.df >= b.length - 1 && r.df < b.length);
});

test('swapping the groups negates t and keeps p and df', () => {
  const a = [0.61, 0.63, 0.6, 0.64, 0.62];
  const b = [0.55, 0.59, 0.52, 0.6, 0.58, 0.5];
  const ab = welchTTest(a, b);
  const ba = welchTTest(b, a);
  close(ab.t, -ba.t, 1e-12);
  close(ab.p, ba.p, 1e-12);
  close(ab.df, ba.df, 1e-12);
  assert.ok(ab.t > 0 && ab.p < 0.05);
});

test('zero variance in both groups', () => {
  const same = welchTTest([0.5, 0.5, 0.5], [0.5, 0.5]);
  assert.equal(same.t, 0);
  assert.equal(same.p, 1);
  assert.equal(same.df, 3);
  const differ = welchTTest([0.4, 0.4, 0.4], [0.5, 0.5, 0.5]);
  assert.equal(differ.t, -Infinity);
  assert.equal(differ.p, 0);
  close(differ.meanDifference, -0.1, 1e-12);
});

test('zero variance in one group only uses the other group: df = n - 1 of the varying group', () => {
  const r = welchTTest([1, 1, 1, 1], [0, 1, 2]);
  close(r.df, 2, 1e-12);
  close(r.t, 0, 1e-12);
  assert.equal(r.p, 1);
});

test('fewer than two values in a group is an error', () => {
  assert.throws(() => welchTTest([1], [1, 2]), RangeError);
});
