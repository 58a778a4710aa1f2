/**
 * A plain-JavaScript, float64 transcription of shared/reference/dln_torch.py (Dense.losses and
 * Ladder.losses, predict), loop by loop, as an oracle for what the ONNX graphs compute. Matrices are
 * row-major Float64Arrays with explicit sizes. Noise and dropout come from the same standard-normal draws
 * the graphs take (dropout keeps a unit where its draw exceeds probit(rate)).
 */
import { probit } from '../../models/nn/dropout.js';
import type { ModelSpec } from '../../models/spec.js';

type Mat = { rows: number; cols: number; data: Float64Array<ArrayBufferLike> };
type Values = Record<string, Float64Array>;

const EPS = 1e-5;

const mat = (rows: number, cols: number, data: Float64Array<ArrayBufferLike> = new Float64Array(rows * cols)): Mat => ({ rows, cols, data });
const map = (a: Mat, f: (v: number, r: number, c: number) => number): Mat =>
  mat(
    a.rows,
    a.cols,
    a.data.map((v, i) => f(v, Math.floor(i / a.cols), i % a.cols)),
  );

function matmul(a: Mat, b: Float64Array, cols: number): Mat {
  const out = mat(a.rows, cols);
  for (let r = 0; r < a.rows; r++) for (let k = 0; k < a.cols; k++) for (let c = 0; c < cols; c++) out.data[r * cols + c] += a.data[r * a.cols + k] * b[k * cols + c];
  return out;
}

function moments(z: Mat): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(z.cols);
  const variance = new Float64Array(z.cols);
  for (let c = 0; c < z.cols; c++) {
    for (let r = 0; r < z.rows; r++) mean[c] += z.data[r * z.cols + c] / z.rows;
    for (let r = 0; r < z.rows; r++) variance[c] += (z.data[r * z.cols + c] - mean[c]) ** 2 / z.rows;
  }
  return { mean, variance };
}

const standardise = (z: Mat, mean: ArrayLike<number>, variance: ArrayLike<number>) => map(z, (v, _, c) => (v - mean[c]) / Math.sqrt(variance[c] + EPS));
const batchnorm = (z: Mat) => {
  const m = moments(z);
  return standardise(z, m.mean, m.variance);
};
const cols = (a: Mat, from: number, to: number) =>
  mat(
    a.rows,
    to - from,
    Float64Array.from({ length: a.rows * (to - from) }, (_, i) => a.data[Math.floor(i / (to - from)) * a.cols + from + (i % (to - from))]),
  );
// ONNX keeps float attributes (LeakyRelu alpha) in float32, so the graph uses fround(0.1), not 0.1.
const leaky = (v: number, slope: number) => (v > 0 ? v : Math.fround(slope) * v);
const mse = (a: Mat, b: Mat) => a.data.reduce((s, v, i) => s + (v - b.data[i]) ** 2, 0) / a.data.length;

/** Sum over columns of 1 - CCC (biased moments). */
export function cccLossRef(pred: Mat, y: Mat): number {
  let loss = 0;
  for (let c = 0; c < pred.cols; c++) {
    const p = Array.from({ length: pred.rows }, (_, r) => pred.data[r * pred.cols + c]);
    const t = Array.from({ length: y.rows }, (_, r) => y.data[r * y.cols + c]);
    const mp = p.reduce((a, b) => a + b, 0) / p.length;
    const mt = t.reduce((a, b) => a + b, 0) / t.length;
    const vp = p.reduce((a, b) => a + (b - mp) ** 2, 0) / p.length;
    const vt = t.reduce((a, b) => a + (b - mt) ** 2, 0) / t.length;
    const cov = p.reduce((a, b, i) => a + (b - mp) * (t[i] - mt), 0) / p.length;
    loss += 1 - (2 * cov) / (vp + vt + (mp - mt) ** 2);
  }
  return loss;
}

/** g(z~, u) with the parameter layout of models/nn/amlp.ts, in the reference's order of operations. */
function amlpRef(z: Mat, u: Mat, P: Float64Array, cells: number, slope: number): Mat {
  const W = z.cols;
  const row = (r: number, c: number) => P[r * W + c];
  return map(z, (zv, r, c) => {
    const uv = u.data[r * W + c];
    let out = row(5 * cells, c);
    for (let k = 0; k < cells; k++) {
      const pre = row(3 * cells + k, c) + row(k, c) * zv + row(cells + k, c) * uv + row(2 * cells + k, c) * zv * uv;
      out += leaky(pre, slope) * row(4 * cells + k, c);
    }
    return out;
  });
}

export interface Batch {
  x: Mat;
  y: Mat;
  noise: Record<string, Mat>;
}

export function batchOf(spec: ModelSpec, rows: number, x: Float64Array, y: Float64Array, noise: Record<string, Float64Array>): Batch {
  return {
    x: mat(rows, spec.inputs, x),
    y: mat(rows, spec.outputs, y),
    noise: Object.fromEntries(Object.entries(noise).map(([k, v]) => [k, mat(rows, v.length / rows, v)])),
  };
}

const dropout = (h: Mat, draws: Mat, rate: number) => (rate > 0 ? map(h, (v, r, c) => (draws.data[r * h.cols + c] > probit(rate) ? v / (1 - rate) : 0)) : h);

/** Loss terms of one batch: { pred, rec.<layer> } as the reference's `losses` returns them. */
export function lossesRef(spec: ModelSpec, P: Values, b: Batch): Record<string, number> {
  const [h1w, h2w] = spec.hidden;
  const K = spec.outputs;
  if (spec.kind === 'dense') {
    const layer = (h: Mat, l: number, fanOut: number) => {
      const z = batchnorm(matmul(h, P[`W${l}`], fanOut));
      return map(z, (v, _, c) => Math.max(0, v * P[`bn${l}.gamma`][c] + P[`bn${l}.beta`][c]));
    };
    const a1 = layer(dropout(b.x, b.noise.drop_x, spec.denseDropout), 1, h1w);
    const a2 = layer(dropout(a1, b.noise.drop_h1, spec.denseDropout), 2, h2w);
    const y = map(matmul(a2, P.W3, K), (v, _, c) => v + P.b3[c]);
    return { pred: cccLossRef(y, b.y) };
  }
  const decoupled = spec.kind !== 'ln';
  const k = spec.emotion;
  const encode = (corrupt: boolean) => {
    let h0 = b.x;
    if (corrupt) {
      h0 = dropout(b.x, b.noise.drop_x, spec.inputDropout);
      h0 = map(h0, (v, r, c) => v + spec.noiseStd * b.noise.x.data[r * h0.cols + c]);
    }
    const bnLayer = (zPre: Mat, l: number) => {
      const m = moments(zPre);
      let z = standardise(zPre, m.mean, m.variance);
      if (corrupt) z = map(z, (v, r, c) => v + spec.noiseStd * b.noise[`z${l}`].data[r * z.cols + c]);
      return { z, m };
    };
    const L1 = bnLayer(matmul(h0, P.W1, h1w), 1);
    const h1 = map(L1.z, (v, _, c) => Math.max(0, v + P.beta1[c]));
    const L2 = bnLayer(matmul(h1, P.W2, h2w), 2);
    const h2 = map(L2.z, (v, _, c) => Math.max(0, v + P.beta2[c]));
    const head = decoupled ? cols(h2, 0, k) : h2;
    const L3 = bnLayer(matmul(head, P.W3, K), 3);
    const y = map(L3.z, (v, _, c) => P.gamma3[c] * (v + P.beta3[c]));
    return { h0, z: [L1.z, L2.z, L3.z], m: [L1.m, L2.m, L3.m], h2, y };
  };
  const clean = encode(false);
  const noisy = encode(true);
  const recon: [string, number][] =
    spec.kind === 'dln'
      ? [
          ['z2r', h2w - k],
          ['z1', h1w],
          ['x', spec.inputs],
        ]
      : [
          ['z3', K],
          ['z2', h2w],
          ['z1', h1w],
          ['x', spec.inputs],
        ];
  let u = batchnorm(spec.kind === 'dln' ? cols(noisy.h2, k, h2w) : noisy.y);
  let zHat: Mat | undefined;
  const costs: Record<string, number> = {};
  recon.forEach(([name, width], i) => {
    if (zHat) u = batchnorm(matmul(zHat, P[`V.${recon[i - 1][0]}`], width));
    let zTilde: Mat;
    let target: Mat;
    let m: { mean: ArrayLike<number>; variance: ArrayLike<number> } | undefined;
    if (name === 'x') [zTilde, target] = [noisy.h0, clean.h0];
    else if (name === 'z2r') {
      [zTilde, target] = [cols(noisy.z[1], k, h2w), cols(clean.z[1], k, h2w)];
      m = { mean: clean.m[1].mean.subarray(k), variance: clean.m[1].variance.subarray(k) };
    } else {
      const l = Number(name.slice(1)) - 1;
      [zTilde, target, m] = [noisy.z[l], clean.z[l], clean.m[l]];
    }
    zHat = amlpRef(zTilde, u, P[`g.${name}`], spec.cells, spec.slope);
    costs[`rec.${name}`] = mse(m ? standardise(zHat, m.mean, m.variance) : zHat, target);
  });
  return { ...costs, pred: cccLossRef(noisy.y, b.y) };
}

/** Inference-mode prediction with running statistics. */
export function predictRef(spec: ModelSpec, P: Values, S: Values, x: Mat): Mat {
  const [h1w, h2w] = spec.hidden;
  const K = spec.outputs;
  if (spec.kind === 'dense') {
    const layer = (h: Mat, l: number, w: number) =>
      map(standardise(matmul(h, P[`W${l}`], w), S[`bn${l}.mean`], S[`bn${l}.var`]), (v, _, c) => Math.max(0, v * P[`bn${l}.gamma`][c] + P[`bn${l}.beta`][c]));
    return map(matmul(layer(layer(x, 1, h1w), 2, h2w), P.W3, K), (v, _, c) => v + P.b3[c]);
  }
  const z1 = standardise(matmul(x, P.W1, h1w), S['bn1.mean'], S['bn1.var']);
  const h1 = map(z1, (v, _, c) => Math.max(0, v + P.beta1[c]));
  const z2 = standardise(matmul(h1, P.W2, h2w), S['bn2.mean'], S['bn2.var']);
  const h2 = map(z2, (v, _, c) => Math.max(0, v + P.beta2[c]));
  const head = spec.kind === 'ln' ? h2 : cols(h2, 0, spec.emotion);
  const z3 = standardise(matmul(head, P.W3, K), S['bn3.mean'], S['bn3.var']);
  return map(z3, (v, _, c) => P.gamma3[c] * (v + P.beta3[c]));
}
