import * as ort from 'onnxruntime-node';
import { INFER_INPUT, INFER_OUTPUT } from './predict.js';

/** infer.onnx's prediction [rows, outputs] for raw features x [rows, features]. */
export async function runInfer(session: ort.InferenceSession, x: Float32Array, rows: number): Promise<Float32Array> {
  const out = await session.run({ [INFER_INPUT]: new ort.Tensor('float32', x, [rows, x.length / rows]) });
  return out[INFER_OUTPUT].data as Float32Array;
}
