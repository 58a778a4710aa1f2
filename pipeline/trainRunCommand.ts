/**
 * `pipeline train-run --workdir D --index i`: one task of a prepared training grid, as a cluster
 * engine runs it (a Slurm array task, a Kubernetes Indexed Job pod). It trains exactly one run into
 * the train stage's partial folder, resuming from the run's checkpoint, and exits non-zero with the
 * reason in one line (and in the run's failed.json) when it fails; other runs are never affected.
 */
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../data/atomicWrite.js';
import { loadTrainingData, trainAndAdapt, type RunEnv } from '../stages/trainRun.js';
import { clusterPaths, describeRun, readGrid } from './cluster/trainGrid.js';
import { trainingGrid } from '../stages/train.js';
import { partialPaths } from './runner.js';
import { makeLogger } from './logger.js';
import { UsageError } from './usageError.js';

export interface TrainRunArgs {
  workdir: string;
  index?: number;
  /** The environment variable holding the index (e.g. JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID). */
  indexFromEnv?: string;
  /** The grid token the task was submitted for: checks that this node sees the submitting host's run directory. */
  grid?: string;
  threads: number;
}

function taskIndex(args: TrainRunArgs): number {
  if (args.index !== undefined && args.indexFromEnv !== undefined) throw new UsageError('give --index or --index-from-env, not both');
  const text = args.indexFromEnv !== undefined ? process.env[args.indexFromEnv] : args.index === undefined ? undefined : String(args.index);
  if (text === undefined) throw new UsageError(args.indexFromEnv !== undefined ? `--index-from-env ${args.indexFromEnv}: that environment variable is not set` : 'give --index i or --index-from-env VAR');
  const index = Number(text);
  if (!Number.isInteger(index) || index < 0) throw new UsageError(`the task index must be a whole number ≥ 0, got "${text}"`);
  return index;
}

export async function trainRunCommand(args: TrainRunArgs): Promise<number> {
  const runDir = resolve(args.workdir);
  const index = taskIndex(args);
  const grid = await readGrid(runDir, args.grid);
  const keys = trainingGrid(grid.config);
  if (index >= keys.length) throw new UsageError(`index ${index} is outside the training grid of ${runDir} (${keys.length} runs, indices 0-${keys.length - 1})`);
  const key = keys[index];
  const failedRecord = clusterPaths(runDir).failed(index);
  const log = makeLogger(join(runDir, 'pipeline.log'), `train-run ${index}`);
  log.info(`${describeRun(key)} on ${hostname()}`);
  let epochs = 0;
  const env: RunEnv = {
    config: grid.config,
    outDir: partialPaths(runDir, 'train').dir,
    threads: args.threads || grid.config.train.threads || 1,
    warn: (m) => log.warn(m),
    onEpoch: () => {
      epochs++;
      if (epochs % 10 === 0) log.info(`${epochs} epochs`);
    },
  };
  try {
    await rm(failedRecord, { force: true });
    const data = await loadTrainingData(grid.config, runDir, [key]);
    const [result] = await trainAndAdapt(env, key, data);
    log.info(`done: best dev CCC ${result.bestDevCcc.toFixed(4)} at epoch ${result.bestEpoch}`);
    return 0;
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    await writeFileAtomic(failedRecord, JSON.stringify({ message, host: hostname(), at: new Date().toISOString(), job: process.env.SLURM_JOB_ID ?? null }) + '\n');
    log.warn(`failed: ${message}`);
    return 1;
  }
}
