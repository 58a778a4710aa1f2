import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeTensors } from '../../models/training/checkpointBytes.js';
import { createRng } from '../../dsp/random.js';
import { loadResumePoint, saveResumePoint, type ResumePoint } from '../../stages/trainResumePoint.js';

test('a resume point written in pieces is the bytes of the one-buffer encoding and reads back whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resume-'));
  const rng = createRng(4);
  const values = (n: number) => ({ W1: rng.fillNormal(new Float32Array(n)), b1: rng.fillNormal(new Float32Array(3)) });
  // A view at an offset into a larger buffer, as onnxruntime's outputs may be.
  const wide = rng.fillNormal(new Float32Array(20));
  const point: ResumePoint = {
    epoch: 7,
    trainer: { step: 28, params: values(13), m: values(13), v: values(13), state: { 'bn1.mean': wide.subarray(5, 9) } },
    best: { epoch: 6, params: values(13), state: { 'bn1.mean': wide.subarray(1, 5) } },
    history: 'epoch,dev_ccc\n1,0.5\n',
  };
  await saveResumePoint(dir, point);
  const { trainer: t, best } = point;
  const groups = { params: t.params, m: t.m, v: t.v, state: t.state, 'best.params': best.params, 'best.state': best.state };
  const expected = encodeTensors({ step: t.step, groups, meta: { epoch: 7, bestEpoch: 6, history: point.history } });
  assert.ok(readFileSync(join(dir, 'checkpoint.bin')).equals(expected));
  const back = await loadResumePoint(dir, (m) => assert.fail(m));
  assert.deepEqual(back, point);
});
