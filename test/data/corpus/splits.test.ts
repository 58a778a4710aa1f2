import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapSplitSet, splitBySpeaker } from '../../../data/corpus/splits.js';

test('speaker split: deterministic, speaker-independent, close to the fractions', () => {
  const items = Array.from({ length: 400 }, (_, i) => `spk${i % 20}`);
  const a = splitBySpeaker(items, { train: 0.7, dev: 0.15, test: 0.15 }, 3);
  assert.deepEqual(splitBySpeaker(items, { train: 0.7, dev: 0.15, test: 0.15 }, 3), a, 'same seed, same split');
  assert.notDeepEqual(splitBySpeaker(items, { train: 0.7, dev: 0.15, test: 0.15 }, 4), a, 'another seed, another split');
  const setOf = new Map<string, string>();
  items.forEach((spk, i) => {
    assert.equal(setOf.get(spk) ?? a[i], a[i], `${spk} in one set only`);
    setOf.set(spk, a[i]);
  });
  const count = (s: string) => a.filter((x) => x === s).length;
  assert.deepEqual([count('train'), count('dev'), count('test-clean')], [280, 60, 60]);
});

test('speaker split: every set gets a speaker when there are three, items without speakers split by file', () => {
  const three = splitBySpeaker(['a', 'a', 'a', 'a', 'b', 'c'], { train: 0.98, dev: 0.01, test: 0.01 }, 1);
  assert.deepEqual(new Set(three), new Set(['train', 'dev', 'test-clean']));
  const files = splitBySpeaker(
    Array.from({ length: 100 }, (_, i) => `file:${i}`),
    { train: 0.8, dev: 0.1, test: 0.1 },
    1,
  );
  assert.equal(files.filter((s) => s === 'train').length, 80);
});

test('Split_Set values map onto the sets', () => {
  assert.equal(mapSplitSet('Train', ['Test1']), 'train');
  assert.equal(mapSplitSet('Development', ['Test1']), 'dev');
  assert.equal(mapSplitSet('Test1', ['Test1']), 'test-clean');
  assert.equal(mapSplitSet('Test2', ['Test1']), undefined);
  assert.equal(mapSplitSet('Test2', ['Test1', 'Test2']), 'test-clean');
});
