/**
 * The ladder family (paper sections 3, 4.3, 4.4; reference `Ladder`): LN, DLN and DLN+he.
 *
 * Encoder layer l (l = 1, 2): z_pre = h_{l-1} W_l; z = BN(z_pre) (+ noise); h_l = ReLU(z + beta_l).
 * Output: z3 = BN(head W3) (+ noise), y = gamma3 (z3 + beta3), head = h2 (LN) or its emotion
 * embedding h2[:, :emotion] (DLN, DLN+he). The corrupted pass adds Gaussian noise to the dropped-out input
 * and to every normalised pre-activation; the clean pass gives the reconstruction targets and the running
 * statistics. The decoder runs top-down with lateral connections and an AMLP combinator per layer:
 *   LN, DLN+he: reconstructs z3, z2, z1, x, starting from BN(y~);
 *   DLN:        reconstructs z2r (the reconstruction embedding's pre-activation), z1, x, starting from
 *               BN(h~r) (the paper's equation 1: neither the emotion embedding nor the output).
 * Reconstructions are normalised with the clean pass's batch statistics (Rasmus et al.'s Algorithm 1),
 * except the input's.
 */
import type { Tensor } from './onnx/graph.js';
import { add, matmul, meanSquare, mul, relu, slice, squeeze, stopGradient, sub } from './onnx/ops.js';
import { amlpInit, amlpOfBatchNorm, amlpRows } from './nn/amlp.js';
import { blockedReconstructionCost } from './nn/blockedCost.js';
import { batchMoments, normalised, standardise, updateRunning, type Moments } from './nn/batchNorm.js';
import { dropout } from './nn/dropout.js';
import { constantInit, DEFAULT_ROUTING, uniformInit, type Model, type ModelSpec, type Routing, type TensorSpec, type Tensors } from './spec.js';

interface Pass {
  h0: Tensor;
  z: Tensor[];
  moments: Moments[];
  h2: Tensor;
  y: Tensor;
}

export function ladderModel(spec: ModelSpec): Model {
  if (spec.kind === 'dense') throw new Error('ladderModel: use denseModel for dense');
  const [h1, h2] = spec.hidden;
  const D = spec.inputs;
  const K = spec.outputs;
  const decoupled = spec.kind !== 'ln';
  const k = spec.emotion;
  const headWidth = decoupled ? k : h2;
  const recon: [string, number][] =
    spec.kind === 'dln'
      ? [
          ['z2r', h2 - k],
          ['z1', h1],
          ['x', D],
        ]
      : [
          ['z3', K],
          ['z2', h2],
          ['z1', h1],
          ['x', D],
        ];

  const params: TensorSpec[] = [
    { name: 'W1', shape: [D, h1], init: uniformInit(D * h1, D) },
    { name: 'beta1', shape: [h1], init: constantInit(h1, 0) },
    { name: 'W2', shape: [h1, h2], init: uniformInit(h1 * h2, h1) },
    { name: 'beta2', shape: [h2], init: constantInit(h2, 0) },
    { name: 'W3', shape: [headWidth, K], init: uniformInit(headWidth * K, headWidth) },
    { name: 'gamma3', shape: [K], init: constantInit(K, 1) },
    { name: 'beta3', shape: [K], init: constantInit(K, 0) },
  ];
  recon.forEach(([name, width], i) => {
    if (i > 0) {
      const [above, w] = recon[i - 1];
      params.push({ name: `V.${above}`, shape: [w, width], init: uniformInit(w * width, w) });
    }
    params.push({
      name: `g.${name}`,
      shape: [amlpRows(spec.cells), width],
      init: (rng) => amlpInit(width, spec.cells, spec.slope, rng),
    });
  });
  const widths = [h1, h2, K];
  const state: TensorSpec[] = widths.flatMap((w, i) => [
    { name: `bn${i + 1}.mean`, shape: [w], init: constantInit(w, 0) },
    { name: `bn${i + 1}.var`, shape: [w], init: constantInit(w, 1) },
  ]);
  const noise = [
    { name: 'drop_x', width: D },
    { name: 'x', width: D },
    { name: 'z1', width: h1 },
    { name: 'z2', width: h2 },
    { name: 'z3', width: K },
  ];

  const half = (t: Tensor, which: 'emotion' | 'reconstruction') => (which === 'emotion' ? slice(t, [0], [k], [1]) : slice(t, [k], [h2], [1]));
  const checkRouting = (r: Routing) => {
    const swapped = r.head !== DEFAULT_ROUTING.head || r.decoderTop !== DEFAULT_ROUTING.decoderTop;
    if (swapped && (spec.kind !== 'dln' || h2 - k !== k)) {
      throw new Error('swapping the embeddings needs a DLN with equal emotion and reconstruction halves');
    }
  };

  /** One encoder pass; `normalise` maps (layer index, pre-activation) to the normalised z and moments. */
  const encode = (p: Tensors, h0: Tensor, routing: Routing, normalise: (l: number, zPre: Tensor) => [Tensor, Moments?]) => {
    const z: Tensor[] = [];
    const moments: Moments[] = [];
    const layer = (l: number, h: Tensor, W: Tensor) => {
      const [zl, m] = normalise(l, matmul(h, W));
      z.push(zl);
      if (m) moments.push(m);
      return zl;
    };
    const a1 = relu(add(layer(0, h0, p.W1), p.beta1));
    const a2 = relu(add(layer(1, a1, p.W2), p.beta2));
    const head = decoupled ? half(a2, routing.head) : a2;
    const y = mul(add(layer(2, head, p.W3), p.beta3), p.gamma3);
    return { h0, z, moments, h2: a2, y };
  };

  const trainingPass = (p: Tensors, h0: Tensor, routing: Routing, n?: Tensors): Pass =>
    encode(p, h0, routing, (l, zPre) => {
      const m = batchMoments(zPre);
      const zl = normalised(m);
      return [n ? add(zl, mul(n[`z${l + 1}`], spec.noiseStd)) : zl, m];
    });

  const reconstructionCosts = (p: Tensors, clean: Pass, noisy: Pass, routing: Routing) => {
    const costs: Record<string, Tensor> = {};
    let zHat: Tensor | undefined;
    recon.forEach(([name], i) => {
      // The top-down signal before its batch norm.
      const uPre = zHat ? matmul(zHat, p[`V.${recon[i - 1][0]}`]) : spec.kind === 'dln' ? half(noisy.h2, routing.decoderTop) : noisy.y;
      let zTilde: Tensor;
      let target: Tensor;
      let m: Pick<Moments, 'mean' | 'variance'> | undefined;
      if (name === 'x') {
        [zTilde, target] = [noisy.h0, clean.h0];
      } else if (name === 'z2r') {
        const cols = (t: Tensor) => slice(t, [k], [h2], [1]);
        [zTilde, target] = [cols(noisy.z[1]), cols(clean.z[1])];
        m = { mean: cols(clean.moments[1].mean), variance: cols(clean.moments[1].variance) };
      } else {
        const l = Number(name.slice(1)) - 1;
        [zTilde, target, m] = [noisy.z[l], clean.z[l], clean.moments[l]];
      }
      if (spec.detachTargets) target = stopGradient(target);
      if (name === 'x') {
        costs[name] = blockedReconstructionCost(uPre, zTilde, target, p[`g.${name}`], spec.cells, spec.slope);
        return;
      }
      zHat = amlpOfBatchNorm(zTilde, uPre, p[`g.${name}`], spec.cells, spec.slope);
      const zHatBn = m ? standardise(zHat, m.mean, m.variance) : zHat;
      costs[name] = meanSquare(sub(zHatBn, target), [0, 1]);
    });
    return costs;
  };

  return {
    spec,
    params,
    state,
    noise,
    train(p, s, x, n, routing = DEFAULT_ROUTING) {
      checkRouting(routing);
      const clean = trainingPass(p, x, routing);
      const h0 = add(dropout(x, n.drop_x, spec.inputDropout), mul(n.x, spec.noiseStd));
      const noisy = trainingPass(p, h0, routing, n);
      const newState: Tensors = {};
      clean.moments.forEach((m, l) => {
        const r = updateRunning(clean.z[l], m, s[`bn${l + 1}.mean`], s[`bn${l + 1}.var`], spec.bnMomentum);
        newState[`bn${l + 1}.mean`] = r.mean;
        newState[`bn${l + 1}.var`] = r.variance;
      });
      return { prediction: noisy.y, reconstruction: reconstructionCosts(p, clean, noisy, routing), state: newState };
    },
    predict(p, s, x, routing = DEFAULT_ROUTING) {
      checkRouting(routing);
      return encode(p, x, routing, (l, zPre) => [standardise(zPre, s[`bn${l + 1}.mean`], s[`bn${l + 1}.var`])]).y;
    },
    batchStats(p, x) {
      const stats: Tensors = {};
      trainingPass(p, x, DEFAULT_ROUTING).moments.forEach((m, l) => {
        stats[`bn${l + 1}.mean`] = squeeze(m.mean, [0]);
        stats[`bn${l + 1}.var`] = squeeze(m.variance, [0]);
      });
      return stats;
    },
  };
}
