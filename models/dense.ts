/**
 * The supervised baseline (paper section 4.4; reference `Dense`): Linear -> BN -> ReLU twice, dropout
 * before each hidden layer, a linear output. Batch norm uses batch statistics in training and the
 * running averages at inference.
 */
import type { Tensor } from './onnx/graph.js';
import { add, gemm, matmul, mul, relu, squeeze } from './onnx/ops.js';
import { batchMoments, normalised, standardise, updateRunning } from './nn/batchNorm.js';
import { dropout } from './nn/dropout.js';
import { constantInit, uniformInit, type Model, type ModelSpec, type TensorSpec, type Tensors } from './spec.js';

export function denseModel(spec: ModelSpec): Model {
  const [h1, h2] = spec.hidden;
  const D = spec.inputs;
  const K = spec.outputs;
  const params: TensorSpec[] = [
    { name: 'W1', shape: [D, h1], init: uniformInit(D * h1, D) },
    { name: 'bn1.gamma', shape: [h1], init: constantInit(h1, 1) },
    { name: 'bn1.beta', shape: [h1], init: constantInit(h1, 0) },
    { name: 'W2', shape: [h1, h2], init: uniformInit(h1 * h2, h1) },
    { name: 'bn2.gamma', shape: [h2], init: constantInit(h2, 1) },
    { name: 'bn2.beta', shape: [h2], init: constantInit(h2, 0) },
    { name: 'W3', shape: [h2, K], init: uniformInit(h2 * K, h2) },
    { name: 'b3', shape: [K], init: uniformInit(K, h2) },
  ];
  const state: TensorSpec[] = [
    { name: 'bn1.mean', shape: [h1], init: constantInit(h1, 0) },
    { name: 'bn1.var', shape: [h1], init: constantInit(h1, 1) },
    { name: 'bn2.mean', shape: [h2], init: constantInit(h2, 0) },
    { name: 'bn2.var', shape: [h2], init: constantInit(h2, 1) },
  ];
  const noise = [
    { name: 'drop_x', width: D },
    { name: 'drop_h1', width: h1 },
  ];
  const affine = (z: Tensor, p: Tensors, l: number) => relu(add(mul(z, p[`bn${l}.gamma`]), p[`bn${l}.beta`]));

  return {
    spec,
    params,
    state,
    noise,
    train(p, s, x, n) {
      const newState: Tensors = {};
      const layer = (h: Tensor, l: number) => {
        const zPre = matmul(h, p[`W${l}`]);
        const m = batchMoments(zPre);
        const r = updateRunning(zPre, m, s[`bn${l}.mean`], s[`bn${l}.var`], spec.bnMomentum);
        newState[`bn${l}.mean`] = r.mean;
        newState[`bn${l}.var`] = r.variance;
        return affine(normalised(m), p, l);
      };
      const a1 = layer(dropout(x, n.drop_x, spec.denseDropout), 1);
      const a2 = layer(dropout(a1, n.drop_h1, spec.denseDropout), 2);
      return { prediction: gemm(a2, p.W3, p.b3), reconstruction: {}, state: newState };
    },
    predict(p, s, x) {
      const layer = (h: Tensor, l: number) => affine(standardise(matmul(h, p[`W${l}`]), s[`bn${l}.mean`], s[`bn${l}.var`]), p, l);
      return gemm(layer(layer(x, 1), 2), p.W3, p.b3);
    },
    batchStats(p, x) {
      const stats: Tensors = {};
      const layer = (h: Tensor, l: number) => {
        const zPre = matmul(h, p[`W${l}`]);
        const m = batchMoments(zPre);
        stats[`bn${l}.mean`] = squeeze(m.mean, [0]);
        stats[`bn${l}.var`] = squeeze(m.variance, [0]);
        return affine(normalised(m), p, l);
      };
      layer(layer(x, 1), 2);
      return stats;
    },
  };
}
