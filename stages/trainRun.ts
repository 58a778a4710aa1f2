/**
 * One training run of the grid, as a function of its inputs only (no stage context), so that it
 * runs the same in the stage's process or in a worker process of the training pool.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from '../data/atomicWrite.js';
import { UnreadableFile } from '../data/unreadableFile.js';
import { ATTRIBUTES, readRunUtterances, readSetMatrix, withLabels, type Attribute, type LabelledMatrix } from '../data/labelledSets.js';
import { buildInferGraph, type ModelValues, type Normalisation } from '../models/export/predict.js';
import { createModel } from '../models/model.js';
import { toOnnxBytes } from '../models/onnx/serialize.js';
import { modelSpec, type ModelKind } from '../models/spec.js';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint } from '../models/training/checkpointBytes.js';
import { runEpoch, type RowSet } from '../models/training/epoch.js';
import { concordanceCorrelation } from '../stats/ccc.js';
import { Trainer, type Checkpoint, type F32s } from '../models/training/trainer.js';
import type { Config, ModelName } from './configSchema.js';
import { claimPath, withClaim } from './runClaim.js';
import { loadResumePoint, removeResumePoints, saveResumePoint } from './trainResumePoint.js';

/** One training run of the grid. Dense does not see the noisy data, so it has one run per seed ("clean"). */
export interface RunKey {
  model: Exclude<ModelName, 'dense_adabn'>;
  /** An attribute, or `multitask` for the three-output network. */
  target: Attribute | 'multitask';
  condition: string;
  seed: number;
}

/** A run as a person names it: `dln arousal 10dB seed 3`. */
export const describeRun = (k: RunKey) => `${k.model} ${k.target} ${k.condition} seed ${k.seed}`;

export interface RunResult extends RunKey {
  bestEpoch: number;
  epochs: number;
  bestDevCcc: number;
  converged: boolean;
  seconds: number;
  dir: string;
}

const KIND: Record<RunKey['model'], ModelKind> = { dense: 'dense', ln: 'ln', dln: 'dln', dln_he: 'dln_he' };

export function runDir(trainDir: string, key: Pick<RunKey, 'target' | 'condition' | 'seed'> & { model: ModelName }): string {
  return join(trainDir, 'runs', key.model, key.target, key.condition, `seed-${key.seed}`);
}

export function targetAttributes(target: RunKey['target']): readonly Attribute[] {
  return target === 'multitask' ? ATTRIBUTES : [target];
}

/** What a run needs besides its key and data. */
export interface RunEnv {
  config: Config;
  /** The train stage's output folder. */
  outDir: string;
  /** onnxruntime threads of this run. */
  threads: number;
  warn: (message: string) => void;
  onEpoch(): void;
}

function standardiser(y: Float32Array, outputs: number): { mean: Float32Array; std: Float32Array } {
  const rows = y.length / outputs;
  const mean = new Float32Array(outputs);
  const std = new Float32Array(outputs);
  for (let k = 0; k < outputs; k++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += y[r * outputs + k];
    const m = s / rows;
    let v = 0;
    for (let r = 0; r < rows; r++) v += (y[r * outputs + k] - m) ** 2;
    mean[k] = m;
    std[k] = Math.sqrt(v / rows) || 1;
  }
  return { mean, std };
}

function standardise(y: Float32Array, s: { mean: Float32Array; std: Float32Array }): Float32Array {
  const K = s.mean.length;
  return y.map((v, i) => (v - s.mean[i % K]) / s.std[i % K]);
}

/** Mean CCC over the outputs, with the per-output values. */
function devConcordance(prediction: Float32Array, y: Float32Array, outputs: number): { mean: number; each: number[] } {
  const rows = y.length / outputs;
  const each = Array.from({ length: outputs }, (_, k) => {
    const p = Float32Array.from({ length: rows }, (_, r) => prediction[r * outputs + k]);
    const t = Float32Array.from({ length: rows }, (_, r) => y[r * outputs + k]);
    return concordanceCorrelation(p, t);
  });
  return { mean: each.reduce((a, b) => a + b, 0) / outputs, each };
}

const copyValues = (v: F32s): F32s => Object.fromEntries(Object.entries(v).map(([k, a]) => [k, a.slice()]));
const zerosLike = (v: F32s): F32s => Object.fromEntries(Object.entries(v).map(([k, a]) => [k, new Float32Array(a.length)]));

/** Weights only (no optimiser state), in the checkpoint format: what evaluation and `predict` load. */
export function encodeWeights(values: { params: F32s; state: F32s }, epoch: number): Uint8Array {
  return encodeCheckpoint({ step: epoch, params: values.params, m: {}, v: {}, state: values.state });
}

export async function readWeights(path: string): Promise<Checkpoint> {
  let c: Checkpoint;
  try {
    c = decodeCheckpoint(new Uint8Array(await readFile(path)));
  } catch (e) {
    if (e instanceof CheckpointError) throw new UnreadableFile(path, 'a weights file', e.message);
    throw e;
  }
  return { ...c, m: zerosLike(c.params), v: zerosLike(c.params) };
}

export interface SharedData {
  normalisation: Omit<Normalisation, 'targetMean' | 'targetStd'>;
  train: Map<RunKey['target'], LabelledMatrix>;
  dev: Map<RunKey['target'], LabelledMatrix>;
  unlabelled: Map<string, RowSet>;
}

export function modelFor(config: Config, model: RunKey['model'], outputs: number, inputs: number) {
  const t = config.train;
  return createModel(
    modelSpec(KIND[model], {
      inputs,
      outputs,
      hidden: t.hiddenUnits,
      emotion: t.emotionUnits,
      denseDropout: t.denseDropout,
      inputDropout: t.inputDropout,
      noiseStd: t.noiseStd,
      cells: t.amlpCells,
      lambda: t.reconstructionWeight,
    }),
  );
}

const HISTORY_COLUMNS = ['epoch', 'loss_total', 'loss_pred', 'loss_rec', 'unlabelled_loss_rec', 'dev_ccc', 'dev_ccc_each', 'seconds'];

async function finishedRun(dir: string): Promise<RunResult | undefined> {
  const done = join(dir, 'run.json');
  return existsSync(done) ? (JSON.parse(await readFile(done, 'utf8')) as RunResult) : undefined;
}

/**
 * The run's result when it is finished, else `work`'s, done under the run's claim. Throws ClaimHeld
 * when another live process is working on the run.
 */
async function claimed(env: RunEnv, dir: string, what: string, work: () => Promise<RunResult>): Promise<RunResult> {
  // Checked again under the claim: the previous holder may have finished it in between.
  return (await finishedRun(dir)) ?? withClaim(claimPath(env.outDir, dir), what, async () => (await finishedRun(dir)) ?? work());
}

/** Trains one run of the grid under its claim, resuming from its checkpoint when one is there, and writes its artifacts. */
export async function trainRun(env: RunEnv, key: RunKey, data: SharedData): Promise<RunResult> {
  const dir = runDir(env.outDir, key);
  return claimed(env, dir, `training ${key.model} ${key.target} ${key.condition} seed ${key.seed}`, () => train(env, key, data, dir));
}

async function train(env: RunEnv, key: RunKey, data: SharedData, dir: string): Promise<RunResult> {
  const t = env.config.train;
  await mkdir(dir, { recursive: true });
  const labelled = data.train.get(key.target)!;
  const dev = data.dev.get(key.target)!;
  const outputs = targetAttributes(key.target).length;
  const scale = standardiser(labelled.y, outputs);
  const model = modelFor(env.config, key.model, outputs, labelled.features);
  const trainer = await Trainer.create(model, { lr: t.learningRate, adam: t.adam, seed: key.seed, threads: env.threads, maxBatch: t.batchSize });
  const stepPath = join(env.outDir, key.model, 'train_step.onnx');
  if (!existsSync(stepPath)) await writeFileAtomic(stepPath, trainer.trainStepOnnx);

  const bestPath = join(dir, 'weights.bin');
  const historyPath = join(dir, 'history.csv');
  let history: Record<string, string | number>[] = [];
  let best = { epoch: 0, ccc: -Infinity, values: { params: copyValues(trainer.checkpoint().params), state: copyValues(trainer.checkpoint().state) } };
  const resume = await loadResumePoint(dir, env.warn);
  if (resume) {
    trainer.restore(resume.trainer);
    history = parse(resume.history, { columns: true });
    const bestCcc = resume.best.epoch ? Number(history[resume.best.epoch - 1].dev_ccc) : -Infinity;
    best = { epoch: resume.best.epoch, ccc: bestCcc, values: { params: resume.best.params, state: resume.best.state } };
  }
  const trainSet: RowSet = { x: labelled.x, y: standardise(labelled.y, scale), rows: labelled.rows };
  const unlabelled = key.model === 'dense' ? undefined : data.unlabelled.get(key.condition);
  const devY = standardise(dev.y, scale);
  const started = Date.now();
  for (let epoch = history.length + 1; epoch <= t.epochs; epoch++) {
    const epochStart = Date.now();
    const result = await runEpoch(trainer, trainSet, unlabelled, { batch: t.batchSize, seed: key.seed * 100_003 + epoch });
    const devCcc = devConcordance(await trainer.predict(dev.x, dev.rows), devY, outputs);
    const rec = (losses: Record<string, number>) => Object.entries(losses).filter(([k]) => k.startsWith('rec.')).reduce((a, [, v]) => a + v, 0);
    history.push({
      epoch,
      loss_total: result.labelled.total,
      loss_pred: result.labelled.pred,
      loss_rec: key.model === 'dense' ? '' : rec(result.labelled),
      unlabelled_loss_rec: unlabelled ? rec(result.unlabelled) : '',
      dev_ccc: devCcc.mean,
      dev_ccc_each: devCcc.each.map((c) => c.toFixed(5)).join(' '),
      seconds: (Date.now() - epochStart) / 1000,
    });
    if (devCcc.mean > best.ccc) {
      const c = trainer.checkpoint();
      best = { epoch, ccc: devCcc.mean, values: { params: copyValues(c.params), state: copyValues(c.state) } };
    }
    if (epoch % t.checkpointEveryEpochs === 0 || epoch === t.epochs) {
      const historyCsv = stringify(history, { header: true, columns: HISTORY_COLUMNS });
      // For watching a run's progress (a resume reads the history from the checkpoint); written first,
      // so that whoever sees a checkpoint also sees at least its epochs here.
      await writeFileAtomic(historyPath, historyCsv);
      await saveResumePoint(dir, { epoch, trainer: trainer.checkpoint(), best: { epoch: best.epoch, ...best.values }, history: historyCsv });
    }
    env.onEpoch();
  }
  await writeFileAtomic(historyPath, stringify(history, { header: true, columns: HISTORY_COLUMNS }));
  await writeInfer(join(dir, 'infer.onnx'), model, best.values, { ...data.normalisation, targetMean: scale.mean, targetStd: scale.std });
  // Evaluation reads weights only for the DLN's embedding analysis and to adapt Dense (AdaBN).
  if (t.keepCheckpoints || key.model === 'dln' || key.model === 'dense') await writeFileAtomic(bestPath, encodeWeights(best.values, best.epoch));
  await removeResumePoints(dir, t.keepCheckpoints);
  const converged = best.epoch <= t.epochs * (1 - t.convergenceWarnFraction);
  const result: RunResult = { ...key, bestEpoch: best.epoch, epochs: t.epochs, bestDevCcc: best.ccc, converged, seconds: (Date.now() - started) / 1000, dir };
  await writeFile(join(dir, 'target_scale.json'), JSON.stringify({ mean: Array.from(scale.mean), std: Array.from(scale.std) }) + '\n');
  await writeFile(join(dir, 'run.json'), JSON.stringify(result, null, 2) + '\n');
  if (!converged) env.warn(`${describeRun(key)}: best dev CCC at epoch ${best.epoch} of ${t.epochs}, in the last ${100 * t.convergenceWarnFraction}%: not converged (raise train.epochs or train.learningRate)`);
  return result;
}

async function writeInfer(path: string, model: ReturnType<typeof createModel>, values: ModelValues, norm: Normalisation): Promise<void> {
  await writeFileAtomic(path, toOnnxBytes(buildInferGraph(model, values, norm), `${model.spec.kind}_infer`));
}

/** Dense+AdaBN: the trained Dense model with its batch-norm statistics re-estimated on a condition's unlabelled recordings. */
export async function adaptDense(env: RunEnv, dense: RunResult, condition: string, data: SharedData): Promise<RunResult> {
  const dir = runDir(env.outDir, { ...dense, model: 'dense_adabn', condition });
  return claimed(env, dir, `adapting dense ${dense.target} seed ${dense.seed} to ${condition}`, () => adapt(env, dense, condition, data, dir));
}

async function adapt(env: RunEnv, dense: RunResult, condition: string, data: SharedData, dir: string): Promise<RunResult> {
  await mkdir(dir, { recursive: true });
  const outputs = targetAttributes(dense.target).length;
  const unlabelled = data.unlabelled.get(condition)!;
  const model = modelFor(env.config, 'dense', outputs, unlabelled.x.length / unlabelled.rows);
  const trainer = await Trainer.create(model, { seed: dense.seed, threads: env.threads, maxBatch: env.config.train.batchSize });
  const weights = await readWeights(join(dense.dir, 'weights.bin'));
  trainer.restore(weights);
  const B = env.config.train.batchSize;
  const D = model.spec.inputs;
  const batches = Array.from({ length: Math.ceil(unlabelled.rows / B) }, (_, b) => {
    const rows = Math.min(B, unlabelled.rows - b * B);
    return { x: unlabelled.x.subarray(b * B * D, (b * B + rows) * D), rows };
  });
  await trainer.adaptBatchNorm(batches);
  const adapted = { params: weights.params, state: trainer.checkpoint().state };
  const scale = JSON.parse(await readFile(join(dense.dir, 'target_scale.json'), 'utf8')) as { mean: number[]; std: number[] };
  await writeInfer(join(dir, 'infer.onnx'), model, adapted, { ...data.normalisation, targetMean: scale.mean, targetStd: scale.std });
  await writeFile(join(dir, 'target_scale.json'), JSON.stringify(scale) + '\n');
  const result: RunResult = { ...dense, condition, dir, seconds: 0 };
  await writeFile(join(dir, 'run.json'), JSON.stringify({ ...result, model: 'dense_adabn' }, null, 2) + '\n');
  return { ...result, model: 'dense_adabn' as RunKey['model'] };
}

/** The conditions a trained Dense run is adapted to (Dense+AdaBN), when the config asks for that model. */
export function adaptationsOf(config: Config, key: RunKey): string[] {
  return key.model === 'dense' && config.train.models.includes('dense_adabn') ? config.conditions.map((c) => c.name) : [];
}

/** Trains one run of the grid and adapts it where the config says: its result first, then the adapted ones. */
export async function trainAndAdapt(env: RunEnv, key: RunKey, data: SharedData): Promise<RunResult[]> {
  const result = await trainRun(env, key, data);
  const adapted: RunResult[] = [];
  for (const condition of adaptationsOf(env.config, key)) adapted.push(await adaptDense(env, result, condition, data));
  return [result, ...adapted];
}

/** The normalised sets and labels the grid's runs read (every worker process loads them once). */
export async function loadTrainingData(config: Config, runDir: string, grid: readonly RunKey[]): Promise<SharedData> {
  const normalizeDir = join(runDir, 'normalize');
  const stats = JSON.parse(await readFile(join(normalizeDir, 'stats.json'), 'utf8')) as { mean: number[]; std: number[]; clip: number };
  const utterances = await readRunUtterances(runDir);
  const trainMatrix = await readSetMatrix(normalizeDir, 'train');
  const devMatrix = await readSetMatrix(normalizeDir, 'dev');
  const train = new Map<RunKey['target'], LabelledMatrix>();
  const dev = new Map<RunKey['target'], LabelledMatrix>();
  for (const target of new Set(grid.map((k) => k.target))) {
    const attributes = targetAttributes(target);
    train.set(target, withLabels(trainMatrix, utterances.get('train'), attributes));
    dev.set(target, withLabels(devMatrix, utterances.get('dev'), attributes));
    if (train.get(target)!.rows < config.train.batchSize / 8) throw new Error(`only ${train.get(target)!.rows} train utterances have ${attributes.join(', ')} labels`);
    if (dev.get(target)!.rows < 2) throw new Error(`the dev set has ${dev.get(target)!.rows} utterances with ${attributes.join(', ')} labels: model selection needs some`);
  }
  const unlabelled = new Map<string, RowSet>();
  const needUnlabelled = new Set(grid.filter((k) => k.model !== 'dense').map((k) => k.condition));
  if (config.train.models.includes('dense_adabn')) config.conditions.forEach((c) => needUnlabelled.add(c.name));
  for (const condition of needUnlabelled) {
    const m = await readSetMatrix(normalizeDir, `unlabelled-${condition}`);
    if (m.ids.length < 2) throw new Error(`unlabelled-${condition} has ${m.ids.length} utterances: the ladders need the condition's unlabelled recordings`);
    unlabelled.set(condition, { x: m.values, rows: m.ids.length });
  }
  return { normalisation: { mean: Float32Array.from(stats.mean), std: Float32Array.from(stats.std), clip: stats.clip }, train, dev, unlabelled };
}

