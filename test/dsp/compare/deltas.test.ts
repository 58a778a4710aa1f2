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

/** A contour of `n` float32 values from a fixed linear congruential sequence, with runs of zeros (unvoiced stretches) and a NaN. */
function contour(n: number, seed: number): Float32Array {
  let state = seed;
  const x = Float32Array.from({ length: n }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 300 - 100;
  });
  for (let t = 0; t < n; t += 97) x.fill(0, t, t + 11);
  x[n >> 1] = NaN;
  return x;
}

/** Hand-written float32 delta: the sums rounded after each operation, then a double division rounded once. */
function referenceDelta(x: Float32Array, half: number): Float32Array {
  const n = x.length;
  const at = (t: number): number => x[Math.min(n - 1, Math.max(0, t))];
  return Float32Array.from(x, (_, t) => {
    let num = 0;
    for (let w = 1; w <= half; w++) num = Math.fround(num + Math.fround(w * Math.fround(at(t + w) - at(t - w))));
    return num / deltaNormaliser(half);
  });
}

test('deltaRegression is the float32 sum in openSMILE order, bit for bit, for a long contour and other windows', () => {
  const x = contour(5000, 7);
  x[x.length >> 1] = 1;
  for (const half of [1, 2, 3]) assert.deepEqual(deltaRegression(x, half), referenceDelta(x, half), `W = ${half}`);
  // A shorter contour after a longer one reads none of the longer one's frames, and `out` may be a view.
  const out = new Float32Array(8);
  // t = 1: 1·(4 − 0) + 2·(4 − 0) = 12 (the last frame repeated, the first too), over 10.
  assert.deepEqual(deltaRegression(f32([0, 2, 4]), 2, out.subarray(2, 5)), f32([1, 1.2, 1]));
  assert.deepEqual(Array.from(out.subarray(0, 2)), [0, 0]);
});

test('deltaRegressionInSegments on long contours: zeros and NaN skipped, one normaliser across fields and frames', () => {
  const fields = [contour(3000, 1), contour(3000, 2), contour(3000, 3)];
  const n = fields[0].length;
  let norm = deltaNormaliser(2);
  const expected = fields.map(() => new Float32Array(n));
  for (let t = 0; t < n; t++) {
    fields.forEach((x, f) => {
      let num = 0;
      for (let w = 1; w <= 2; w++) {
        const before = x[Math.max(0, t - w)];
        const after = x[Math.min(n - 1, t + w)];
        if (before === 0 || after === 0 || Number.isNaN(before) || Number.isNaN(after)) continue;
        num = Math.fround(num + Math.fround(w * Math.fround(after - before)));
        norm = Math.fround(norm + w * w);
      }
      expected[f][t] = num / norm;
    });
  }
  assert.deepEqual(deltaRegressionInSegments(fields), expected);
  assert.deepEqual(deltaRegressionInSegments([]), []);
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
