import type * as ort from 'onnxruntime-node';
import { tensorOf } from '../onnx/runtime.js';
import { INFER_INPUT, INFER_OUTPUT } from './predict.js';

/** infer.onnx's prediction [rows, outputs] for raw features x [rows, features]. */
export async function runInfer(session: ort.InferenceSession, x: Float32Array, rows: number): Promise<Float32Array> {
  const out = await session.run({ [INFER_INPUT]: tensorOf(x, [rows, x.length / rows]) });
  return out[INFER_OUTPUT].data as Float32Array;
}
