import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { tableFromIPC } from 'apache-arrow';
import { predictionColumnName, readPredictions, writePredictions } from '../../data/predictionStore.js';
import { UnreadableFile } from '../../data/unreadableFile.js';

test("evaluate's predictions round-trip: an id column and a float32 column per run and attribute, named by the run's folder", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'predictions-'));
  const path = join(dir, 'test-5dB.arrow');
  const a = predictionColumnName({ model: 'dln', target: 'multitask', trainedFor: '5dB', seed: 3, attribute: 'valence' });
  const b = predictionColumnName({ model: 'dense', target: 'arousal', trainedFor: 'clean', seed: 1, attribute: 'arousal' });
  assert.equal(a, 'dln/multitask/5dB/seed-3/valence');
  const columns = new Map([
    [a, Float32Array.from([0.25, -1.5, 3.0000001])],
    [b, Float32Array.from([4, 5, 6])],
  ]);
  await writePredictions(path, { ids: ['u1', 'u2', 'u3'], columns });

  // What pandas or pyarrow see: the names and float32 values as written.
  const table = tableFromIPC(readFileSync(path));
  assert.deepEqual(
    table.schema.fields.map((f) => f.name),
    ['id', a, b],
  );
  assert.deepEqual(Array.from(table.getChild(a)!.toArray() as Float32Array), Array.from(columns.get(a)!));

  const back = await readPredictions(path);
  assert.deepEqual(back.ids, ['u1', 'u2', 'u3']);
  assert.deepEqual([...back.columns.keys()], [a, b]);
  for (const [name, values] of columns) assert.deepEqual(back.columns.get(name), values);
});

test('a damaged predictions file is refused with its path, never read as numbers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'predictions-'));
  const path = join(dir, 'test-clean.arrow');
  await writePredictions(path, { ids: ['u1'], columns: new Map([['dln/multitask/clean/seed-1/arousal', Float32Array.from([0.5])]]) });
  const bytes = readFileSync(path);
  writeFileSync(path, bytes.subarray(0, bytes.length - 40));
  await assert.rejects(readPredictions(path), (e: Error) => e instanceof UnreadableFile && e.message.includes(path));
});
