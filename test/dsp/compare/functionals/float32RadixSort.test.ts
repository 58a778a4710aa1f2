import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentilesLoop, sortedLoop } from '../../../../dsp/compare/functionals/functionalLoops.js';

/** Same values, same order, same sign of zero as TypedArray.prototype.sort. */
function assertSortedLikeNative(x: Float32Array): void {
  const expected = Float32Array.from(x).sort();
  const actual = sortedLoop(x);
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.ok(Object.is(actual[i], expected[i]), `index ${i}: ${actual[i]} vs ${expected[i]}`);
}

function lcg(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

test('radix sort orders negatives, ±0, denormals, infinities and NaN of either sign as TypedArray sort does', () => {
  const special = Float32Array.from([3, -0, 0, -1e-42, 1e-42, -Infinity, Infinity, NaN, -2.5, 2.5, -3.4e38, 3.4e38, 0, -0, 1, -1, 0]);
  // A NaN with the sign bit set (what x86 arithmetic makes of 0·∞) sorts last too, not first.
  new Uint32Array(special.buffer)[special.length - 1] = 0xffc00000;
  assertSortedLikeNative(special);
  assert.deepEqual(
    Array.from(sortedLoop(Float32Array.of(2, -0, 0, -0, -1))).map((v) => Object.is(v, -0)),
    [false, true, true, false, false],
  );
});

test('radix sort matches TypedArray sort on random contours of many lengths, and leaves the input untouched', () => {
  const random = lcg(7);
  for (const n of [0, 1, 2, 17, 300, 6000, 5, 1000, 70000]) {
    const x = Float32Array.from({ length: n }, () => (random() - 0.5) * 10 ** Math.floor(random() * 12 - 6));
    const before = Float32Array.from(x);
    assertSortedLikeNative(x);
    assert.deepEqual(x, before, 'the input is left untouched');
  }
});

test('radix sort reads a contour that is a view into a larger buffer', () => {
  const whole = Float32Array.from([9, 4, -1, 7, 0, -6, 2]);
  assert.deepEqual([...sortedLoop(whole.subarray(2, 6))], [-6, -1, 0, 7]);
});

test('radix sort skips the digits every value shares, whether an odd or an even number of passes is left', () => {
  const random = lcg(3);
  // In [1, 1 + width) the float32 bit patterns share their top 1, 2 or 3 bytes; a constant shares all 4.
  for (const width of [0.5, 2 ** -10, 2 ** -18, 0]) {
    for (const n of [1, 40, 3000]) assertSortedLikeNative(Float32Array.from({ length: n }, () => 1 + random() * width));
  }
  // Shared low bytes (whole numbers): passes skipped first, then run.
  assertSortedLikeNative(Float32Array.from({ length: 500 }, () => Math.floor(random() * 200) - 100));
});

test('percentiles: the sorted values at p·(N−1), interpolated with float32 weights, of an unsorted contour with negatives, ±0 and ties', () => {
  // Sorted: −4, −1, −0, 0, 2, 2, 2, 8 (N − 1 = 7).
  const x = Float32Array.from([2, -0, 8, -1, 2, 0, -4, 2]);
  const [p0, q1, q2, q3, p1, p100, third, tenth] = percentilesLoop(x, [0, 0.25, 0.5, 0.75, 0.01, 1, 3 / 7, 0.1]);
  assert.equal(p0, -4);
  // 0.25·7 = 1.75: −1·0.25 + −0·0.75 (−0.25); 3.5: 0·0.5 + 2·0.5; 5.25: 2 between ties.
  assert.equal(q1, -0.25);
  assert.equal(q2, 1);
  assert.equal(q3, 2);
  // 0.07: −4·0.93 + −1·0.07, each weight and product rounded to float32.
  const f32 = Math.fround;
  assert.equal(p1, f32(f32(-4 * f32(1 - 0.07)) + f32(-1 * f32(0.07))));
  assert.notEqual(p1, -4 * 0.93 - 0.07);
  assert.equal(p100, 8);
  // 3/7 · 7 lands on rank 3 exactly (the +0, after the −0), with no interpolation.
  assert.ok(Object.is(third, 0), `${third}`);
  // 0.7: −4·0.3 + −1·0.7.
  assert.equal(tenth, f32(f32(-4 * f32(0.3)) + f32(-1 * f32(0.7))));
  assert.deepEqual(Array.from(percentilesLoop(Float32Array.of(7), [0.01, 0.99])), [7, 7]);
  assert.deepEqual(Array.from(percentilesLoop(new Float32Array(0), [0.5])), [0]);
});

/** The p-quantile of an ascending array at position p·(N−1), interpolated with float32 weights (the JavaScript percentiles.ts had). */
function percentileOfSorted(sorted: Float32Array, p: number): number {
  const f32 = Math.fround;
  const position = p * (sorted.length - 1);
  const lower = Math.min(Math.max(Math.floor(position), 0), sorted.length - 1);
  const upper = Math.min(Math.max(Math.ceil(position), 0), sorted.length - 1);
  if (lower === upper) return sorted[lower];
  return f32(f32(sorted[lower] * f32(upper - position)) + f32(sorted[upper] * f32(position - lower)));
}

test('percentiles select the ranks a full sort puts there: clustered, tied, signed, wide and NaN contours of many lengths', () => {
  const random = lcg(11);
  const probabilities = [0.25, 0.5, 0.75, 0.01, 0.99, 0, 1, 0.3];
  const makers: Array<(i: number) => number> = [
    () => random() - 0.5,
    () => 1 + random() * 2 ** -20,
    (i) => (i % 3 === 0 ? 0 : random() * 100),
    () => Math.floor(random() * 4) - 2,
    () => (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20),
    (i) => (i % 97 === 5 ? NaN : random() < 0.5 ? -0 : random()),
    () => 7,
    (i) => (i % 2 ? 3.4e38 : -3.4e38),
  ];
  for (const make of makers) {
    for (const n of [1, 2, 3, 10, 257, 6000]) {
      const x = Float32Array.from({ length: n }, (_, i) => make(i));
      const sorted = Float32Array.from(x).sort();
      const actual = percentilesLoop(x, probabilities);
      probabilities.forEach((p, k) => assert.ok(Object.is(actual[k], percentileOfSorted(sorted, p)), `n ${n}, p ${p}: ${actual[k]} vs ${percentileOfSorted(sorted, p)}`));
    }
  }
});
