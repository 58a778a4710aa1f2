/**
 * Runs a model's train steps in onnxruntime-node, several per session run (train_loop.onnx, an ONNX Loop
 * over stacked mini-batches): holds the parameters, Adam moments and running statistics as Float32Arrays,
 * feeds them once per run (wrapped, not copied) and keeps the returned ones, so they cross into and out
 * of onnxruntime once per run rather than once per step.
 * Noise and dropout draws are windows into one bank of standard normals drawn once from the seed, at
 * offsets drawn from (seed, step, input), so a step costs no random generation in JavaScript or in the
 * graph, and a restored checkpoint continues with exactly the noise an uninterrupted run would have seen.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { openSession, tensorOf } from '../onnx/runtime.js';
import { toOnnxBytes } from '../onnx/serialize.js';
import { DEFAULT_ROUTING, type Model, type Routing } from '../spec.js';
import { DEFAULT_ADAM, type AdamOptions } from './adam.js';
import { initialValues } from './init.js';
import { NoiseBank } from './noiseBank.js';
import { buildTrainLoop, buildTrainStep, type TrainStepOptions } from './trainStep.js';

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
  /** Adam's second moments divided by secondMomentScale (adam.ts). */
  v: F32s;
  state: F32s;
}

export type Losses = Record<string, number>;

/**
 * One mini-batch: `x` row-major [rows, inputs]; `y` [rows, outputs] when labelled, undefined when not
 * (reconstruction costs only). With `idx`, the batch is rows idx[0], idx[1], ... of a larger `x` (and `y`),
 * which the trainer copies straight into its feed: a data set's rows cross memory once, not twice.
 */
export interface TrainBatch {
  x: Float32Array;
  y?: Float32Array;
  rows: number;
  idx?: ArrayLike<number>;
}

/** Copies the batch's rows of `src` (rows of `width` values) to `dst` from `at` on. */
function putRows(dst: Float32Array, at: number, src: Float32Array, width: number, b: TrainBatch): void {
  if (!b.idx) {
    dst.set(src.subarray(0, b.rows * width), at);
    return;
  }
  for (let r = 0; r < b.rows; r++) dst.set(src.subarray(b.idx[r] * width, (b.idx[r] + 1) * width), at + r * width);
}

/** Why `b` does not fit a model of `inputs` and `outputs`, or undefined. */
function batchError(b: TrainBatch, inputs: number, outputs: number): string | undefined {
  if (b.idx) {
    if (b.idx.length !== b.rows) return `idx holds ${b.idx.length} rows, not ${b.rows}`;
    const available = Math.min(b.x.length / inputs, b.y ? b.y.length / outputs : Infinity);
    for (let r = 0; r < b.rows; r++)
      if (!(Number.isInteger(b.idx[r]) && b.idx[r] >= 0 && b.idx[r] < available)) return `row ${b.idx[r]} is not in x (${Math.floor(available)} rows)`;
    return undefined;
  }
  if (b.x.length !== b.rows * inputs) return `x must hold ${b.rows} x ${inputs} values`;
  if (b.y && b.y.length !== b.rows * outputs) return `y must hold ${b.rows} x ${outputs} values`;
  return undefined;
}

/** The value last made for a key, kept until another key is asked for. */
class LastMade<T> {
  private key?: string;
  private value?: T;
  get(key: string, make: () => T): T {
    if (this.key !== key || this.value === undefined) [this.key, this.value] = [key, make()];
    return this.value;
  }
  forget(key: string): void {
    if (this.key === key) [this.key, this.value] = [undefined, undefined];
  }
}

/**
 * A worker trains run after run, mostly of one model and seed in a row: a session holds no weights (they
 * are fed), and the noise bank depends on the seed only, so the last of each serves the next run too,
 * which saves building, optimising and drawing them again (seconds per run). One of each, to bound memory.
 */
const lastLoopSession = new LastMade<Promise<ort.InferenceSession>>();
const lastBank = new LastMade<NoiseBank>();

const graphOptions = (o: TrainerOptions): TrainStepOptions => ({ adam: { ...DEFAULT_ADAM, ...o.adam }, routing: o.routing ?? DEFAULT_ROUTING });

const toF32 = (vals: Record<string, Float64Array>): F32s => Object.fromEntries(Object.entries(vals).map(([k, v]) => [k, Float32Array.from(v)]));

export class Trainer {
  readonly lr: number;
  private ckpt: Checkpoint;
  private readonly noise: NoiseBank;
  /** Feed buffers of the stacked batches, by input name, grown as needed and reused across runs. */
  private readonly stacks = new Map<string, Float32Array>();

  private constructor(
    readonly model: Model,
    private readonly loopSession: ort.InferenceSession,
    private readonly opts: TrainerOptions,
  ) {
    const seed = opts.seed ?? 0;
    this.lr = opts.lr ?? 5e-5;
    // The update divides by the step size (models/training/adam.ts).
    if (!(this.lr > 0)) throw new Error(`Trainer: the learning rate must be positive, got ${this.lr}`);
    const init = initialValues(model, seed);
    const zeros = (vals: F32s) => Object.fromEntries(Object.entries(vals).map(([k, v]) => [k, new Float32Array(v.length)]));
    const params = toF32(init.params);
    this.ckpt = { step: 0, params, m: zeros(params), v: zeros(params), state: toF32(init.state) };
    const widest = Math.max(...model.noise.map((n) => n.width));
    this.noise = lastBank.get(JSON.stringify([seed, widest, opts.maxBatch, opts.noiseBankSize]), () => new NoiseBank(model, seed, opts));
  }

  static async create(model: Model, opts: TrainerOptions = {}): Promise<Trainer> {
    const open = () => {
      const bytes = toOnnxBytes(buildTrainLoop(model, graphOptions(opts)), `${model.spec.kind}_train_loop`);
      return openSession(bytes, { threads: opts.threads, spinning: opts.spinning, profilePrefix: opts.profilePrefix });
    };
    // A profiled session writes its own trace: never shared.
    const key = JSON.stringify([model.spec, graphOptions(opts), opts.threads, opts.spinning]);
    const session = opts.profilePrefix ? open() : lastLoopSession.get(key, open);
    try {
      return new Trainer(model, await session, opts);
    } catch (e) {
      lastLoopSession.forget(key);
      throw e;
    }
  }

  /** train_step.onnx: one step of this model as one graph (the loop's body), for running it elsewhere. */
  trainStepOnnx(): Uint8Array {
    return toOnnxBytes(buildTrainStep(this.model, graphOptions(this.opts)), `${this.model.spec.kind}_train_step`);
  }

  /** Stops the profiler that `profilePrefix` started and returns the path of the trace it wrote. */
  endProfiling(): string {
    const prefix = this.opts.profilePrefix;
    if (!prefix) throw new Error('endProfiling: this trainer was created without profilePrefix');
    this.loopSession.endProfiling();
    const stem = `${basename(prefix)}_`;
    const traces = readdirSync(dirname(prefix))
      .filter((f) => f.startsWith(stem) && f.endsWith('.json'))
      .sort();
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

  /** One Adam step on a mini-batch of `batch` rows (`y` undefined: an unlabelled batch). */
  async trainStep(x: Float32Array, y: Float32Array | undefined, batch: number): Promise<Losses> {
    return (await this.trainSteps([{ x, y, rows: batch }]))[0];
  }

  /**
   * Adam steps on the batches in turn, in one session run, all of the same number of rows; the losses of
   * each. The same batches give the same bits whether they come in one call or several.
   */
  async trainSteps(batches: readonly TrainBatch[]): Promise<Losses[]> {
    const { spec } = this.model;
    const trips = batches.length;
    if (trips === 0) return [];
    const rows = batches[0].rows;
    for (const b of batches) {
      if (b.rows !== rows) throw new Error(`trainSteps: batches of ${rows} and ${b.rows} rows in one run`);
      const why = batchError(b, spec.inputs, spec.outputs);
      if (why) throw new Error(`trainSteps: ${why}`);
    }
    const c = this.ckpt;
    const xs = this.stack('xs', trips * rows * spec.inputs);
    const ys = this.stack('ys', trips * rows * spec.outputs);
    const labelled = this.stack('labelled', trips);
    batches.forEach((b, i) => {
      putRows(xs, i * rows * spec.inputs, b.x, spec.inputs, b);
      // Without targets the graph's 1 - CCC is computed against zeros and weighted 0.
      if (b.y) putRows(ys, i * rows * spec.outputs, b.y, spec.outputs, b);
      else ys.fill(0, i * rows * spec.outputs, (i + 1) * rows * spec.outputs);
      labelled[i] = b.y ? 1 : 0;
    });
    const feeds: Record<string, ort.Tensor> = {
      trips: tensorOf(BigInt64Array.of(BigInt(trips)), []),
      step: tensorOf(Float32Array.of(c.step + 1), []),
      lr: tensorOf(Float32Array.of(this.lr), []),
      xs: tensorOf(xs, [trips, rows, spec.inputs]),
      ys: tensorOf(ys, [trips, rows, spec.outputs]),
      labelled: tensorOf(labelled, [trips]),
    };
    for (const p of this.model.params) {
      feeds[`p.${p.name}`] = tensorOf(c.params[p.name], p.shape);
      feeds[`m.${p.name}`] = tensorOf(c.m[p.name], p.shape);
      feeds[`v.${p.name}`] = tensorOf(c.v[p.name], p.shape);
    }
    for (const s of this.model.state) feeds[`s.${s.name}`] = tensorOf(c.state[s.name], s.shape);
    this.model.noise.forEach((n, k) => {
      const size = rows * n.width;
      const ns = this.stack(`ns.${n.name}`, trips * size);
      for (let i = 0; i < trips; i++) ns.set(this.noise.window(c.step + 1 + i, k, size), i * size);
      feeds[`ns.${n.name}`] = tensorOf(ns, [trips, rows, n.width]);
    });

    const out = await this.loopSession.run(feeds);
    const take = (name: string) => out[name].data as Float32Array;
    const next: Checkpoint = { step: c.step + trips, params: {}, m: {}, v: {}, state: {} };
    for (const p of this.model.params) {
      next.params[p.name] = take(`next.p.${p.name}`);
      next.m[p.name] = take(`next.m.${p.name}`);
      next.v[p.name] = take(`next.v.${p.name}`);
    }
    for (const s of this.model.state) next.state[s.name] = take(`next.s.${s.name}`);
    this.ckpt = next;
    return batches.map((b, i) => {
      const losses: Losses = {};
      for (const [name, t] of Object.entries(out)) if (name.startsWith('loss.')) losses[name.slice(5)] = t.data[i] as number;
      // Without targets 1 - CCC is not a loss of this step.
      if (!b.y) delete losses.pred;
      return losses;
    });
  }

  /** The first `length` values of the reused feed buffer `name`. */
  private stack(name: string, length: number): Float32Array {
    let a = this.stacks.get(name);
    if (!a || a.length < length) this.stacks.set(name, (a = new Float32Array(length)));
    return a.subarray(0, length);
  }
}
