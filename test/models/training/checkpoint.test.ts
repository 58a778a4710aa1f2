import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UnreadableFile } from '../../../data/unreadableFile.js';
import { createModel } from '../../../models/model.js';
import { modelSpec } from '../../../models/spec.js';
import { CheckpointError, decodeCheckpoint, decodeTensors, encodeCheckpoint, encodeTensors } from '../../../models/training/checkpointBytes.js';
import { createRng } from '../../../dsp/random.js';
import { Trainer } from '../../../models/training/trainer.js';
import { encodeWeights, readWeights } from '../../../stages/runGrid.js';

const D = 10;
const ROWS = 32;
const OPTS = { lr: 1e-2, seed: 2, noiseBankSize: 1 << 14 };

test('a checkpoint written to bytes and read back resumes training bit for bit', async () => {
  const model = createModel(modelSpec('dln', { inputs: D, hidden: [8, 8], emotion: 4 }));
  const a = await Trainer.create(model, OPTS);
  const rng = createRng(9);
  const batches = Array.from({ length: 4 }, () => ({ x: rng.fillNormal(new Float32Array(ROWS * D)), y: rng.fillNormal(new Float32Array(ROWS)) }));
  for (const b of batches.slice(0, 3)) await a.trainStep(b.x, b.y, ROWS);
  await a.trainStep(batches[3].x, undefined, ROWS);
  const bytes = encodeCheckpoint(a.checkpoint());
  // Read back from an odd offset, as a slice of a larger file buffer might be.
  const file = new Uint8Array(bytes.length + 3);
  file.set(bytes, 3);
  const restored = decodeCheckpoint(file.subarray(3));
  assert.equal(restored.step, 4);
  assert.deepEqual(restored.params.W1, a.checkpoint().params.W1);
  assert.deepEqual(restored.state['bn2.var'], a.checkpoint().state['bn2.var']);

  const b = await Trainer.create(model, OPTS);
  b.restore(restored);
  const la = await a.trainStep(batches[0].x, batches[0].y, ROWS);
  const lb = await b.trainStep(batches[0].x, batches[0].y, ROWS);
  assert.deepEqual(lb, la);
  for (const group of ['params', 'm', 'v', 'state'] as const) {
    for (const [name, v] of Object.entries(a.checkpoint()[group])) assert.deepEqual(b.checkpoint()[group][name], v, `${group}.${name}`);
  }
  assert.notDeepEqual(a.checkpoint().params.W1, restored.params.W1);
});

test('restoring a checkpoint of another architecture is refused', async () => {
  const small = await Trainer.create(createModel(modelSpec('dln', { inputs: D, hidden: [8, 8], emotion: 4 })), OPTS);
  const other = await Trainer.create(createModel(modelSpec('dln', { inputs: D + 1, hidden: [8, 8], emotion: 4 })), OPTS);
  assert.throws(() => other.restore(small.checkpoint()), /W1/);
  assert.throws(() => decodeCheckpoint(new Uint8Array(16)), /format|JSON/);
});

test('a checkpoint that is truncated, has a flipped byte or extra bytes is refused with the reason', async () => {
  const a = await Trainer.create(createModel(modelSpec('dln', { inputs: D, hidden: [8, 8], emotion: 4 })), OPTS);
  const bytes = encodeCheckpoint(a.checkpoint());
  assert.throws(
    () => decodeCheckpoint(bytes.subarray(0, bytes.length - 100)),
    (e: unknown) => e instanceof CheckpointError && /truncated/.test(e.message),
  );
  assert.throws(() => decodeCheckpoint(bytes.subarray(0, 3)), CheckpointError);
  assert.throws(() => decodeCheckpoint(new Uint8Array([...bytes, 0])), CheckpointError);
  for (const at of [bytes.length / 2, bytes.length - 1, 10]) {
    const flipped = bytes.slice();
    flipped[Math.floor(at)] ^= 0x10;
    assert.throws(() => decodeCheckpoint(flipped), CheckpointError, `byte ${at} flipped`);
  }
  assert.doesNotThrow(() => decodeCheckpoint(bytes));
});

test('free tensor groups and metadata travel with the tensors', () => {
  const f = { step: 7, groups: { a: { x: Float32Array.of(1, 2, 3) }, 'b.c': { y: Float32Array.of(-0.5) } }, meta: { history: 'epoch\n1\n', bestEpoch: 1 } };
  assert.deepEqual(decodeTensors(encodeTensors(f)), f);
});

test('a damaged weights file is reported as unreadable, by its path', async () => {
  const a = await Trainer.create(createModel(modelSpec('dln', { inputs: D, hidden: [8, 8], emotion: 4 })), OPTS);
  const path = join(mkdtempSync(join(tmpdir(), 'weights-')), 'weights.bin');
  const bytes = encodeWeights(a.checkpoint(), 3);
  writeFileSync(path, bytes);
  assert.equal((await readWeights(path)).step, 3);
  writeFileSync(path, bytes.subarray(0, bytes.length - 1));
  await assert.rejects(readWeights(path), (e: unknown) => e instanceof UnreadableFile && e.path === path && /truncated/.test(e.message));
});
