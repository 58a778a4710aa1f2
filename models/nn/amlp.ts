/**
 * The AMLP denoising function of the ladder's decoder (Pezeshki et al. 2016), as the reference builds it:
 * an independent tiny MLP per unit on [z~, u, z~ u] with `cells` leaky-ReLU cells and a linear output.
 * One parameter tensor per combinator, [5 cells + 1, width], rows:
 *   w1[k, c] at row k * cells + c (k: 0 z~, 1 u, 2 z~u), b1[c] at 3 cells + c, w2[c] at 4 cells + c, b2 at 5 cells.
 */
import type { Tensor } from '../onnx/graph.js';
import { add, div, leakyRelu, mul, split, sqrt } from '../onnx/ops.js';
import type { Rng } from '../../dsp/random.js';
import { batchMoments, BN_EPS } from './batchNorm.js';

export function amlpRows(cells: number): number {
  return 5 * cells + 1;
}

export function amlp(zTilde: Tensor, u: Tensor, params: Tensor, cells: number, slope: number): Tensor {
  return combinator(zTilde, u, params, cells, slope);
}

/**
 * amlp(z~, BN(uPre)), with BN the parameter-free batch normalisation, as (uPre - mean) times the weights of
 * u divided by the batch's standard deviation: the same value, without the full-size division and the
 * three full-size passes of its gradient (the weights are [1, width], the division is on them).
 */
export function amlpOfBatchNorm(zTilde: Tensor, uPre: Tensor, params: Tensor, cells: number, slope: number, eps = BN_EPS): Tensor {
  const m = batchMoments(uPre);
  return combinator(zTilde, m.centred, params, cells, slope, div(1, sqrt(add(m.variance, eps))));
}

/** The combinator of u times `uScale` ([1, width]), the scale applied to the weights of u and z~u (one product). */
function combinator(zTilde: Tensor, u: Tensor, params: Tensor, cells: number, slope: number, uScale?: Tensor): Tensor {
  let rows: Tensor[];
  if (uScale) {
    const [ofZ, ofU, rest] = split(params, [cells, 2 * cells, 2 * cells + 1], 0);
    rows = [ofZ, mul(ofU, uScale), rest].flatMap((t) => split(t, new Array<number>(t.shape[0] as number).fill(1), 0));
  } else {
    rows = split(params, new Array<number>(amlpRows(cells)).fill(1), 0);
  }
  const w1 = (k: number, c: number) => rows[k * cells + c];
  let out = rows[5 * cells];
  for (let c = 0; c < cells; c++) {
    // b1 + w1[0] z~ + w1[1] u + w1[2] z~u, arranged as (b1 + w1[0] z~) + u (w1[1] + w1[2] z~): the same
    // value with fewer full-size products in the backward pass (the input layer's are the costly ones).
    const a = add(mul(zTilde, w1(2, c)), w1(1, c));
    const pre = add(add(mul(zTilde, w1(0, c)), rows[3 * cells + c]), mul(u, a));
    out = add(out, mul(leakyRelu(pre, slope), rows[4 * cells + c]));
  }
  return out;
}

/**
 * A combinator's parameters with its lateral path cut: the weights of z~ and of z~u (rows k = 0 and 2)
 * zeroed, so that its output depends on the top-down signal u alone. For analysis (Figure 3b), not training.
 */
export function withoutLateral(params: Float32Array, cells: number): Float32Array {
  const width = params.length / amlpRows(cells);
  const out = params.slice();
  for (const k of [0, 2]) out.fill(0, k * cells * width, (k + 1) * cells * width);
  return out;
}

/** Initial values close to g = z~ (cells 0 and 1 carry +z~ and -z~), plus small random weights. */
export function amlpInit(width: number, cells: number, slope: number, rng: Rng, initStd = 0.05): Float64Array {
  if (cells < 2) throw new Error('AMLP needs at least 2 cells for its identity initialisation');
  const v = new Float64Array(amlpRows(cells) * width);
  const row = (r: number) => v.subarray(r * width, (r + 1) * width);
  for (let r = 0; r < 3 * cells; r++) rng.fillNormal(row(r), initStd);
  for (let c = 0; c < cells; c++) rng.fillNormal(row(4 * cells + c), initStd);
  // leaky(z) - leaky(-z) = (1 + slope) z
  row(0).forEach((x, i, a) => (a[i] = x + 1));
  row(1).forEach((x, i, a) => (a[i] = x - 1));
  row(4 * cells).forEach((x, i, a) => (a[i] = x + 1 / (1 + slope)));
  row(4 * cells + 1).forEach((x, i, a) => (a[i] = x - 1 / (1 + slope)));
  return v;
}
