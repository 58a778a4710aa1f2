import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Float64, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { FeatureWriter, readFeatureMatrix } from '../../data/featureStore.js';
import { UnreadableFile } from '../../data/unreadableFile.js';

test('feature files round-trip through Arrow IPC with an id column and named float32 columns', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-'));
  const names = ['pcm_RMSenergy_sma_range', 'mfcc_sma[1]_amean', 'F0final_sma_ff0_nnz'];
  const writer = new FeatureWriter(join(dir, 'set.arrow'), names, 2);
  const rows = Array.from({ length: 5 }, (_, i) => Float32Array.from([i, -i / 3, i * 1e-7]));
  rows.forEach((r, i) => writer.add(`utt/${i}`, r));
  await writer.close();

  const table = tableFromIPC(readFileSync(join(dir, 'set.arrow')));
  assert.deepEqual(
    table.schema.fields.map((f) => f.name),
    ['id', ...names],
  );
  assert.equal(String(table.schema.fields[1].type), 'Float32');
  const m = await readFeatureMatrix(join(dir, 'set.arrow'));
  assert.deepEqual(m.ids, ['utt/0', 'utt/1', 'utt/2', 'utt/3', 'utt/4']);
  assert.deepEqual(m.names, names);
  assert.deepEqual(Array.from(m.values.subarray(9, 12)), Array.from(rows[3]));
  assert.throws(() => writer.add('x', new Float32Array(2)), /2 features, expected 3/);
});

test('a feature file in another layout (float64 columns, as pandas writes) reads through the generic path to the same matrix', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-float64-'));
  const path = join(dir, 'set.arrow');
  const table = new Table({
    a: vectorFromArray([0.5, -2, 1e-7], new Float64()),
    id: vectorFromArray(['x', 'y', 'z'], new Utf8()),
    b: vectorFromArray([3, 4, 5], new Float64()),
  });
  writeFileSync(path, tableToIPC(table, 'file'));
  const m = await readFeatureMatrix(path);
  assert.deepEqual(m.ids, ['x', 'y', 'z']);
  assert.deepEqual(m.names, ['a', 'b']);
  assert.deepEqual(Array.from(m.values), [0.5, 3, -2, 4, Math.fround(1e-7), 5]);
});

test('a damaged feature file fails with one line naming it, never as an empty or garbled matrix', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-damaged-'));
  const path = join(dir, 'set.arrow');
  const write = async (values: number[]) => {
    const writer = new FeatureWriter(path, ['a', 'b'], 2);
    values.forEach((v, i) => writer.add(`u${i}`, Float32Array.of(v, v + 1)));
    await writer.close();
    return readFileSync(path);
  };
  const good = await write([1, 2, 3]);
  const middle = Buffer.from(good);
  for (let i = 200; i < good.length - 200; i++) middle[i] = (i * 7919) & 0xff;
  for (const [bytes, why] of [
    [good.subarray(0, good.length >> 1), 'truncated: no Arrow footer'],
    [Buffer.alloc(0), 'empty'],
    [Buffer.from(good.map((_, i) => (i * 31) & 0xff)), 'it does not start as an Arrow file'],
    [middle, 'its Arrow metadata is damaged'],
  ] as const) {
    writeFileSync(path, bytes);
    await assert.rejects(readFeatureMatrix(path), (e: Error) => e instanceof UnreadableFile && e.message === `${path} is not a readable Arrow file (${why})`);
  }
  await write([1, NaN, 3]);
  await assert.rejects(readFeatureMatrix(path), { message: `${path} is not a readable Arrow file (u1: a is NaN)` });
});
