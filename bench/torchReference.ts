/**
 * The PyTorch reference's train-step times (../shared/reference/dln_torch.py --bench), measured in the
 * same benchmark run where PyTorch is installed, so that our step times can be read as ratios.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_KINDS, type ModelKind } from '../models/spec.js';
import { HAVE_SHARED, SHARED_DIR } from './support.js';

/** Interpreters tried in turn: the one on PATH, then the system one that Debian's python3-torch installs into. */
const PYTHONS = ['python3', '/usr/bin/python3'];

export type TorchTimes =
  | { ok: true; python: string; version: string; blas: string; gemmGflops: number; labelledMs: Partial<Record<ModelKind, number>> }
  | { ok: false; why: string };

/** Median ms per labelled step of each model from the reference script, or why there are none. */
export function torchStepTimes(threads: number, reps = 15): TorchTimes {
  const script = join(SHARED_DIR, 'reference', 'dln_torch.py');
  if (!HAVE_SHARED || !existsSync(script)) return { ok: false, why: `${script} not found` };
  const python = PYTHONS.find((p) => spawnSync(p, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0);
  if (!python) return { ok: false, why: `PyTorch is not installed (python3-torch; tried ${PYTHONS.join(', ')})` };
  const run = spawnSync(python, [script, '--bench', '--threads', String(threads), '--reps', String(reps)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) return { ok: false, why: `${script} --bench failed: ${(run.stderr || run.stdout).trim().split('\n').pop()}` };
  // Rows: "<model> labelled|unlabelled <median ms> <min> <max> <samples/s>".
  const labelledMs: Partial<Record<ModelKind, number>> = {};
  for (const line of run.stdout.split('\n')) {
    const [model, kind, ms] = line.trim().split(/\s+/);
    if (kind === 'labelled' && (MODEL_KINDS as readonly string[]).includes(model)) labelledMs[model as ModelKind] = Number(ms);
  }
  // Header: "torch <version>, threads <n>, BLAS: <libraries>" and "GEMM …: <ms> ms, <rate> GFLOP/s median, …".
  const header = /^torch (\S+), threads \d+, BLAS: (.*)$/m.exec(run.stdout);
  const gemm = /([\d.]+) GFLOP\/s median/.exec(run.stdout);
  return { ok: true, python, version: header?.[1] ?? '?', blas: header?.[2] ?? '?', gemmGflops: Number(gemm?.[1] ?? NaN), labelledMs };
}
