import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedRecording, splitNoisePool } from '../../data/noiseSplit.js';

const files = (n: number) => Array.from({ length: n }, (_, i) => `noise-${i}.wav`);

test('the training noise is a seeded share of the pool by file, disjoint from the test side, which keeps the pool order', () => {
  const pool = files(10);
  const split = splitNoisePool(pool, 0.25, 11, 'pool');
  // round(0.25 × 10) = 3 files (2.5 rounds up).
  assert.equal(split.training.length, 3);
  assert.equal(split.test.length, 7);
  assert.ok(!split.training.some((f) => split.test.includes(f)), 'no file on both sides');
  assert.deepEqual([...split.training, ...split.test].sort(), [...pool].sort(), 'every file on one side');
  assert.deepEqual(
    split.test,
    pool.filter((f) => split.test.includes(f)),
  );
  assert.deepEqual(splitNoisePool(pool, 0.25, 11, 'pool'), split, 'same seed, same split');
  const others = [1, 2, 3, 4, 5].map((seed) => splitNoisePool(pool, 0.25, seed, 'pool').training.join());
  assert.ok(
    others.some((t) => t !== split.training.join()),
    'the draw depends on the seed',
  );
});

test('at least one file on each side, whatever the fraction', () => {
  assert.deepEqual(splitNoisePool(files(2), 0.01, 1, 'pool').training.length, 1);
  assert.deepEqual(splitNoisePool(files(2), 0.99, 1, 'pool').test.length, 1);
  assert.deepEqual(splitNoisePool(files(5), 0.99, 1, 'pool').training.length, 4);
});

test('a pool of one file cannot be split: a one-line error naming the pool and the way out', () => {
  assert.throws(
    () => splitNoisePool(files(1), 0.25, 1, 'the noise pool (radio/)'),
    (e: Error) =>
      /^the noise pool \(radio\/\) holds 1 usable noise file; .*at least 2: add noise files or set simulate\.trainingNoiseFolder$/.test(e.message) && !e.message.includes('\n'),
  );
  assert.throws(() => splitNoisePool([], 0.25, 1, 'pool'), /holds 0 usable noise files/);
});

test('a training noise folder that holds a copy of a test noise recording is found, by its samples, whatever its name', () => {
  const clip = (seed: number) => Float32Array.from({ length: 800 }, (_, i) => Math.sin(0.01 * seed * i));
  const test = [
    { path: 'radio/a.wav', samples: clip(1) },
    { path: 'radio/b.wav', samples: clip(2) },
  ];
  assert.equal(sharedRecording([{ path: 'train/c.wav', samples: clip(3) }], test), undefined);
  const copy = clip(2);
  assert.deepEqual(
    sharedRecording(
      [
        { path: 'train/c.wav', samples: clip(3) },
        { path: 'train/renamed.wav', samples: copy },
      ],
      test,
    ),
    ['train/renamed.wav', 'radio/b.wav'],
  );
  // One sample's difference is another recording.
  copy[400] += 1e-3;
  assert.equal(sharedRecording([{ path: 'train/renamed.wav', samples: copy }], test), undefined);
});
