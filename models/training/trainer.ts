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
import { openSession, tensorOf } from '../onnx/runtime.js';
import { toOnnxBytes } from '../onnx/serialize.js';
import { DEFAULT_ROUTING, type Model, type Routing } from '../spec.js';
import { DEFAULT_ADAM, type AdamOptions } from './adam.js';
import { initialValues } from './init.js';
import { NoiseBank } from './noiseBank.js';
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
  private readonly noise: NoiseBank;
  private readonly zeroTargets = new Map<number, Float32Array>();

  private constructor(
    readonly model: Model,
    readonly trainStepOnnx: Uint8Array,
    private readonly stepSession: ort.InferenceSession,
    private readonly opts: TrainerOptions,
  ) {
    const seed = opts.seed ?? 0;
    this.lr = opts.lr ?? 5e-5;
    const init = initialValues(model, seed);
    const zeros = (vals: F32s) => Object.fromEntries(Object.entries(vals).map(([k, v]) => [k, new Float32Array(v.length)]));
    const params = toF32(init.params);
    this.ckpt = { step: 0, params, m: zeros(params), v: zeros(params), state: toF32(init.state) };
    this.noise = new NoiseBank(model, seed, opts);
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
      feeds[`n.${n.name}`] = tensorOf(this.noise.window(step, k, batch * n.width), [batch, n.width]);
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

  private zeros(n: number): Float32Array {
    let z = this.zeroTargets.get(n);
    if (!z) this.zeroTargets.set(n, (z = new Float32Array(n)));
    return z;
  }
}
