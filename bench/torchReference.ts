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

export interface TorchStepMs {
  labelled: number;
  unlabelled?: number;
}

export type TorchTimes = { ok: true; python: string; version: string; blas: string; gemmGflops: number; ms: Partial<Record<ModelKind, TorchStepMs>> } | { ok: false; why: string };

/** The interpreter that imports torch, or why there is none (checked once). */
let found: { python: string } | { why: string } | undefined;
function torchPython(): { python: string } | { why: string } {
  found ??= (() => {
    const script = join(SHARED_DIR, 'reference', 'dln_torch.py');
    if (!HAVE_SHARED || !existsSync(script)) return { why: `${script} not found` };
    const python = PYTHONS.find((p) => spawnSync(p, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0);
    return python ? { python } : { why: `PyTorch is not installed (apt-get install python3-torch libopenblas0-openmp; tried ${PYTHONS.join(', ')})` };
  })();
  return found;
}

/** Median ms per labelled and unlabelled step of each model at `batch` rows from the reference script, or why there are none. */
export function torchStepTimes(threads: number, batch: number, reps = 15): TorchTimes {
  const p = torchPython();
  if ('why' in p) return { ok: false, why: p.why };
  const script = join(SHARED_DIR, 'reference', 'dln_torch.py');
  const args = [script, '--bench', '--threads', String(threads), '--batch', String(batch), '--reps', String(reps)];
  const run = spawnSync(p.python, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) return { ok: false, why: `${script} --bench failed: ${(run.stderr || run.stdout).trim().split('\n').pop()}` };
  // Rows: "<model> labelled|unlabelled <median ms> <min> <max> <samples/s>".
  const ms: Partial<Record<ModelKind, TorchStepMs>> = {};
  for (const line of run.stdout.split('\n')) {
    const [model, kind, median] = line.trim().split(/\s+/);
    if (!(MODEL_KINDS as readonly string[]).includes(model)) continue;
    const row = (ms[model as ModelKind] ??= { labelled: NaN });
    if (kind === 'labelled') row.labelled = Number(median);
    if (kind === 'unlabelled') row.unlabelled = Number(median);
  }
  // Header: "torch <version>, threads <n>, BLAS: <libraries>" and "GEMM …: <ms> ms, <rate> GFLOP/s median, …".
  const header = /^torch (\S+), threads \d+, BLAS: (.*)$/m.exec(run.stdout);
  const gemm = /([\d.]+) GFLOP\/s median/.exec(run.stdout);
  return { ok: true, python: p.python, version: header?.[1] ?? '?', blas: header?.[2] ?? '?', gemmGflops: Number(gemm?.[1] ?? NaN), ms };
}
