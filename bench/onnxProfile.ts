/**
 * Reads onnxruntime's profiler trace (Chrome trace JSON) and splits a session run's kernel time into
 * matrix multiplies, passes over the large [batch × inputs] tensors, and the remaining small ops, so that
 * a benchmark can say where a step's time goes.
 */
import { readFileSync } from 'node:fs';

interface TraceEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string; input_type_shape?: Record<string, number[]>[]; output_type_shape?: Record<string, number[]>[] };
}

export interface ProfileShare {
  label: string;
  /** Kernel milliseconds per run. */
  ms: number;
  /** Kernels per run. */
  ops: number;
}

const MATMUL_OPS = new Set(['Gemm', 'MatMul', 'FusedMatMul', 'FusedGemm']);

function largestTensor(e: TraceEvent): number {
  const shapes = [...(e.args?.input_type_shape ?? []), ...(e.args?.output_type_shape ?? [])];
  return Math.max(0, ...shapes.flatMap((s) => Object.values(s).map((dims) => dims.reduce((a, b) => a * b, 1))));
}

/**
 * Per-run kernel time by kind, over the runs after the first `warmupRuns`; `largeElements` is the element
 * count from which a tensor counts as large.
 */
export function profileShares(tracePath: string, largeElements: number, warmupRuns = 0): ProfileShare[] {
  const events = JSON.parse(readFileSync(tracePath, 'utf8')) as TraceEvent[];
  const starts = events
    .filter((e) => e.cat === 'Session' && e.name === 'model_run')
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const runs = starts.length - warmupRuns;
  if (runs <= 0) throw new Error(`${tracePath}: no session run after the ${warmupRuns} warm-up runs`);
  const from = starts[warmupRuns];
  const shares: ProfileShare[] = [
    { label: 'matrix multiplies', ms: 0, ops: 0 },
    { label: 'other ops touching a batch × inputs tensor', ms: 0, ops: 0 },
    { label: 'all other ops', ms: 0, ops: 0 },
  ];
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || e.ts < from) continue;
    const share = MATMUL_OPS.has(e.args?.op_name ?? '') ? shares[0] : largestTensor(e) >= largeElements ? shares[1] : shares[2];
    share.ms += e.dur / 1000 / runs;
    share.ops += 1 / runs;
  }
  return shares;
}
