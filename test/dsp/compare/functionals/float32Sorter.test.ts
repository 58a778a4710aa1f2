import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Float32Sorter } from '../../../../dsp/compare/functionals/float32Sorter.js';

/** Same values, same order, same sign of zero as TypedArray.prototype.sort. */
function assertSortedLikeNative(sorter: Float32Sorter, x: Float32Array): void {
  const expected = Float32Array.from(x).sort();
  const actual = sorter.sort(x);
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.ok(Object.is(actual[i], expected[i]), `index ${i}: ${actual[i]} vs ${expected[i]}`);
}

test('radix sort orders negatives, ±0, denormals, infinities and NaN as TypedArray sort does', () => {
  const special = [3, -0, 0, -1e-42, 1e-42, -Infinity, Infinity, NaN, -2.5, 2.5, -3.4e38, 3.4e38, 0, -0, 1, -1];
  assertSortedLikeNative(new Float32Sorter(), Float32Array.from(special));
});

test('radix sort matches TypedArray sort on random contours of many lengths, reusing its buffers', () => {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const sorter = new Float32Sorter();
  for (const n of [0, 1, 2, 17, 300, 6000, 5, 1000]) {
    const x = Float32Array.from({ length: n }, () => (random() - 0.5) * 10 ** Math.floor(random() * 12 - 6));
    const before = Float32Array.from(x);
    assertSortedLikeNative(sorter, x);
    assert.deepEqual(x, before, 'the input is left untouched');
  }
});

test('radix sort reads a contour that is a view into a larger buffer', () => {
  const whole = Float32Array.from([9, 4, -1, 7, 0, -6, 2]);
  assert.deepEqual([...new Float32Sorter().sort(whole.subarray(2, 6))], [-6, -1, 0, 7]);
});

test('radix sort skips the digits every value shares, whether an odd or an even number of passes is left', () => {
  let seed = 3;
  const random = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const sorter = new Float32Sorter();
  // In [1, 1 + width) the float32 bit patterns share their top 1, 2 or 3 bytes; a constant shares all 4.
  for (const width of [0.5, 2 ** -10, 2 ** -18, 0]) {
    for (const n of [1, 40, 3000])
      assertSortedLikeNative(
        sorter,
        Float32Array.from({ length: n }, () => 1 + random() * width),
      );
  }
  // Shared low bytes (whole numbers): passes skipped first, then run.
  assertSortedLikeNative(
    sorter,
    Float32Array.from({ length: 500 }, () => Math.floor(random() * 200) - 100),
  );
});
