import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { profileShares } from '../../bench/onnxProfile.js';
import { Graph } from '../../models/onnx/graph.js';
import { add, matmul, relu } from '../../models/onnx/ops.js';
import { openSession, tensorOf } from '../../models/onnx/runtime.js';

test('profileShares counts each run’s kernels by kind, after the warm-up runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'profile-test-'));
  try {
    // One matrix multiply, one op on the large [8, 64] tensor, one on the small [8, 4] result.
    const g = new Graph();
    const x = g.input('x', 'float32', [8, 64]);
    const w = g.input('w', 'float32', [64, 4]);
    g.output('y', relu(matmul(add(x, 1), w)));
    const session = await openSession(g, { threads: 1, profilePrefix: join(dir, 'p') });
    const feeds = { x: tensorOf(new Float32Array(8 * 64).fill(0.5), [8, 64]), w: tensorOf(new Float32Array(64 * 4).fill(0.1), [64, 4]) };
    for (let i = 0; i < 5; i++) await session.run(feeds);
    session.endProfiling();
    const trace = join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.json'))!,
    );
    const shares = profileShares(trace, 8 * 64, 2);
    assert.deepEqual(
      shares.map((s) => [s.label, s.ops]),
      [
        ['matrix multiplies', 1],
        ['other ops touching a batch × inputs tensor', 1],
        ['all other ops', 1],
      ],
    );
    for (const s of shares) assert.ok(s.ms > 0, `${s.label} took no time`);
    assert.throws(() => profileShares(trace, 8 * 64, 5), /no session run after the 5 warm-up runs/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
