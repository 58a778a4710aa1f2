import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createModel } from '../../models/model.js';
import { MODEL_KINDS, modelSpec, type ModelKind, type Routing } from '../../models/spec.js';
import { initialValues } from '../../models/training/init.js';
import { createRng } from '../../dsp/random.js';
import { buildLoss } from '../../models/training/trainStep.js';
import { checkLossGradient } from './gradCheck.js';

const BATCH = 8;
const SMALL = { inputs: 4, hidden: [4, 4] as [number, number], emotion: 2 };

async function checkModel(kind: ModelKind, opts: { labelled?: number; outputs?: number; routing?: Routing } = {}) {
  const model = createModel(modelSpec(kind, { ...SMALL, outputs: opts.outputs ?? 1 }));
  const L = buildLoss(model, { dtype: 'float64', routing: opts.routing });
  const rng = createRng(7);
  const { params, state } = initialValues(model, 3);
  const values: Record<string, { data: Float64Array; dims: number[] }> = {};
  for (const p of model.params) {
    // Move gains and biases off their initial 1 and 0 so that every rule sees generic values.
    const data = params[p.name].map((v) => v + 0.3 * rng.normal());
    values[`p.${p.name}`] = { data, dims: p.shape };
  }
  for (const s of model.state) values[`s.${s.name}`] = { data: state[s.name], dims: s.shape };
  const batchInput = (width: number) => ({ data: rng.fillNormal(new Float64Array(BATCH * width)), dims: [BATCH, width] });
  values.x = batchInput(model.spec.inputs);
  values.y = batchInput(model.spec.outputs);
  values.labelled = { data: Float64Array.of(opts.labelled ?? 1), dims: [] };
  for (const n of model.noise) values[`n.${n.name}`] = batchInput(n.width);
  const wrt = model.params.map((p) => L.params[p.name]);
  // Gradients below 1e-3 are compared absolutely: some (e.g. of V.z3, feeding a batch norm of a rank-1
  // product) are ~1e-5, where round-off in the differences alone is a 1e-4 relative error. A step of 1e-5
  // balances round-off against truncation here (1e-6: errors ~6e-6; 1e-5: ~5e-7).
  return checkLossGradient(L.graph, L.total, wrt, values, { floor: 1e-3, step: 1e-5 });
}

const TOL = 1e-5;

for (const kind of MODEL_KINDS) {
  test(`whole-model gradient of ${kind} (labelled batch) matches central differences`, async (t) => {
    const r = await checkModel(kind);
    t.diagnostic(`max relative error ${r.maxRelError.toExponential(2)} over ${r.checked} parameters`);
    assert.ok(r.maxAbsGradient > 1e-3);
    assert.ok(r.maxRelError < TOL, `max relative error ${r.maxRelError.toExponential(2)}`);
  });
}

for (const kind of ['ln', 'dln', 'dln_he'] as const) {
  test(`whole-model gradient of ${kind} (unlabelled batch) matches central differences`, async (t) => {
    const r = await checkModel(kind, { labelled: 0 });
    t.diagnostic(`max relative error ${r.maxRelError.toExponential(2)}`);
    assert.ok(r.maxRelError < TOL, `max relative error ${r.maxRelError.toExponential(2)}`);
  });
}

test('whole-model gradient of the DLN with swapped embeddings (Figure 3 routing) matches central differences', async (t) => {
  const r = await checkModel('dln', { routing: { head: 'reconstruction', decoderTop: 'emotion' } });
  t.diagnostic(`max relative error ${r.maxRelError.toExponential(2)}`);
  assert.ok(r.maxRelError < TOL, `max relative error ${r.maxRelError.toExponential(2)}`);
});

test('whole-model gradient of the multi-task DLN+he (3 outputs) matches central differences', async (t) => {
  const r = await checkModel('dln_he', { outputs: 3 });
  t.diagnostic(`max relative error ${r.maxRelError.toExponential(2)}`);
  assert.ok(r.maxRelError < TOL, `max relative error ${r.maxRelError.toExponential(2)}`);
});
