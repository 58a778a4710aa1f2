import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toOpenSmileScale } from '../../../data/features/extractWorker.js';

test('toOpenSmileScale maps every int16 k from k/32768 to k/32767 exactly', () => {
  const k = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
  const got = toOpenSmileScale(Float32Array.from(k, (v) => v / 32768));
  assert.deepEqual(
    got,
    Float32Array.from(k, (v) => v / 32767),
  );
});

test('toOpenSmileScale applies the gain 32768/32767 to audio off the int16 grid', () => {
  const x = Float32Array.of(0.1, -0.3, 1.5, 1e-9);
  assert.deepEqual(
    toOpenSmileScale(x.slice()),
    Float32Array.from(x, (v) => v * (32768 / 32767)),
  );
});
