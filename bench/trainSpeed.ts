/**
 * `npm run bench -- train`: training speed as a user sees it. Per model, ms per labelled and unlabelled
 * step and s per epoch (the trainer's epoch: shuffled batches, K steps per session run, then the dev
 * predictions) of two fixed protocols, on one thread and two; beside it the PyTorch reference's steps in
 * the same run (../shared/reference/dln_torch.py --bench) and the matrix-multiply floor: the step's own
 * Gemm/MatMul nodes, same shapes and transposes, alone in one graph, timed in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelInference } from '../models/export/inference.js';
import { createModel } from '../models/model.js';
import { Graph, nodesUpstreamOf, type Node, type Tensor } from '../models/onnx/graph.js';
import { add, reduceSum } from '../models/onnx/ops.js';
import { openSession, tensorOf } from '../models/onnx/runtime.js';
import { MODEL_KINDS, modelSpec, type Model, type ModelKind } from '../models/spec.js';
import { BLOCK_COLUMNS, blockWidths } from '../models/nn/blockedCost.js';
import { DEFAULT_STEPS_PER_RUN as STEPS_PER_RUN, runEpoch } from '../models/training/epoch.js';
import { createRng } from '../dsp/random.js';
import { Trainer } from '../models/training/trainer.js';
import { buildTrainStep } from '../models/training/trainStep.js';
import { opTypeShares, profileShares, type ProfileShare } from './onnxProfile.js';
import { median } from './support.js';
import { torchStepTimes, type TorchTimes } from './torchReference.js';

const INPUTS = 6373;

interface Protocol {
  name: string;
  batch: number;
  labelled: number;
  unlabelled: number;
  dev: number;
}

/** Issue 12's held-out science protocol (RAVDESS-sized: 4 labelled + 4 unlabelled steps, 48 dev utterances), and the same at the paper's batch of 256. */
const PROTOCOLS: Protocol[] = [
  { name: 'small', batch: 52, labelled: 208, unlabelled: 256, dev: 48 },
  { name: 'batch 256', batch: 256, labelled: 1024, unlabelled: 1024, dev: 48 },
];

const MATMUL_OPS = new Set(['Gemm', 'MatMul']);

/** A batch sum written as a row of ones times a matrix (models/onnx/ops.ts, columnSums): not one of the model's products. */
const isColumnSum = (node: Node) => node.opType === 'MatMul' && node.inputs[0]?.shape[0] === 1;

/**
 * The matrix multiplies of a labelled train step at `batch` rows, alone: each Gemm/MatMul the step runs,
 * with its shapes and attributes, on random inputs; each product summed to a scalar (a pass over it,
 * a few % of the multiply) so that nothing large leaves onnxruntime. Returns its median ms and GFLOP.
 */
async function matmulFloor(model: Model, batch: number, threads: number, reps: number): Promise<{ ms: number; gflop: number }> {
  const g = new Graph();
  const rng = createRng(7);
  const feeds: Record<string, ReturnType<typeof tensorOf>> = {};
  let flop = 0;
  let total: Tensor | undefined;
  for (const node of nodesUpstreamOf(buildTrainStep(model).outputs)) {
    if (!MATMUL_OPS.has(node.opType) || isColumnSum(node)) continue;
    const dims = (t: Tensor) => t.shape.map((d) => (typeof d === 'number' ? d : batch));
    const inputs = node.inputs.map((t, i) => {
      const name = `in${node.id}_${i}`;
      const shape = dims(t!);
      feeds[name] = tensorOf(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape);
      return g.input(name, 'float32', shape);
    });
    const out = node.outputs[0];
    const [a] = inputs;
    const inner = node.opType === 'Gemm' && node.attrs.transA?.value === 1 ? a.shape[0] : a.shape[a.rank - 1];
    flop += 2 * dims(out).reduce((p, q) => p * q, 1) * (inner as number);
    const [product] = g.emit(node.opType, inputs, node.attrs, [{ dtype: 'float32', shape: dims(out) }]);
    const s = reduceSum(
      product,
      product.shape.map((_, i) => i),
    );
    total = total ? add(total, s) : s;
  }
  g.output('sum', total!);
  const session = await openSession(g, { threads, spinning: false });
  for (let i = 0; i < 2; i++) await session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  return { ms: median(times), gflop: flop / 1e9 };
}

interface OurTimes {
  /** One labelled step per session run: the parameters, moments and state cross into and out of onnxruntime every step. */
  labelledMs: number;
  /** A labelled step inside a run of STEPS_PER_RUN, as an epoch runs them (the crossings shared). */
  labelledInRunMs: number;
  unlabelledMs: number;
  epochS: number;
}

async function timeModel(kind: ModelKind, p: Protocol, threads: number, reps: number): Promise<OurTimes> {
  const model = createModel(modelSpec(kind));
  const trainer = await Trainer.create(model, { lr: 1e-4, seed: 1, threads, spinning: false, maxBatch: p.batch });
  const inference = new ModelInference(model, { threads });
  const rng = createRng(2);
  const rows = (n: number) => rng.fillNormal(new Float32Array(n * INPUTS));
  const labelled = { x: rows(p.labelled), y: rng.fillNormal(new Float32Array(p.labelled)), rows: p.labelled };
  const unlabelled = kind === 'dense' ? undefined : { x: rows(p.unlabelled), rows: p.unlabelled };
  const dev = rows(p.dev);
  const x = labelled.x.subarray(0, p.batch * INPUTS);
  const y = labelled.y.subarray(0, p.batch);
  const timeSteps = async (withTargets: boolean) => {
    const times: number[] = [];
    for (let i = 0; i < reps + 2; i++) {
      const t0 = performance.now();
      await trainer.trainStep(x, withTargets ? y : undefined, p.batch);
      if (i >= 2) times.push(performance.now() - t0);
    }
    return median(times);
  };
  const labelledMs = await timeSteps(true);
  const inRun = Array.from({ length: STEPS_PER_RUN }, () => ({ x, y, rows: p.batch }));
  const runs: number[] = [];
  for (let i = 0; i < Math.ceil(reps / 2) + 1; i++) {
    const t0 = performance.now();
    await trainer.trainSteps(inRun);
    if (i >= 1) runs.push((performance.now() - t0) / STEPS_PER_RUN);
  }
  const labelledInRunMs = median(runs);
  const unlabelledMs = kind === 'dense' ? NaN : await timeSteps(false);
  const epochs: number[] = [];
  for (let e = 0; e < 4; e++) {
    const t0 = performance.now();
    await runEpoch(trainer, labelled, unlabelled, { batch: p.batch, seed: e });
    await inference.predict(trainer.checkpoint(), dev, p.dev);
    if (e > 0) epochs.push((performance.now() - t0) / 1000);
  }
  return { labelledMs, labelledInRunMs, unlabelledMs, epochS: median(epochs) };
}

const fmt = (v: number | undefined, digits = 1) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));

/** PyTorch's epoch of the protocol: its labelled and unlabelled step medians (steps only: no data, no dev evaluation). */
function torchEpochS(torch: TorchTimes, kind: ModelKind, p: Protocol): number | undefined {
  if (!torch.ok) return undefined;
  const t = torch.ms[kind];
  if (!t) return undefined;
  const steps = Math.floor(p.labelled / p.batch);
  return (steps * (t.labelled + (kind === 'dense' ? 0 : (t.unlabelled ?? NaN)))) / 1000;
}

/** Where a DLN labelled step's time goes, from onnxruntime's own profiler. */
async function dlnBreakdown(threads: number, batch: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dln-profile-'));
  try {
    const trainer = await Trainer.create(createModel(modelSpec('dln')), { lr: 1e-4, seed: 1, threads, maxBatch: batch, profilePrefix: join(dir, 'dln') });
    const rng = createRng(3);
    const x = rng.fillNormal(new Float32Array(batch * INPUTS));
    const y = rng.fillNormal(new Float32Array(batch));
    const warmup = 3;
    for (let i = 0; i < warmup + 8; i++) await trainer.trainStep(x, y, batch);
    const trace = trainer.endProfiling();
    // The input layer's tensors: [batch, inputs], its weights, and the column blocks of its reconstruction cost.
    const shares = profileShares(trace, batch * Math.min(...blockWidths(INPUTS, BLOCK_COLUMNS)), warmup);
    const total = shares.reduce((s, p) => s + p.ms, 0);
    const line = (p: ProfileShare) =>
      `  ${p.label.padEnd(44)} ${p.ms.toFixed(1).padStart(6)} ms in ${Math.round(p.ops).toString().padStart(4)} kernels (${((p.ms / p.ops) * 1000).toFixed(0)} µs each)`;
    console.log(`DLN labelled step at batch ${batch}, ${threads} thread${threads > 1 ? 's' : ''}, by onnxruntime's profiler (kernel time ${total.toFixed(1)} ms):`);
    for (const p of shares) console.log(line(p));
    console.log('  by op type, the costliest:');
    for (const p of opTypeShares(trace, warmup).slice(0, 10)) console.log(`  ${line(p)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function trainSpeedBench(): Promise<void> {
  const threadCounts = [...new Set([1, Math.min(2, availableParallelism())])];
  const reps = 7;
  console.log(
    `## Training speed (random data, 6,373 inputs; our epoch: ${STEPS_PER_RUN} steps per session run, then the dev predictions; lab ms: one step per run, in run: a step of a run of ${STEPS_PER_RUN})`,
  );
  for (const threads of threadCounts) {
    for (const p of PROTOCOLS) {
      const steps = Math.floor(p.labelled / p.batch);
      console.log(
        `\n### ${p.name}: ${p.labelled} labelled + ${p.unlabelled} unlabelled utterances at batch ${p.batch} (${steps} + ${steps} steps), dev ${p.dev}; ${threads} thread${threads > 1 ? 's' : ''}`,
      );
      const torch = torchStepTimes(threads, p.batch, reps);
      console.log(
        torch.ok
          ? `PyTorch ${torch.version} (${torch.python}, BLAS ${torch.blas.split(',')[0]}), this run: GEMM ${torch.gemmGflops.toFixed(0)} GFLOP/s; its epoch = its step medians × steps (no data, no dev evaluation)`
          : `no PyTorch reference: ${torch.why}`,
      );
      console.log('model    lab ms  in run  unl ms  epoch s | torch lab  unl   epoch s  torch/ours | matmul floor ms (GFLOP/s)  lab/floor  in run/floor');
      for (const kind of MODEL_KINDS) {
        const ours = await timeModel(kind, p, threads, reps);
        const floor = await matmulFloor(createModel(modelSpec(kind)), p.batch, threads, reps);
        const t = torch.ok ? torch.ms[kind] : undefined;
        const tEpoch = torchEpochS(torch, kind, p);
        console.log(
          `${kind.padEnd(8)} ${fmt(ours.labelledMs).padStart(6)} ${fmt(ours.labelledInRunMs).padStart(7)} ${fmt(ours.unlabelledMs).padStart(7)} ${fmt(ours.epochS, 3).padStart(8)} | ` +
            `${fmt(t?.labelled).padStart(9)} ${fmt(t?.unlabelled).padStart(6)} ${fmt(tEpoch, 3).padStart(8)} ${(tEpoch === undefined ? '-' : `${(tEpoch / ours.epochS).toFixed(2)}×`).padStart(11)} | ` +
            `${`${fmt(floor.ms)} (${(floor.gflop / (floor.ms / 1000)).toFixed(0)})`.padStart(26)} ${(ours.labelledMs / floor.ms).toFixed(2).padStart(10)} ${(ours.labelledInRunMs / floor.ms).toFixed(2).padStart(13)}`,
        );
      }
    }
  }
  for (const threads of threadCounts) {
    console.log();
    await dlnBreakdown(threads, 256);
  }
}
