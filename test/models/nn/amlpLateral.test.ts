import assert from 'node:assert/strict';
import { test } from 'node:test';
import { amlp, amlpInit, amlpRows, withoutLateral } from '../../../models/nn/amlp.js';
import { Graph } from '../../../models/onnx/graph.js';
import { openSession, tensorOf } from '../../../models/onnx/runtime.js';
import { createRng } from '../../../dsp/random.js';

const CELLS = 4;
const WIDTH = 6;
const ROWS = 5;

test("cutting a combinator's lateral connection leaves an output that depends on the top-down signal only", async () => {
  const g = new Graph();
  const zTilde = g.input('zTilde', 'float32', [ROWS, WIDTH]);
  const u = g.input('u', 'float32', [ROWS, WIDTH]);
  const params = g.input('params', 'float32', [amlpRows(CELLS), WIDTH]);
  g.output('out', amlp(zTilde, u, params, CELLS, 0.1));
  const session = await openSession(g);
  const rng = createRng(1);
  const trained = Float32Array.from(amlpInit(WIDTH, CELLS, 0.1, rng));
  const cut = withoutLateral(trained, CELLS);
  const uValues = rng.fillNormal(new Float32Array(ROWS * WIDTH));
  const run = async (p: Float32Array, z: Float32Array) =>
    (await session.run({ zTilde: tensorOf(z, [ROWS, WIDTH]), u: tensorOf(uValues, [ROWS, WIDTH]), params: tensorOf(p, [amlpRows(CELLS), WIDTH]) })).out.data as Float32Array;
  const z1 = rng.fillNormal(new Float32Array(ROWS * WIDTH));
  const z2 = rng.fillNormal(new Float32Array(ROWS * WIDTH));
  // With the lateral path the output follows z~ (the identity initialisation); cut, z~ changes nothing.
  const [a1, a2] = [await run(trained, z1), await run(trained, z2)];
  assert.ok(a1.some((v, i) => Math.abs(v - a2[i]) > 0.1));
  assert.deepEqual(await run(cut, z1), await run(cut, z2));
  // Only the rows of z~ and z~u are zeroed; u's weights, the biases and the output weights are kept.
  const row = (p: Float32Array, r: number) => p.subarray(r * WIDTH, (r + 1) * WIDTH);
  for (let r = 0; r < amlpRows(CELLS); r++) {
    const lateral = r < CELLS || (r >= 2 * CELLS && r < 3 * CELLS);
    if (lateral)
      assert.ok(
        row(cut, r).every((v) => v === 0),
        `row ${r}`,
      );
    else assert.deepEqual(row(cut, r), row(trained, r), `row ${r}`);
  }
  assert.ok(
    row(trained, 0).some((v) => v !== 0),
    'withoutLateral changed its input',
  );
});
