import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { createModel } from '../models/model.js';
import { Graph } from '../models/onnx/graph.js';
import { gemm } from '../models/onnx/ops.js';
import { toOnnxBytes } from '../models/onnx/serialize.js';
import { MODEL_KINDS, modelSpec, type ModelKind } from '../models/spec.js';
import { createRng } from '../dsp/random.js';
import { Trainer } from '../models/training/trainer.js';
import { profileShares } from './onnxProfile.js';
import { median } from './support.js';
import { torchStepTimes, type TorchTimes } from './torchReference.js';

const BATCH = 256;
const INPUTS = 6373;
const HIDDEN = 256;
/** PyTorch reference step times on this machine kind, 2 threads (../shared/reference/README.md), labelled step: shown where PyTorch cannot run here. */
const TORCH_README_MS: Record<ModelKind, string> = { dense: '38-40', ln: '179-190', dln: '136-173', dln_he: '165-181' };
/** Matrix-multiply work of one labelled step: Dense 2 input-layer GEMMs (forward, weight gradient); a ladder about 6.1 GFLOP (the reference's count). */
const STEP_GFLOP: Record<ModelKind, number> = { dense: (2 * 2 * BATCH * INPUTS * HIDDEN) / 1e9, ln: 6.1, dln: 6.1, dln_he: 6.1 };

/** fp32 GEMM throughput of onnxruntime on this machine: 256×6373 by 6373×256, as in the models' input layer. */
async function gemmPeakGflops(threads: number): Promise<number> {
  const g = new Graph();
  const a = g.input('a', 'float32', [BATCH, INPUTS]);
  const b = g.input('b', 'float32', [INPUTS, HIDDEN]);
  g.output('c', gemm(a, b));
  const session = await ort.InferenceSession.create(toOnnxBytes(g), { intraOpNumThreads: threads, interOpNumThreads: 1 });
  const rng = createRng(1);
  const feeds = {
    a: new ort.Tensor('float32', rng.fillNormal(new Float32Array(BATCH * INPUTS)), [BATCH, INPUTS]),
    b: new ort.Tensor('float32', rng.fillNormal(new Float32Array(INPUTS * HIDDEN)), [INPUTS, HIDDEN]),
  };
  for (let i = 0; i < 5; i++) await session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  return (2 * BATCH * INPUTS * HIDDEN) / 1e9 / (median(times) / 1000);
}

/** Where a DLN labelled step's time goes, from onnxruntime's own profiler. */
async function dlnBreakdown(threads: number, x: Float32Array, y: Float32Array): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dln-profile-'));
  try {
    const trainer = await Trainer.create(createModel(modelSpec('dln')), {
      lr: 1e-4,
      seed: 1,
      threads,
      maxBatch: BATCH,
      profilePrefix: join(dir, 'dln'),
    });
    const warmup = 3;
    for (let i = 0; i < warmup + 10; i++) await trainer.trainStep(x, y, BATCH);
    const shares = profileShares(trainer.endProfiling(), BATCH * INPUTS, warmup);
    const total = shares.reduce((s, p) => s + p.ms, 0);
    console.log(`DLN labelled step by onnxruntime's profiler (kernel time ${total.toFixed(1)} ms):`);
    for (const p of shares) {
      console.log(`  ${p.label.padEnd(44)} ${p.ms.toFixed(1).padStart(6)} ms in ${Math.round(p.ops).toString().padStart(4)} kernels (${((p.ms / p.ops) * 1000).toFixed(0)} µs each)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** ms per labelled and unlabelled train step of each model at batch 256 × 6,373 inputs, on onnxruntime-node. */
export async function trainStepBench(): Promise<void> {
  const threads = Math.min(2, availableParallelism());
  console.log(`## Training step speed (batch ${BATCH}, ${INPUTS} inputs, ${threads} threads)`);
  const peak = await gemmPeakGflops(threads);
  console.log(`onnxruntime fp32 GEMM 256×6373·6373×256 in this run: ${peak.toFixed(0)} GFLOP/s`);
  const rng = createRng(2);
  const x = rng.fillNormal(new Float32Array(BATCH * INPUTS));
  const y = rng.fillNormal(new Float32Array(BATCH));
  const torch = torchStepTimes(threads);
  console.log(
    torch.ok
      ? `PyTorch ${torch.version} (${torch.python}) timed the reference models in this run (../shared/reference/dln_torch.py --bench); ` +
          `its GEMM ${torch.gemmGflops.toFixed(0)} GFLOP/s (BLAS: ${torch.blas})`
      : `no same-run PyTorch figures: ${torch.why}; the PyTorch column holds the reference README's, measured on this machine kind`,
  );
  console.log(`model    labelled ms/step  samples/s  GFLOP/s (of GEMM peak)  unlabelled ms/step  PyTorch eager labelled (${torch.ok ? 'this run' : 'reference README'})`);
  for (const kind of MODEL_KINDS) {
    const trainer = await Trainer.create(createModel(modelSpec(kind)), { lr: 1e-4, seed: 1, threads, maxBatch: BATCH });
    const time = async (labelled: boolean) => {
      for (let i = 0; i < 3; i++) await trainer.trainStep(x, labelled ? y : undefined, BATCH);
      const times: number[] = [];
      for (let i = 0; i < 12; i++) {
        const t0 = performance.now();
        await trainer.trainStep(x, labelled ? y : undefined, BATCH);
        times.push(performance.now() - t0);
      }
      return median(times);
    };
    const labelledMs = await time(true);
    const unlabelledMs = kind === 'dense' ? NaN : await time(false);
    const gflops = STEP_GFLOP[kind] / (labelledMs / 1000);
    console.log(
      `${kind.padEnd(8)} ${labelledMs.toFixed(1).padStart(16)} ${((BATCH * 1000) / labelledMs).toFixed(0).padStart(10)} ${`${gflops.toFixed(0)} (${((100 * gflops) / peak).toFixed(0)}%)`.padStart(23)} ${(Number.isNaN(unlabelledMs) ? '-' : unlabelledMs.toFixed(1)).padStart(19)}  ${torchColumn(torch, kind, labelledMs)}`,
    );
  }
  const floorMs = (STEP_GFLOP.dln / peak) * 1000;
  console.log(`DLN matrix-multiply floor at this run's GEMM rate: ${floorMs.toFixed(0)} ms (goal: a step within 1.5× of it)`);
  await dlnBreakdown(threads, x, y);
}

/** PyTorch's labelled step time for the table, with our speed-up over it when measured in this run. */
function torchColumn(torch: TorchTimes, kind: ModelKind, oursMs: number): string {
  if (!torch.ok) return `${TORCH_README_MS[kind]} ms`;
  const ms = torch.labelledMs[kind];
  return ms === undefined ? '-' : `${ms.toFixed(1)} ms (ours ${(ms / oursMs).toFixed(2)}× faster)`;
}
