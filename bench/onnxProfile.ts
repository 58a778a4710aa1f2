/**
 * Reads onnxruntime's profiler trace (Chrome trace JSON) and splits a session run's kernel time into
 * matrix multiplies, passes over the input layer's large tensors, and the remaining small ops, and by op
 * type, so that a benchmark can say where a step's time goes.
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

/** A batch sum written as a row of ones times a matrix (models/onnx/ops.ts, columnSums): a reduction, not a matrix multiply. */
function isColumnSum(e: TraceEvent): boolean {
  const first = e.args?.input_type_shape?.[0];
  return e.args?.op_name === 'MatMul' && first !== undefined && Object.values(first)[0]?.[0] === 1;
}

/** Nodes that run subgraphs: their kernel time is their body's, whose nodes the trace lists too. */
const CONTROL_FLOW_OPS = new Set(['Loop', 'Scan', 'If']);

/** The kernel events of the runs after the first `warmupRuns`, without control-flow nodes, and how many runs they cover. */
function kernelEvents(tracePath: string, warmupRuns: number): { kernels: TraceEvent[]; runs: number } {
  const events = JSON.parse(readFileSync(tracePath, 'utf8')) as TraceEvent[];
  const starts = events
    .filter((e) => e.cat === 'Session' && e.name === 'model_run')
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const runs = starts.length - warmupRuns;
  if (runs <= 0) throw new Error(`${tracePath}: no session run after the ${warmupRuns} warm-up runs`);
  const from = starts[warmupRuns];
  const kernels = events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time') && e.ts >= from && !CONTROL_FLOW_OPS.has(e.args?.op_name ?? ''));
  return { kernels, runs };
}

/**
 * Per-run kernel time by kind, over the runs after the first `warmupRuns`; `largeElements` is the element
 * count from which a tensor counts as large.
 */
export function profileShares(tracePath: string, largeElements: number, warmupRuns = 0): ProfileShare[] {
  const { kernels, runs } = kernelEvents(tracePath, warmupRuns);
  const shares: ProfileShare[] = [
    { label: 'matrix multiplies', ms: 0, ops: 0 },
    { label: 'other ops touching an input-layer tensor', ms: 0, ops: 0 },
    { label: 'all other ops', ms: 0, ops: 0 },
  ];
  for (const e of kernels) {
    const share = MATMUL_OPS.has(e.args?.op_name ?? '') && !isColumnSum(e) ? shares[0] : largestTensor(e) >= largeElements ? shares[1] : shares[2];
    share.ms += e.dur / 1000 / runs;
    share.ops += 1 / runs;
  }
  return shares;
}

/** Per-run kernel time by op type (Mul, Gemm, ...), the costliest first. */
export function opTypeShares(tracePath: string, warmupRuns = 0): ProfileShare[] {
  const { kernels, runs } = kernelEvents(tracePath, warmupRuns);
  const byType = new Map<string, ProfileShare>();
  for (const e of kernels) {
    const label = isColumnSum(e) ? 'MatMul (batch sums)' : (e.args?.op_name ?? e.name);
    const share = byType.get(label) ?? { label, ms: 0, ops: 0 };
    share.ms += e.dur / 1000 / runs;
    share.ops += 1 / runs;
    byType.set(label, share);
  }
  return [...byType.values()].sort((a, b) => b.ms - a.ms);
}
