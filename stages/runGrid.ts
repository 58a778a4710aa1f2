/**
 * The contract of a trained run, shared by every stage and command that touches the training grid:
 * a run's key, the grid's order, the run's folder and files, its weights, and `train/runs.csv`.
 * Training one run is trainRun.ts's job; this file only says what a run is and where it lies.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ATTRIBUTES, type Attribute } from '../data/attributes.js';
import { UnreadableFile } from '../data/unreadableFile.js';
import { ADAPTED_FROM, isConditionFree, MODEL_NAMES, TRAINED_MODEL_NAMES, type AdaptedModel, type ModelName, type TrainedModelName } from '../models/names.js';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint } from '../models/training/checkpointBytes.js';
import type { Checkpoint, F32s } from '../models/training/trainer.js';
import type { Config } from './configSchema.js';
import { RUN_FILES, RUNS_CSV } from './layout.js';

// The train stage's file names live in layout.ts, where the stage declarations read them without this module's libraries.
export { RUN_FILES, RUNS_CSV };

/** One training run of the grid. A Dense network sees no condition's unlabelled recordings, so it has one run per seed ("clean"). */
export interface RunKey {
  model: TrainedModelName;
  /** An attribute, or `multitask` for the three-output network. */
  target: Attribute | 'multitask';
  condition: string;
  seed: number;
}

/** A finished run (trained, or adapted from a trained one), as run.json and a row of runs.csv hold it. */
export interface RunResult extends Omit<RunKey, 'model'> {
  model: ModelName;
  bestEpoch: number;
  epochs: number;
  bestDevCcc: number;
  converged: boolean;
  seconds: number;
  /** The run's folder, absolute. */
  dir: string;
}

/** A run as a person names it: `dln arousal 10dB seed 3`. */
export const describeRun = (k: Pick<RunResult, 'model' | 'target' | 'condition' | 'seed'>) => `${k.model} ${k.target} ${k.condition} seed ${k.seed}`;

export function targetAttributes(target: RunKey['target']): readonly Attribute[] {
  return target === 'multitask' ? ATTRIBUTES : [target];
}

/** The grid in a fixed order: a run's index names it on every machine (cluster tasks, `--shard i/n`). */
export function trainingGrid(config: Pick<Config, 'train' | 'conditions'>): RunKey[] {
  const t = config.train;
  const targets: RunKey['target'][] = t.multiTask ? ['multitask'] : t.attributes;
  // A model is trained when the config asks for it or for its AdaBN variant.
  const trained = (model: TrainedModelName) => t.models.some((m) => m === model || (m in ADAPTED_FROM && ADAPTED_FROM[m as AdaptedModel] === model));
  const keys: RunKey[] = [];
  for (let seed = 1; seed <= t.seeds; seed++) {
    for (const target of targets) {
      for (const model of TRAINED_MODEL_NAMES) {
        if (!trained(model)) continue;
        if (isConditionFree(model)) keys.push({ model, target, condition: 'clean', seed });
        else for (const c of config.conditions) keys.push({ model, target, condition: c.name, seed });
      }
    }
  }
  return keys;
}

/** A run's folder inside the train stage's output folder `trainDir`. */
export function runDir(trainDir: string, key: Pick<RunResult, 'model' | 'target' | 'condition' | 'seed'>): string {
  return join(trainDir, 'runs', key.model, key.target, key.condition, `seed-${key.seed}`);
}

/** The training graph one model's runs share, inside the train stage's output folder. */
export const trainStepPath = (trainDir: string, model: TrainedModelName) => join(trainDir, model, 'train_step.onnx');

/** history.csv: one row per epoch. */
export const HISTORY_COLUMNS = ['epoch', 'loss_total', 'loss_pred', 'loss_rec', 'unlabelled_loss_rec', 'dev_ccc', 'dev_ccc_each', 'seconds'] as const;

export interface TargetScale {
  mean: number[];
  std: number[];
}

export async function writeTargetScale(dir: string, scale: { mean: ArrayLike<number>; std: ArrayLike<number> }): Promise<void> {
  await writeFile(join(dir, RUN_FILES.targetScale), JSON.stringify({ mean: Array.from(scale.mean), std: Array.from(scale.std) }) + '\n');
}

export async function readTargetScale(dir: string): Promise<TargetScale> {
  return JSON.parse(await readFile(join(dir, RUN_FILES.targetScale), 'utf8')) as TargetScale;
}

export async function writeRunResult(result: RunResult): Promise<void> {
  await writeFile(join(result.dir, RUN_FILES.result), JSON.stringify(result, null, 2) + '\n');
}

/** The run's result when it is finished, else undefined. */
export async function finishedRun(dir: string): Promise<RunResult | undefined> {
  const done = join(dir, RUN_FILES.result);
  return existsSync(done) ? (JSON.parse(await readFile(done, 'utf8')) as RunResult) : undefined;
}

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

const RUN_COLUMNS = ['model', 'target', 'condition', 'seed', 'bestEpoch', 'epochs', 'bestDevCcc', 'converged', 'seconds', 'dir'] as const;

/**
 * Writes runs.csv into the train stage's folder `trainOutDir`, each run's folder relative to the run
 * directory as `train/…` (the stage writes into a temporary folder that is renamed `train`).
 */
export async function writeRuns(trainOutDir: string, trainFolder: string, results: readonly RunResult[]): Promise<void> {
  const rows = results.map((r) => ({ ...r, converged: String(r.converged), dir: join(trainFolder, relative(trainOutDir, r.dir)) }));
  await writeFile(join(trainOutDir, RUNS_CSV), stringify(rows, { header: true, columns: [...RUN_COLUMNS] }));
}

/** Every run of `runsCsv`, its folder made absolute against the run directory `workdir`; a bad row fails with its line. */
export async function readRuns(runsCsv: string, workdir: string): Promise<RunResult[]> {
  const rows = parse<Record<(typeof RUN_COLUMNS)[number], string>>(await readFile(runsCsv, 'utf8'), { columns: true });
  return rows.map((r, i) => {
    const bad = (column: string) => new UnreadableFile(runsCsv, 'a runs table of the train stage', `line ${i + 2}: ${column} is "${r[column as keyof typeof r]}"`);
    const number = (column: 'seed' | 'bestEpoch' | 'epochs' | 'bestDevCcc' | 'seconds') => {
      const v = Number(r[column]);
      if (r[column] === undefined || r[column] === '' || (Number.isNaN(v) && r[column] !== 'NaN')) throw bad(column);
      return v;
    };
    if (!(MODEL_NAMES as readonly string[]).includes(r.model)) throw bad('model');
    if (r.target !== 'multitask' && !(ATTRIBUTES as readonly string[]).includes(r.target)) throw bad('target');
    return {
      model: r.model as ModelName,
      target: r.target as RunKey['target'],
      condition: r.condition,
      seed: number('seed'),
      bestEpoch: number('bestEpoch'),
      epochs: number('epochs'),
      bestDevCcc: number('bestDevCcc'),
      converged: r.converged === 'true',
      seconds: number('seconds'),
      dir: join(workdir, r.dir),
    };
  });
}
