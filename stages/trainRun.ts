/**
 * Training one run of the grid (and adapting a trained model to a condition's recordings), as a function of its
 * inputs only (no stage context), so that it runs the same in the train stage's worker processes and
 * in a cluster task. What a run is, where it lies and what it writes is runGrid.ts's.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from '../data/atomicWrite.js';
import { boothCopyOf, concatLabelled, LABELLED_SETS, readRunUtterances, readSetMatrix, withLabels, type LabelledMatrix } from '../data/labelledSets.js';
import type { UtteranceRow } from '../data/utterances.js';
import { ModelInference } from '../models/export/inference.js';
import { inferOnnx, type ModelValues, type Normalisation } from '../models/export/predict.js';
import { createModel } from '../models/model.js';
import { ADAPTED_FROM, isConditionFree, isMultiCondition, MODEL_KIND, MULTI_CONDITION_OF, type AdaptedModel } from '../models/names.js';
import { modelSpec, type Model } from '../models/spec.js';
import { runEpoch, type RowSet } from '../models/training/epoch.js';
import { concordanceCorrelation } from '../stats/ccc.js';
import { Trainer, type Checkpoint } from '../models/training/trainer.js';
import type { Config } from './configSchema.js';
import { stageDir, utteranceLists } from './layout.js';
import { claimPath, withClaim } from './runClaim.js';
import {
  describeRun,
  encodeWeights,
  finishedRun,
  HISTORY_COLUMNS,
  readTargetScale,
  readWeights,
  RUN_FILES,
  runDir,
  targetAttributes,
  trainStepPath,
  writeRunResult,
  writeTargetScale,
  type RunKey,
  type RunResult,
  type TargetScale,
} from './runGrid.js';
import { loadResumePoint, removeResumePoints, saveResumePoint } from './trainResumePoint.js';

/** The config sections training reads. */
export type TrainingConfig = Pick<Config, 'train' | 'conditions'>;

/** What a run needs besides its key and data. */
export interface RunEnv {
  config: TrainingConfig;
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

/** A run's labelled data per target: the clean train and dev sets, or (multi-condition training) those with their booth copies. */
export interface LabelledData {
  train: Map<RunKey['target'], LabelledMatrix>;
  dev: Map<RunKey['target'], LabelledMatrix>;
}

export interface SharedData extends LabelledData {
  normalisation: Omit<Normalisation, 'targetMean' | 'targetStd'>;
  /** The clean sets followed by their booth copies in every condition, when the grid has a multi-condition model. */
  multiCondition?: LabelledData;
  unlabelled: Map<string, RowSet>;
}

/** The labelled data a run of `model` trains and selects its epoch on. */
export const labelledDataOf = (data: SharedData, model: RunKey['model']): LabelledData => (isMultiCondition(model) ? data.multiCondition! : data);

export function modelFor(config: Pick<Config, 'train'>, model: RunKey['model'], outputs: number, inputs: number) {
  const t = config.train;
  return createModel(
    modelSpec(MODEL_KIND[model], {
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
  return claimed(env, dir, `training ${describeRun(key)}`, () => train(env, key, data, dir));
}

async function train(env: RunEnv, key: RunKey, data: SharedData, dir: string): Promise<RunResult> {
  const t = env.config.train;
  await mkdir(dir, { recursive: true });
  const sets = labelledDataOf(data, key.model);
  const labelled = sets.train.get(key.target)!;
  const dev = sets.dev.get(key.target)!;
  const outputs = targetAttributes(key.target).length;
  const scale = standardiser(labelled.y, outputs);
  const model = modelFor(env.config, key.model, outputs, labelled.features);
  // Runs share the cores with other runs and the stage's process: idle threads sleep rather than spin.
  const trainer = await Trainer.create(model, { lr: t.learningRate, adam: t.adam, seed: key.seed, threads: env.threads, spinning: false, maxBatch: t.batchSize });
  const inference = new ModelInference(model, { threads: env.threads, spinning: false });
  const stepPath = trainStepPath(env.outDir, key.model);
  if (!existsSync(stepPath)) await writeFileAtomic(stepPath, trainer.trainStepOnnx());

  const bestPath = join(dir, RUN_FILES.weights);
  const historyPath = join(dir, RUN_FILES.history);
  let history: Record<string, string | number>[] = [];
  // The trainer replaces its arrays rather than mutating them, so the best values are kept without a copy.
  let best = { epoch: 0, ccc: -Infinity, values: { params: trainer.checkpoint().params, state: trainer.checkpoint().state } };
  const resume = await loadResumePoint(dir, env.warn);
  if (resume) {
    trainer.restore(resume.trainer);
    history = parse(resume.history, { columns: true });
    const bestCcc = resume.best.epoch ? Number(history[resume.best.epoch - 1].dev_ccc) : -Infinity;
    best = { epoch: resume.best.epoch, ccc: bestCcc, values: { params: resume.best.params, state: resume.best.state } };
  }
  const trainSet: RowSet = { x: labelled.x, y: standardise(labelled.y, scale), rows: labelled.rows };
  const unlabelled = isConditionFree(key.model) ? undefined : data.unlabelled.get(key.condition);
  const devY = standardise(dev.y, scale);
  const started = Date.now();
  for (let epoch = history.length + 1; epoch <= t.epochs; epoch++) {
    const epochStart = Date.now();
    const result = await runEpoch(trainer, trainSet, unlabelled, { batch: t.batchSize, seed: key.seed * 100_003 + epoch });
    const devCcc = devConcordance(await inference.predict(trainer.checkpoint(), dev.x, dev.rows), devY, outputs);
    const rec = (losses: Record<string, number>) =>
      Object.entries(losses)
        .filter(([k]) => k.startsWith('rec.'))
        .reduce((a, [, v]) => a + v, 0);
    history.push({
      epoch,
      loss_total: result.labelled.total,
      loss_pred: result.labelled.pred,
      loss_rec: isConditionFree(key.model) ? '' : rec(result.labelled),
      unlabelled_loss_rec: unlabelled ? rec(result.unlabelled) : '',
      dev_ccc: devCcc.mean,
      dev_ccc_each: devCcc.each.map((c) => c.toFixed(5)).join(' '),
      seconds: (Date.now() - epochStart) / 1000,
    });
    if (devCcc.mean > best.ccc) {
      const c = trainer.checkpoint();
      best = { epoch, ccc: devCcc.mean, values: { params: c.params, state: c.state } };
    }
    if (epoch % t.checkpointEveryEpochs === 0 || epoch === t.epochs) {
      const historyCsv = stringify(history, { header: true, columns: [...HISTORY_COLUMNS] });
      // For watching a run's progress (a resume reads the history from the checkpoint); written first,
      // so that whoever sees a checkpoint also sees at least its epochs here.
      await writeFileAtomic(historyPath, historyCsv);
      await saveResumePoint(dir, { epoch, trainer: trainer.checkpoint(), best: { epoch: best.epoch, ...best.values }, history: historyCsv });
    }
    env.onEpoch();
  }
  await inference.release();
  await writeFileAtomic(historyPath, stringify(history, { header: true, columns: [...HISTORY_COLUMNS] }));
  await writeInfer(join(dir, RUN_FILES.infer), model, best.values, { ...data.normalisation, targetMean: scale.mean, targetStd: scale.std });
  // Evaluation reads weights only for the DLN's embedding analysis and to adapt a model (AdaBN). An MCT
  // run keeps them as its base does: the same network, trained on more data, open to the same analyses.
  const network = isMultiCondition(key.model) ? MULTI_CONDITION_OF[key.model] : key.model;
  if (t.keepCheckpoints || network === 'dln' || network === 'dense' || adaptationsOf(env.config, key).length)
    await writeFileAtomic(bestPath, encodeWeights(best.values, best.epoch));
  await removeResumePoints(dir, t.keepCheckpoints);
  const converged = best.epoch <= t.epochs * (1 - t.convergenceWarnFraction);
  const result: RunResult = { ...key, bestEpoch: best.epoch, epochs: t.epochs, bestDevCcc: best.ccc, converged, seconds: (Date.now() - started) / 1000, dir };
  await writeTargetScale(dir, scale);
  await writeRunResult(result);
  if (!converged)
    env.warn(
      `${describeRun(key)}: best dev CCC at epoch ${best.epoch} of ${t.epochs}, in the last ${100 * t.convergenceWarnFraction}%: not converged (raise train.epochs or train.learningRate)`,
    );
  return result;
}

async function writeInfer(path: string, model: ReturnType<typeof createModel>, values: ModelValues, norm: Normalisation): Promise<void> {
  await writeFileAtomic(path, inferOnnx(model, values, norm));
}

/** A trained run's result (its model one that is trained, not adapted). */
export type TrainedRun = RunResult & { model: RunKey['model'] };

/**
 * <model>+AdaBN: a trained model with its batch-norm statistics re-estimated on a condition's unlabelled
 * recordings; its weights are the trained ones. A ladder's training statistics mix its labelled (clean)
 * and unlabelled (noisy) batches; the adapted ones are the noisy recordings' alone. Adapts the trained
 * run to each of `conditions` in turn, each under its own claim; the trained weights are read and an
 * inference session opened once, when the first condition not yet adapted comes, and serve the rest.
 */
export async function adaptRuns(env: RunEnv, trained: TrainedRun, conditions: readonly string[], data: SharedData): Promise<RunResult[]> {
  if (conditions.length === 0) return [];
  const name = adaptedName(trained.model);
  let source: AdaptationSource | undefined;
  const results: RunResult[] = [];
  try {
    for (const condition of conditions) {
      const dir = runDir(env.outDir, { ...trained, model: name, condition });
      const what = `adapting ${trained.model} ${trained.target} ${trained.condition} seed ${trained.seed} to ${condition}`;
      results.push(await claimed(env, dir, what, async () => adapt(env, (source ??= await openSource(env, trained, data)), trained, name, condition, data, dir)));
    }
  } finally {
    await source?.inference.release();
  }
  return results;
}

function adaptedName(model: RunKey['model']): AdaptedModel {
  const name = Object.entries(ADAPTED_FROM).find(([, from]) => from === model)?.[0];
  if (!name) throw new Error(`${model} has no AdaBN variant`);
  return name as AdaptedModel;
}

/** What every adaptation of a trained run reads: its network, weights and target scale, and an inference of the network. */
interface AdaptationSource {
  model: Model;
  weights: Checkpoint;
  scale: TargetScale;
  inference: ModelInference;
}

async function openSource(env: RunEnv, trained: TrainedRun, data: SharedData): Promise<AdaptationSource> {
  // The network takes every normalised feature, as it was trained.
  const model = modelFor(env.config, trained.model, targetAttributes(trained.target).length, data.normalisation.mean.length);
  const weights = await readWeights(join(trained.dir, RUN_FILES.weights));
  const scale = await readTargetScale(trained.dir);
  return { model, weights, scale, inference: new ModelInference(model, { threads: env.threads, spinning: false }) };
}

async function adapt(env: RunEnv, source: AdaptationSource, trained: TrainedRun, name: AdaptedModel, condition: string, data: SharedData, dir: string): Promise<RunResult> {
  await mkdir(dir, { recursive: true });
  const { model, weights, scale, inference } = source;
  const unlabelled = data.unlabelled.get(condition)!;
  const B = env.config.train.batchSize;
  const D = model.spec.inputs;
  const batches = Array.from({ length: Math.ceil(unlabelled.rows / B) }, (_, b) => {
    const rows = Math.min(B, unlabelled.rows - b * B);
    return { x: unlabelled.x.subarray(b * B * D, (b * B + rows) * D), rows };
  });
  const adapted = { params: weights.params, state: await inference.batchNormStatistics(weights, batches) };
  await writeInfer(join(dir, RUN_FILES.infer), model, adapted, { ...data.normalisation, targetMean: scale.mean, targetStd: scale.std });
  await writeTargetScale(dir, scale);
  const result: RunResult = { ...trained, model: name, condition, dir, seconds: 0 };
  await writeRunResult(result);
  return result;
}

/**
 * The conditions a trained run is adapted to, when the config asks for its AdaBN variant: every
 * condition for Dense (trained on clean data only), a ladder's own condition (its unlabelled set).
 */
export function adaptationsOf(config: TrainingConfig, key: RunKey): string[] {
  const adapted = Object.entries(ADAPTED_FROM).find(([, from]) => from === key.model)?.[0] as AdaptedModel | undefined;
  if (!adapted || !config.train.models.includes(adapted)) return [];
  return key.model === 'dense' ? config.conditions.map((c) => c.name) : [key.condition];
}

/** Trains one run of the grid and adapts it where the config says: its result first, then the adapted ones. */
export async function trainAndAdapt(env: RunEnv, key: RunKey, data: SharedData): Promise<RunResult[]> {
  const result = await trainRun(env, key, data);
  return [result, ...(await adaptRuns(env, { ...result, model: key.model }, adaptationsOf(env.config, key), data))];
}

/** The normalised sets and labels the grid's runs read (every worker process loads them once). */
export async function loadTrainingData(config: TrainingConfig, runDir: string, grid: readonly RunKey[]): Promise<SharedData> {
  const normalizeDir = stageDir(runDir, 'normalize');
  const stats = JSON.parse(await readFile(join(normalizeDir, 'stats.json'), 'utf8')) as { mean: number[]; std: number[]; clip: number };
  const utterances = await readRunUtterances(utteranceLists((s) => stageDir(runDir, s)));
  const targets = [...new Set(grid.map((k) => k.target))];
  const clean = await labelledData(normalizeDir, utterances, targets, [], config.train.batchSize);
  const multiCondition = grid.some((k) => isMultiCondition(k.model))
    ? await labelledData(
        normalizeDir,
        utterances,
        targets,
        config.conditions.map((c) => c.name),
        config.train.batchSize,
      )
    : undefined;
  const unlabelled = new Map<string, RowSet>();
  const needUnlabelled = new Set(grid.filter((k) => !isConditionFree(k.model)).map((k) => k.condition));
  if (config.train.models.includes('dense_adabn')) config.conditions.forEach((c) => needUnlabelled.add(c.name));
  for (const condition of needUnlabelled) {
    const m = await readSetMatrix(normalizeDir, `unlabelled-${condition}`);
    if (m.ids.length < 2) throw new Error(`unlabelled-${condition} has ${m.ids.length} utterances: the ladders need the condition's unlabelled recordings`);
    unlabelled.set(condition, { x: m.values, rows: m.ids.length });
  }
  return { normalisation: { mean: Float32Array.from(stats.mean), std: Float32Array.from(stats.std), clip: stats.clip }, ...clean, multiCondition, unlabelled };
}

/** The labelled train and dev sets per target, each followed by its booth copies in the given conditions (none: the clean sets alone). */
async function labelledData(
  normalizeDir: string,
  utterances: Map<string, Map<string, UtteranceRow>>,
  targets: readonly RunKey['target'][],
  conditions: readonly string[],
  batchSize: number,
): Promise<LabelledData> {
  const [train, dev] = await Promise.all(
    LABELLED_SETS.map(async (set) => {
      const names = [set, ...conditions.map((c) => boothCopyOf(set, c))];
      const matrices = await Promise.all(names.map((name) => readSetMatrix(normalizeDir, name)));
      return new Map(targets.map((target) => [target, concatLabelled(matrices.map((m, i) => withLabels(m, utterances.get(names[i]), targetAttributes(target))))]));
    }),
  );
  for (const target of targets) {
    const attributes = targetAttributes(target).join(', ');
    if (train.get(target)!.rows < batchSize / 8) throw new Error(`only ${train.get(target)!.rows} train utterances have ${attributes} labels`);
    if (dev.get(target)!.rows < 2) throw new Error(`the dev set has ${dev.get(target)!.rows} utterances with ${attributes} labels: model selection needs some`);
  }
  return { train, dev };
}
