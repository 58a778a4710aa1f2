/**
 * Finite-difference checks of the builder's gradients, run through onnxruntime-node in float64.
 */
import type * as ort from 'onnxruntime-node';
import { grad } from '../../models/onnx/autodiff.js';
import { Graph, type Dim, type Tensor } from '../../models/onnx/graph.js';
import { mul, reduceSum } from '../../models/onnx/ops.js';
import { openSession, tensorOf } from '../../models/onnx/runtime.js';
import { createRng } from '../../dsp/random.js';

export interface CheckResult {
  /** max over elements of |analytic - numeric| / max(|analytic|, |numeric|, floor). */
  maxRelError: number;
  /** Number of elements checked. */
  checked: number;
  /** Largest |analytic| seen (a check of all-zero gradients proves little). */
  maxAbsGradient: number;
}

export interface CheckOptions {
  step?: number;
  floor?: number;
}

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Compares grad(loss, wrt) with central differences of `loss`, every element of every `wrt` tensor.
 * `values` feeds every graph input (by name, float64, with its concrete dims).
 */
export async function checkLossGradient(
  g: Graph,
  loss: Tensor,
  wrt: readonly Tensor[],
  values: Record<string, { data: Float64Array; dims: number[] }>,
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const { step = 1e-6, floor = 1e-4 } = opts;
  const grads = grad(loss, wrt);
  g.output('check.loss', loss);
  grads.forEach((gr, k) => g.output(`check.grad${k}`, gr));
  const session = await openSession(g);
  const feeds = (): Record<string, ort.Tensor> => Object.fromEntries(Object.entries(values).map(([name, v]) => [name, tensorOf(v.data, v.dims)]));
  const lossAt = async () => (await session.run(feeds()))['check.loss'].data[0] as number;

  const base = await session.run(feeds());
  let maxRelError = 0;
  let maxAbsGradient = 0;
  let checked = 0;
  for (const [k, t] of wrt.entries()) {
    const analytic = base[`check.grad${k}`].data as Float64Array;
    const v = values[t.name!].data;
    for (let e = 0; e < v.length; e++) {
      const x0 = v[e];
      v[e] = x0 + step;
      const up = await lossAt();
      v[e] = x0 - step;
      const down = await lossAt();
      v[e] = x0;
      const numeric = (up - down) / (2 * step);
      const err = Math.abs(analytic[e] - numeric) / Math.max(Math.abs(analytic[e]), Math.abs(numeric), floor);
      maxRelError = Math.max(maxRelError, err);
      maxAbsGradient = Math.max(maxAbsGradient, Math.abs(analytic[e]));
      checked++;
    }
  }
  await session.release();
  return { maxRelError, checked, maxAbsGradient };
}

export interface CheckInput {
  name: string;
  shape: number[];
  /** Draw values in [0.5, 2) (for log, sqrt, pow); normals otherwise. */
  positive?: boolean;
  /** The shape the graph declares, e.g. with a symbolic batch dim (default `shape`). */
  graphShape?: Dim[];
  /** Differentiate with respect to this input (default true). */
  differentiate?: boolean;
}

/**
 * Checks the gradient of `fn` (inputs -> any tensor) contracted with a fixed random cotangent,
 * so that every element of the output's Jacobian takes part.
 */
export async function checkGradient(inputs: CheckInput[], fn: (...xs: Tensor[]) => Tensor, opts: CheckOptions & { seed?: number } = {}): Promise<CheckResult> {
  const rng = createRng(opts.seed ?? 1);
  const g = new Graph();
  const xs = inputs.map((i) => g.input(i.name, 'float64', i.graphShape ?? i.shape));
  const y = fn(...xs);
  const dims = y.shape.map((d) => {
    if (typeof d !== 'number') throw new Error('checkGradient: output dims must be static');
    return d;
  });
  const cot = g.constant({ dtype: 'float64', dims, data: rng.fillNormal(new Float64Array(numel(dims))) });
  const loss = reduceSum(
    mul(y, cot),
    dims.map((_, i) => i),
    false,
  );
  const values = Object.fromEntries(
    inputs.map((inp) => {
      const data = new Float64Array(numel(inp.shape));
      for (let k = 0; k < data.length; k++) data[k] = inp.positive ? 0.5 + 1.5 * rng.uniform() : rng.normal();
      return [inp.name, { data, dims: inp.shape }];
    }),
  );
  const wrt = xs.filter((_, i) => inputs[i].differentiate !== false);
  return checkLossGradient(g, loss, wrt, values, opts);
}

/**
 * Two formulations of one function: declares `value` and its gradients with respect to each of `wrt` as
 * outputs of `g` for each formulation, runs `g` on standard-normal float64 draws (inputs by name and dims, drawn
 * in that order) and asserts that the two agree to `tol` (relative, absolute below 1).
 */
export async function assertSameValueAndGradients(
  g: Graph,
  formulations: [Tensor, Tensor],
  wrt: readonly Tensor[],
  dims: Record<string, number[]>,
  opts: { seed: number; tol?: number },
): Promise<void> {
  const { seed, tol = 1e-12 } = opts;
  formulations.forEach((value, f) => [value, ...grad(value, wrt)].forEach((t, i) => g.output(`same${f}.${i}`, t)));
  const rng = createRng(seed);
  const feeds = Object.fromEntries(Object.entries(dims).map(([name, d]) => [name, tensorOf(rng.fillNormal(new Float64Array(numel(d))), d)]));
  const out = await (await openSession(g)).run(feeds);
  for (let i = 0; i <= wrt.length; i++) {
    const [a, b] = [out[`same0.${i}`].data as Float64Array, out[`same1.${i}`].data as Float64Array];
    if (a.length !== b.length) throw new Error(`output ${i}: ${a.length} vs ${b.length} values`);
    a.forEach((v, e) => {
      if (!(Math.abs(v - b[e]) <= tol * Math.max(1, Math.abs(v)))) throw new Error(`output ${i}, element ${e}: ${v} vs ${b[e]}`);
    });
  }
}
