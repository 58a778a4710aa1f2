import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeAndClip, percentileOfSorted, robustStats } from '../../stats/robustNormalization.js';

test('percentiles interpolate linearly between order statistics (numpy default)', () => {
  // numpy.percentile([1, 2, 3, 4, 5], [0.5, 25, 50, 99.5]) = [1.02, 2, 3, 4.98]
  const x = [1, 2, 3, 4, 5];
  assert.ok(Math.abs(percentileOfSorted(x, 0.5) - 1.02) < 1e-12);
  assert.equal(percentileOfSorted(x, 25), 2);
  assert.equal(percentileOfSorted(x, 50), 3);
  assert.ok(Math.abs(percentileOfSorted(x, 99.5) - 4.98) < 1e-12);
  assert.equal(percentileOfSorted([7], 99.5), 7);
});

test('robust statistics ignore values outside the 0.5-99.5 percentile range', () => {
  // Column 0: 1..199 plus one huge outlier; column 1: constant; column 2: two values.
  const rows = 200;
  const values = new Float32Array(rows * 3);
  for (let i = 0; i < rows; i++) {
    values[i * 3] = i < 199 ? i + 1 : 1e6;
    values[i * 3 + 1] = 4.5;
    values[i * 3 + 2] = i % 2 ? 1 : -1;
  }
  const s = robustStats(values, rows, 3);
  // The 0.5th percentile is 1.995 and the 99.5th lies between 199 and 1e6: the retained values are 2..199.
  const kept = Array.from({ length: 198 }, (_, k) => k + 2);
  const mean = kept.reduce((a, b) => a + b, 0) / kept.length;
  const std = Math.sqrt(kept.reduce((a, b) => a + (b - mean) ** 2, 0) / kept.length);
  assert.ok(Math.abs(s.mean[0] - mean) < 1e-9, `mean ${s.mean[0]} vs ${mean}`);
  assert.ok(Math.abs(s.std[0] - std) < 1e-9);
  assert.equal(s.mean[1], 4.5);
  assert.equal(s.std[1], 1, 'a constant feature gets std 1');
  assert.equal(s.mean[2], 0);
  assert.equal(s.std[2], 1);

  const z = normalizeAndClip(values, 3, s);
  assert.equal(z[199 * 3], 10, 'the outlier is clipped to +10');
  assert.ok(Math.abs(z[0] - (1 - mean) / std) < 1e-6);
  assert.equal(z[1], 0);
  assert.ok(z.every((v) => v >= -10 && v <= 10));
});
