import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPredictGraph } from '../../models/export/predict.js';
import { createModel } from '../../models/model.js';
import { openSession, tensorOf } from '../../models/onnx/runtime.js';
import { MODEL_KINDS, modelSpec, type ModelKind } from '../../models/spec.js';
import { initialValues } from '../../models/training/init.js';
import { createRng } from '../../dsp/random.js';
import { buildLoss } from '../../models/training/trainStep.js';
import { batchOf, lossesRef, predictRef } from './referenceModels.js';

const ROWS = 12;
const SIZES = { inputs: 7, hidden: [6, 6] as [number, number], emotion: 2 };

function randomValues(kind: ModelKind, outputs: number) {
  const model = createModel(modelSpec(kind, { ...SIZES, outputs }));
  const rng = createRng(21);
  const { params, state } = initialValues(model, 5);
  for (const v of Object.values(params)) v.forEach((x, i) => (v[i] = x + 0.2 * rng.normal()));
  for (const [name, v] of Object.entries(state)) v.forEach((_, i) => (v[i] = name.endsWith('.var') ? 0.5 + rng.uniform() : rng.normal()));
  const draw = (w: number) => rng.fillNormal(new Float64Array(ROWS * w));
  const x = draw(SIZES.inputs);
  const y = draw(outputs);
  const noise = Object.fromEntries(model.noise.map((n) => [n.name, draw(n.width)]));
  return { model, params, state, x, y, noise };
}

for (const kind of MODEL_KINDS) {
  for (const outputs of [1, 3]) {
    test(`${kind} (${outputs} output${outputs > 1 ? 's' : ''}): graph losses and prediction equal a line-by-line transcription of dln_torch.py`, async () => {
      const { model, params, state, x, y, noise } = randomValues(kind, outputs);
      const L = buildLoss(model, { dtype: 'float64' });
      L.graph.output('pred', L.pred);
      for (const [name, t] of Object.entries(L.reconstruction)) L.graph.output(`rec.${name}`, t);
      const feeds = {
        ...Object.fromEntries(model.params.map((p) => [`p.${p.name}`, tensorOf(params[p.name], p.shape)])),
        ...Object.fromEntries(model.state.map((s) => [`s.${s.name}`, tensorOf(state[s.name], s.shape)])),
        ...Object.fromEntries(model.noise.map((n) => [`n.${n.name}`, tensorOf(noise[n.name], [ROWS, n.width])])),
        x: tensorOf(x, [ROWS, SIZES.inputs]),
        y: tensorOf(y, [ROWS, outputs]),
        labelled: tensorOf(Float64Array.of(1), []),
      };
      const got = await (await openSession(L.graph)).run(feeds);
      const want = lossesRef(model.spec, params, batchOf(model.spec, ROWS, x, y, noise));
      assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort());
      for (const [name, v] of Object.entries(want)) {
        const g = got[name].data[0] as number;
        assert.ok(Math.abs(g - v) <= 1e-10 * Math.max(1, Math.abs(v)), `${name}: graph ${g}, reference ${v}`);
      }

      const P = await openSession(buildPredictGraph(model, { dtype: 'float64' }));
      const pred = (await P.run({ ...feeds, x: tensorOf(x, [ROWS, SIZES.inputs]) })).prediction.data as Float64Array;
      const ref = predictRef(model.spec, params, state, batchOf(model.spec, ROWS, x, y, noise).x);
      pred.forEach((v, i) => assert.ok(Math.abs(v - ref.data[i]) <= 1e-10 * Math.max(1, Math.abs(ref.data[i])), `prediction ${i}`));
    });
  }
}
