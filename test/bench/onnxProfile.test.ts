import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { opTypeShares, profileShares } from '../../bench/onnxProfile.js';
import { Graph } from '../../models/onnx/graph.js';
import { add, columnSums, loop, matmul, relu } from '../../models/onnx/ops.js';
import { openSession, tensorOf } from '../../models/onnx/runtime.js';

test('profileShares counts each run’s kernels by kind, after the warm-up runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'profile-test-'));
  try {
    // One matrix multiply, two ops on the large [8, 64] tensor (one a batch sum written as a product with
    // a row of ones: a reduction, not a matrix multiply), one on the small [8, 4] result.
    const g = new Graph();
    const x = g.input('x', 'float32', [8, 64]);
    const w = g.input('w', 'float32', [64, 4]);
    const shifted = add(x, 1);
    g.output('y', relu(matmul(shifted, w)));
    g.output('s', columnSums(shifted));
    const session = await openSession(g, { threads: 1, profilePrefix: join(dir, 'p') });
    const feeds = { x: tensorOf(new Float32Array(8 * 64).fill(0.5), [8, 64]), w: tensorOf(new Float32Array(64 * 4).fill(0.1), [64, 4]) };
    for (let i = 0; i < 5; i++) await session.run(feeds);
    session.endProfiling();
    const trace = join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.json'))!,
    );
    const shares = profileShares(trace, 8 * 64, 2);
    // Kernels per run are sums of 1 / runs: whole numbers up to round-off.
    assert.deepEqual(
      shares.map((s) => [s.label, Math.round(s.ops)]),
      [
        ['matrix multiplies', 1],
        ['other ops touching an input-layer tensor', 2],
        ['all other ops', 1],
      ],
    );
    for (const s of shares) assert.ok(s.ms > 0, `${s.label} took no time`);
    assert.deepEqual(
      opTypeShares(trace, 2)
        .map((s) => [s.label, s.ops])
        .sort(),
      [
        ['Add', 1],
        ['MatMul (batch sums)', 1],
        ['MatMul', 1],
        ['Relu', 1],
      ],
    );
    assert.throws(() => profileShares(trace, 8 * 64, 5), /no session run after the 5 warm-up runs/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a Loop counts by its body’s kernels, not once more as a node of its own', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'profile-test-'));
  try {
    const body = new Graph();
    body.input('iter', 'int64', []);
    const cond = body.input('cond', 'bool', []);
    const acc = body.input('acc', 'float32', [8, 64]);
    body.output('cond.next', cond);
    body.output('acc.next', relu(add(acc, 1)));
    const g = new Graph();
    const trips = g.input('trips', 'int64', []);
    const [out] = loop(trips, [g.input('acc', 'float32', [8, 64])], body);
    g.output('out', out);
    const session = await openSession(g, { threads: 1, profilePrefix: join(dir, 'p') });
    const feeds = { trips: tensorOf(BigInt64Array.of(3n), []), acc: tensorOf(new Float32Array(8 * 64), [8, 64]) };
    for (let i = 0; i < 3; i++) await session.run(feeds);
    session.endProfiling();
    const trace = join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.json'))!,
    );
    assert.deepEqual(
      opTypeShares(trace, 1)
        .map((s) => [s.label, s.ops])
        .sort(),
      [
        ['Add', 3],
        ['Identity', 3],
        ['Relu', 3],
      ],
    );
    assert.deepEqual(
      profileShares(trace, 8 * 64, 1).map((s) => s.ops),
      [0, 6, 3],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
