/**
 * A trained model's inference, apart from training: predictions, the reconstruction analysis of
 * Figure 3b and the batch statistics of AdaBN, each from given weights through the graphs of
 * `predict.ts` (no train step is built). Sessions are opened once per graph and fed the weights of
 * each call, so one instance serves a model whose weights change (dev scoring during training).
 */
import type * as ort from 'onnxruntime-node';
import type { Graph } from '../onnx/graph.js';
import { openSession, tensorOf } from '../onnx/runtime.js';
import { DEFAULT_ROUTING, type Model, type Routing } from '../spec.js';
import type { NoiseBank } from '../training/noiseBank.js';
import { buildBatchStatsGraph, buildPredictGraph, buildReconstructionGraph } from './predict.js';

/** A model's parameters and running statistics by name. */
export interface ModelArrays {
  params: Record<string, Float32Array>;
  state: Record<string, Float32Array>;
}

export interface InferenceOptions {
  /** onnxruntime intra-op threads (0: its default). */
  threads?: number;
  /** Let onnxruntime's idle threads spin (its default); turn off on cores shared with other work. */
  spinning?: boolean;
}

export class ModelInference {
  private readonly sessions = new Map<string, ort.InferenceSession>();

  constructor(
    readonly model: Model,
    private readonly opts: InferenceOptions = {},
  ) {}

  private async session(key: string, build: () => Graph): Promise<ort.InferenceSession> {
    let s = this.sessions.get(key);
    if (!s) this.sessions.set(key, (s = await openSession(build(), this.opts)));
    return s;
  }

  private feeds(values: ModelArrays): Record<string, ort.Tensor> {
    const feeds: Record<string, ort.Tensor> = {};
    for (const p of this.model.params) feeds[`p.${p.name}`] = tensorOf(values.params[p.name], p.shape);
    for (const s of this.model.state) feeds[`s.${s.name}`] = tensorOf(values.state[s.name], s.shape);
    return feeds;
  }

  /**
   * Inference-mode predictions for `rows` rows of normalised features, [rows, outputs] row-major.
   * `routing` selects the Figure 3a variant (DLN output layer reading the reconstruction embedding).
   */
  async predict(values: ModelArrays, x: Float32Array, rows: number, routing: Routing = DEFAULT_ROUTING, chunkRows = 1024): Promise<Float32Array> {
    const { spec } = this.model;
    const session = await this.session(`predict:${routing.head}`, () => buildPredictGraph(this.model, { routing }));
    const out = new Float32Array(rows * spec.outputs);
    const feeds = this.feeds(values);
    for (let r = 0; r < rows; r += chunkRows) {
      const n = Math.min(chunkRows, rows - r);
      feeds.x = tensorOf(x.subarray(r * spec.inputs, (r + n) * spec.inputs), [n, spec.inputs]);
      const res = await session.run(feeds);
      out.set(res.prediction.data as Float32Array, r * spec.outputs);
    }
    return out;
  }

  /**
   * Training-mode reconstruction costs of one batch by decoder layer, without any update (ladders only),
   * e.g. with `decoderTop: 'emotion'` for the Figure 3b analysis. The noise is `noise`'s step 0, the
   * same across calls.
   */
  async reconstructionCosts(values: ModelArrays, x: Float32Array, rows: number, noise: NoiseBank, routing: Routing = DEFAULT_ROUTING): Promise<Record<string, number>> {
    const { spec } = this.model;
    const session = await this.session(`rec:${routing.head}:${routing.decoderTop}`, () => buildReconstructionGraph(this.model, { routing }));
    const feeds = this.feeds(values);
    feeds.x = tensorOf(x, [rows, spec.inputs]);
    this.model.noise.forEach((n, k) => {
      feeds[`n.${n.name}`] = tensorOf(noise.window(0, k, rows * n.width), [rows, n.width]);
    });
    const res = await session.run(feeds);
    return Object.fromEntries(Object.entries(res).map(([name, t]) => [name.slice(4), t.data[0] as number]));
  }

  /**
   * AdaBN: the running batch-norm statistics re-estimated on the given batches (e.g. a condition's
   * unlabelled noisy set): the mean of the batch means and of the unbiased batch variances. Batches of
   * fewer than 2 rows have no variance and are skipped.
   */
  async batchNormStatistics(values: ModelArrays, batches: Iterable<{ x: Float32Array; rows: number }>): Promise<Record<string, Float32Array>> {
    const session = await this.session('stats', () => buildBatchStatsGraph(this.model));
    const { spec } = this.model;
    const sums: Record<string, Float64Array> = {};
    let count = 0;
    for (const { x, rows } of batches) {
      if (rows < 2) continue;
      const res = await session.run({ ...this.feeds(values), x: tensorOf(x, [rows, spec.inputs]) });
      for (const s of this.model.state) {
        const v = res[`stats.${s.name}`].data as Float32Array;
        const scale = s.name.endsWith('.var') ? rows / (rows - 1) : 1;
        const acc = (sums[s.name] ??= new Float64Array(v.length));
        for (let i = 0; i < v.length; i++) acc[i] += v[i] * scale;
      }
      count++;
    }
    if (count === 0) throw new Error('batchNormStatistics: no batch of at least 2 rows');
    return Object.fromEntries(this.model.state.map((s) => [s.name, Float32Array.from(sums[s.name], (v) => v / count)]));
  }

  async release(): Promise<void> {
    for (const s of this.sessions.values()) await s.release();
    this.sessions.clear();
  }
}
