import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deltaNormaliser, deltaRegression, deltaRegressionInSegments } from '../../../dsp/compare/deltas.js';
import { SHARED_DIR, SKIP_NO_SHARED } from '../../support/paths.js';

const f32 = (a: number[]): Float32Array => Float32Array.from(a);

test('deltaRegression of a line is its slope inside, edges repeated', () => {
  const d = deltaRegression(f32([0, 2, 4, 6, 8, 10]));
  // interior: Σ w·(2·2w)/10 = (4 + 16)/10 = 2; t=0: (1·(2−0) + 2·(4−0))/10 = 1
  assert.deepEqual(Array.from(d), [1, 1.6, 2, 2, 1.6, 1].map(Math.fround));
  assert.equal(deltaNormaliser(2), 10);
});

test('deltaRegression of a constant is 0 and of a unit step is symmetric', () => {
  assert.deepEqual(Array.from(deltaRegression(f32([3, 3, 3]))), [0, 0, 0]);
  assert.deepEqual(Array.from(deltaRegression(f32([0, 0, 0, 1, 1, 1]))), [0, 0.2, 0.3, 0.3, 0.2, 0].map(Math.fround));
});

test('deltaRegressionInSegments skips pairs with a zero and grows the normaliser across fields', () => {
  // one field, fully non-zero: frame 0 adds 1+4 → norm 15, frame 1 → 20, …
  const [d] = deltaRegressionInSegments([f32([1, 2, 3, 4])]);
  // t=0: pairs (1,2)·1 + (1,3)·2 = 1+4 = 5 → 5/15; t=1: (1,3)+2·(1,4)=2+6=8 → 8/20; t=2: 8/25; t=3: 5/30
  assert.deepEqual(Array.from(d), [5 / 15, 8 / 20, 8 / 25, 5 / 30].map(Math.fround));

  // two fields: the second field of a frame sees the increments of the first
  const [a, b] = deltaRegressionInSegments([f32([1, 1, 1]), f32([0, 5, 0])]);
  assert.deepEqual(Array.from(a), [0, 0, 0]);
  assert.deepEqual(Array.from(b), [0, 0, 0]); // every pair of b contains a 0
  const [, c] = deltaRegressionInSegments([f32([1, 1, 1]), f32([2, 4, 6])]);
  // frame 0: field 0 adds 5 (norm 15), field 1: pairs (2,4),(2,6) → 2+8 = 10, norm 20
  assert.equal(c[0], Math.fround(10 / 20));
});

test('deltaRegressionInSegments gives 0 for a frame whose pairs all contain zeros', () => {
  const [d] = deltaRegressionInSegments([f32([0, 0, 7, 0, 0])]);
  assert.deepEqual(Array.from(d), [0, 0, 0, 0, 0]);
});

/** Deltas recomputed from openSMILE's own `_sma` columns must equal its `_sma_de` columns. */
test('deltas match the openSMILE LLD CSVs', { skip: SKIP_NO_SHARED }, () => {
  const file = resolve(SHARED_DIR, 'reference/opensmile/lld/03-01-02-02-02-01-07.csv');
  assert.ok(existsSync(file), file);
  const rows = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(';').slice(2).map(Number));
  const column = (j: number): Float32Array => Float32Array.from(rows, (r) => r[j]);
  // The last rows depend on frames beyond the CSV; compare the first n60 − 2.
  const compared = rows.length - 3;
  const check = (j: number, d: Float32Array): void => {
    const ref = column(65 + j);
    const scale = Math.max(...ref.map(Math.abs));
    for (let t = 0; t < compared; t++) {
      assert.ok(Math.abs(d[t] - ref[t]) <= 1e-5 * scale, `column ${j} frame ${t}: ${d[t]} vs ${ref[t]}`);
    }
  };
  for (let j = 6; j < 65; j++) check(j, deltaRegression(column(j)));
  const voicing = deltaRegressionInSegments([0, 1, 2, 3, 4, 5].map(column));
  voicing.forEach((d, j) => check(j, d));
});
