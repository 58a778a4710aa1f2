/**
 * Thin helpers around onnxruntime-node: open a builder graph as a session, wrap typed arrays as tensors
 * (no copy on our side), and fed back to `session.run`.
 */
import { createRequire } from 'node:module';
import type * as ort from 'onnxruntime-node';
import type { Graph } from './graph.js';
import { toOnnxBytes } from './serialize.js';

let ortModule: typeof ort | undefined;
/** onnxruntime-node and its native library load on first use, not in every command that imports this file. */
function onnxruntime(): typeof ort {
  return (ortModule ??= createRequire(import.meta.url)('onnxruntime-node') as typeof ort);
}

export interface SessionOptions {
  /** Intra-op threads; 0 lets onnxruntime decide. */
  threads?: number;
  /**
   * Let idle worker threads spin (onnxruntime's default). Spinning threads take the cores from other
   * sessions and processes, so turn it off when several sessions alternate or the cores are shared.
   */
  spinning?: boolean;
  /** Write onnxruntime's per-node profile (Chrome trace JSON) to `<profilePrefix>_<date>.json`. */
  profilePrefix?: string;
}

export async function openSession(model: Graph | Uint8Array, opts: SessionOptions = {}): Promise<ort.InferenceSession> {
  const bytes = model instanceof Uint8Array ? model : toOnnxBytes(model);
  const spin = opts.spinning === false ? '0' : '1';
  return onnxruntime().InferenceSession.create(bytes, {
    intraOpNumThreads: opts.threads ?? 0,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } } },
    ...(opts.profilePrefix ? { enableProfiling: true, profileFilePrefix: opts.profilePrefix } : {}),
  });
}

/** A saved model file that onnxruntime cannot open. */
export class ModelFileError extends Error {}

/**
 * Opens a saved model file. onnxruntime names the file twice ("Load model from X failed:Load model X
 * failed. File doesn't exist"); this keeps its reason and names the file once.
 */
export async function loadModelFile(path: string, options: ort.InferenceSession.SessionOptions = {}): Promise<ort.InferenceSession> {
  try {
    return await onnxruntime().InferenceSession.create(path, options);
  } catch (e) {
    const reason = (e as Error).message.replace(`Load model from ${path} failed:`, '').replace(`Load model ${path} failed.`, '').trim();
    throw new ModelFileError(`cannot load model ${path}: ${reason}`);
  }
}

export function tensorOf(data: Float32Array | Float64Array | BigInt64Array | Uint8Array, dims: readonly number[]): ort.Tensor {
  const { Tensor } = onnxruntime();
  if (data instanceof Float32Array) return new Tensor('float32', data, dims);
  if (data instanceof Float64Array) return new Tensor('float64', data, dims);
  if (data instanceof BigInt64Array) return new Tensor('int64', data, dims);
  return new Tensor('bool', data, dims);
}
