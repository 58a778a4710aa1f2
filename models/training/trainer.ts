/**
 * Runs a model's train_step.onnx in onnxruntime-node: holds the parameters, Adam moments and running
 * statistics as Float32Arrays, feeds them each step (wrapped, not copied) and keeps the returned ones.
 * Noise and dropout draws are windows into one bank of standard normals drawn once from the seed, at
 * offsets drawn from (seed, step, input), so a step costs no random generation in JavaScript or in the
 * graph, and a restored checkpoint continues with exactly the noise an uninterrupted run would have seen.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import {
  buildBatchStatsGraph,
  buildInferGraph,
  buildPredictGraph,
  buildReconstructionGraph,
  type Normalisation,
} from '../export/predict.js';
import type { Graph } from '../onnx/graph.js';
import { openSession, tensorOf } from '../onnx/runtime.js';
import { toOnnxBytes } from '../onnx/serialize.js';
import { DEFAULT_ROUTING, type Model, type Routing } from '../spec.js';
import { DEFAULT_ADAM, type AdamOptions } from './adam.js';
import { initialValues } from './init.js';
import { createRng } from '../../dsp/random.js';
import { buildTrainStep } from './trainStep.js';

export interface TrainerOptions {
  /** Adam learning rate (the paper's 5e-5). */
  lr?: number;
  adam?: Partial<AdamOptions>;
  /** Seeds the initial weights and the noise. */
  seed?: number;
  /** onnxruntime intra-op threads (0: its default). */
  threads?: number;
  /** Let onnxruntime's idle threads spin (its default); turn off on cores shared with other work. */
  spinning?: boolean;
  /** Largest mini-batch that will be fed (sizes the noise bank). */
  maxBatch?: number;
  /** Standard normals in the noise bank (default 2^22); at least 4 `maxBatch` batches of the widest noise input. */
  noiseBankSize?: number;
  routing?: Routing;
  /** Profile the train step's session with onnxruntime's profiler (see `endProfiling`). */
  profilePrefix?: string;
}

export type F32s = Record<string, Float32Array>;

/** Everything needed to resume training exactly. */
export interface Checkpoint {
  step: number;
  params: F32s;
  m: F32s;
  v: F32s;
  state: F32s;
}

export type Losses = Record<string, number>;

const toF32 = (vals: Record<string, Float64Array>): F32s =>
  Object.fromEntries(Object.entries(vals).map(([k, v]) => [k, Float32Array.from(v)]));

export class Trainer {
  readonly lr: number;
  private ckpt: Checkpoint;
  private readonly bank: Float32Array;
  private readonly seed: number;
  private readonly zeroTargets = new Map<number, Float32Array>();
  private readonly sessions = new Map<string, ort.InferenceSession>();

  private constructor(
    readonly model: Model,
    readonly trainStepOnnx: Uint8Array,
    private readonly stepSession: ort.InferenceSession,
    private readonly opts: TrainerOptions,
  ) {
    const seed = (this.seed = opts.seed ?? 0);
    this.lr = opts.lr ?? 5e-5;
    const init = initialValues(model, seed);
    const zeros = (vals: F32s) => Object.fromEntries(Object.entries(vals).map(([k, v]) => [k, new Float32Array(v.length)]));
    const params = toF32(init.params);
    this.ckpt = { step: 0, params, m: zeros(params), v: zeros(params), state: toF32(init.state) };
    const widest = Math.max(...model.noise.map((n) => n.width));
    const bankSize = Math.max(opts.noiseBankSize ?? 1 << 22, 4 * (opts.maxBatch ?? 256) * widest);
    this.bank = createRng(seed ^ 0x9e3779b9).fillNormal(new Float32Array(bankSize));
  }

  static async create(model: Model, opts: TrainerOptions = {}): Promise<Trainer> {
    const bytes = toOnnxBytes(
      buildTrainStep(model, { adam: { ...DEFAULT_ADAM, ...opts.adam }, routing: opts.routing ?? DEFAULT_ROUTING }),
      `${model.spec.kind}_train_step`,
    );
    const session = await openSession(bytes, { threads: opts.threads, spinning: opts.spinning, profilePrefix: opts.profilePrefix });
    return new Trainer(model, bytes, session, opts);
  }

  /** Stops the profiler that `profilePrefix` started and returns the path of the trace it wrote. */
  endProfiling(): string {
    const prefix = this.opts.profilePrefix;
    if (!prefix) throw new Error('endProfiling: this trainer was created without profilePrefix');
    this.stepSession.endProfiling();
    const stem = `${basename(prefix)}_`;
    const traces = readdirSync(dirname(prefix)).filter((f) => f.startsWith(stem) && f.endsWith('.json')).sort();
    if (traces.length === 0) throw new Error(`endProfiling: onnxruntime wrote no trace next to ${prefix}`);
    return join(dirname(prefix), traces[traces.length - 1]);
  }

  get step(): number {
    return this.ckpt.step;
  }

  /** A copy-free view of the current values (the arrays are replaced, not mutated, by later steps). */
  checkpoint(): Checkpoint {
    return { ...this.ckpt };
  }

  restore(c: Checkpoint): void {
    for (const group of ['params', 'm', 'v', 'state'] as const) {
      for (const [name, cur] of Object.entries(this.ckpt[group])) {
        const next = c[group][name];
        if (!next || next.length !== cur.length) throw new Error(`checkpoint: ${group}.${name} missing or of wrong size`);
      }
    }
    this.ckpt = { step: c.step, params: { ...c.params }, m: { ...c.m }, v: { ...c.v }, state: { ...c.state } };
  }

  private noiseWindow(step: number, input: number, length: number): Float32Array {
    if (length > this.bank.length) throw new Error('noise bank smaller than one batch: raise maxBatch');
    const rng = createRng(Math.imul(this.seed, 0x9e3779b1) ^ Math.imul(step, 0x85ebca6b) ^ Math.imul(input + 1, 0xc2b2ae35));
    const start = rng.int(this.bank.length - length + 1);
    return this.bank.subarray(start, start + length);
  }

  /**
   * One Adam step on a mini-batch of `batch` rows: `x` row-major [batch, inputs]; `y` [batch, outputs]
   * for a labelled batch, undefined for an unlabelled one (reconstruction costs only).
   */
  async trainStep(x: Float32Array, y: Float32Array | undefined, batch: number): Promise<Losses> {
    const { spec } = this.model;
    if (x.length !== batch * spec.inputs) throw new Error(`x must hold ${batch} x ${spec.inputs} values`);
    if (y && y.length !== batch * spec.outputs) throw new Error(`y must hold ${batch} x ${spec.outputs} values`);
    const c = this.ckpt;
    const step = c.step + 1;
    const feeds: Record<string, ort.Tensor> = {
      x: tensorOf(x, [batch, spec.inputs]),
      y: tensorOf(y ?? this.zeros(batch * spec.outputs), [batch, spec.outputs]),
      labelled: tensorOf(Float32Array.of(y ? 1 : 0), []),
      step: tensorOf(Float32Array.of(step), []),
      lr: tensorOf(Float32Array.of(this.lr), []),
    };
    for (const p of this.model.params) {
      feeds[`p.${p.name}`] = tensorOf(c.params[p.name], p.shape);
      feeds[`m.${p.name}`] = tensorOf(c.m[p.name], p.shape);
      feeds[`v.${p.name}`] = tensorOf(c.v[p.name], p.shape);
    }
    for (const s of this.model.state) feeds[`s.${s.name}`] = tensorOf(c.state[s.name], s.shape);
    this.model.noise.forEach((n, k) => {
      feeds[`n.${n.name}`] = tensorOf(this.noiseWindow(step, k, batch * n.width), [batch, n.width]);
    });

    const out = await this.stepSession.run(feeds);
    const take = (name: string) => out[name].data as Float32Array;
    const next: Checkpoint = { step, params: {}, m: {}, v: {}, state: {} };
    for (const p of this.model.params) {
      next.params[p.name] = take(`next.p.${p.name}`);
      next.m[p.name] = take(`next.m.${p.name}`);
      next.v[p.name] = take(`next.v.${p.name}`);
    }
    for (const s of this.model.state) next.state[s.name] = take(`next.s.${s.name}`);
    this.ckpt = next;
    const losses: Losses = {};
    for (const [name, t] of Object.entries(out)) if (name.startsWith('loss.')) losses[name.slice(5)] = t.data[0] as number;
    // Without targets the graph's 1 - CCC is computed against zeros and weighted 0: not a loss of this step.
    if (!y) delete losses.pred;
    return losses;
  }

  /** infer.onnx of the current weights: raw features in, prediction out (see `buildInferGraph`). */
  inferOnnx(norm: Normalisation, routing = this.opts.routing ?? DEFAULT_ROUTING): Uint8Array {
    return toOnnxBytes(buildInferGraph(this.model, this.ckpt, norm, routing), `${this.model.spec.kind}_infer`);
  }

  private zeros(n: number): Float32Array {
    let z = this.zeroTargets.get(n);
    if (!z) this.zeroTargets.set(n, (z = new Float32Array(n)));
    return z;
  }

  private paramFeeds(): Record<string, ort.Tensor> {
    return Object.fromEntries(this.model.params.map((p) => [`p.${p.name}`, tensorOf(this.ckpt.params[p.name], p.shape)]));
  }

  /** A session for an auxiliary graph, built once per key. */
  private async auxSession(key: string, build: () => Graph): Promise<ort.InferenceSession> {
    let s = this.sessions.get(key);
    if (!s) this.sessions.set(key, (s = await openSession(build(), { threads: this.opts.threads, spinning: this.opts.spinning })));
    return s;
  }

  private modelFeeds(): Record<string, ort.Tensor> {
    const feeds = this.paramFeeds();
    for (const s of this.model.state) feeds[`s.${s.name}`] = tensorOf(this.ckpt.state[s.name], s.shape);
    return feeds;
  }

  /**
   * Inference-mode predictions for `rows` rows of normalised features, [rows, outputs] row-major.
   * `routing` selects the Figure 3a variant (DLN output layer reading the reconstruction embedding).
   */
  async predict(x: Float32Array, rows: number, routing = this.opts.routing ?? DEFAULT_ROUTING, chunkRows = 1024): Promise<Float32Array> {
    const { spec } = this.model;
    const session = await this.auxSession(`predict:${routing.head}`, () => buildPredictGraph(this.model, { routing }));
    const out = new Float32Array(rows * spec.outputs);
    const feeds = this.modelFeeds();
    for (let r = 0; r < rows; r += chunkRows) {
      const n = Math.min(chunkRows, rows - r);
      feeds.x = tensorOf(x.subarray(r * spec.inputs, (r + n) * spec.inputs), [n, spec.inputs]);
      const res = await session.run(feeds);
      out.set(res.prediction.data as Float32Array, r * spec.outputs);
    }
    return out;
  }

  /**
   * Training-mode reconstruction costs of one batch without any update (ladders only), e.g. with
   * `decoderTop: 'emotion'` for the Figure 3b analysis. The noise is that of step 0, fixed across calls.
   */
  async reconstructionCosts(x: Float32Array, rows: number, routing = this.opts.routing ?? DEFAULT_ROUTING): Promise<Losses> {
    const { spec } = this.model;
    const session = await this.auxSession(`rec:${routing.head}:${routing.decoderTop}`, () => buildReconstructionGraph(this.model, { routing }));
    const feeds = this.modelFeeds();
    feeds.x = tensorOf(x, [rows, spec.inputs]);
    this.model.noise.forEach((n, k) => {
      feeds[`n.${n.name}`] = tensorOf(this.noiseWindow(0, k, rows * n.width), [rows, n.width]);
    });
    const res = await session.run(feeds);
    return Object.fromEntries(Object.entries(res).map(([name, t]) => [name.slice(4), t.data[0] as number]));
  }

  /**
   * AdaBN: replaces the running batch-norm statistics by those of the given batches (e.g. the condition's
   * unlabelled noisy set): the mean of the batch means and of the unbiased batch variances.
   */
  async adaptBatchNorm(batches: Iterable<{ x: Float32Array; rows: number }>): Promise<void> {
    const session = await this.auxSession('stats', () => buildBatchStatsGraph(this.model));
    const { spec } = this.model;
    const sums: Record<string, Float64Array> = {};
    let count = 0;
    for (const { x, rows } of batches) {
      if (rows < 2) continue;
      const res = await session.run({ ...this.modelFeeds(), x: tensorOf(x, [rows, spec.inputs]) });
      for (const s of this.model.state) {
        const v = res[`stats.${s.name}`].data as Float32Array;
        const scale = s.name.endsWith('.var') ? rows / (rows - 1) : 1;
        const acc = (sums[s.name] ??= new Float64Array(v.length));
        for (let i = 0; i < v.length; i++) acc[i] += v[i] * scale;
      }
      count++;
    }
    if (count === 0) throw new Error('adaptBatchNorm: no batch of at least 2 rows');
    const state: F32s = {};
    for (const s of this.model.state) state[s.name] = Float32Array.from(sums[s.name], (v) => v / count);
    this.ckpt = { ...this.ckpt, state };
  }
}
