/**
 * `pipeline train-run --workdir D --index i`: one task of a prepared training grid, as a cluster
 * engine runs it (a Slurm array task, a Kubernetes Indexed Job pod). It trains exactly one run into
 * the train stage's partial folder, resuming from the run's checkpoint, and exits non-zero with the
 * reason in one line (and in cluster/failed/) when it fails; other runs are never affected.
 * `--shard i/n` trains a slice of the grid the same way, one run after another.
 */
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../data/atomicWrite.js';
import { describeRun, trainingGrid } from '../stages/runGrid.js';
import { loadTrainingData, trainAndAdapt, type RunEnv } from '../stages/trainRun.js';
import { clusterPaths } from './cluster/clusterPaths.js';
import { prepareGrid, readGrid } from './cluster/trainGrid.js';
import type { Config } from '../stages/configSchema.js';
import { runConfigPath } from './config.js';
import { ClaimHeld } from '../stages/runClaim.js';
import { partialPaths } from './runner.js';
import { makeLogger } from './logger.js';
import { UsageError } from './usageError.js';

export interface TrainRunArgs {
  workdir: string;
  index?: number;
  /** The environment variable holding the index (e.g. JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID). */
  indexFromEnv?: string;
  /** Slice i of n of the grid (`i/n`): the runs whose index is i − 1 modulo n, one after another. */
  shard?: string;
  /** The grid token the task was submitted for: checks that this node sees the submitting host's run directory. */
  grid?: string;
  threads: number;
}

/** The indices a call trains: one (--index, --index-from-env) or a shard's. */
function taskIndices(args: TrainRunArgs, size: number): number[] {
  const given = [args.index, args.indexFromEnv, args.shard].filter((x) => x !== undefined).length;
  if (given !== 1) throw new UsageError('give one of --index i, --index-from-env VAR or --shard i/n');
  if (args.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(args.shard);
    const [i, n] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!(i >= 1 && i <= n)) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, got "${args.shard}"`);
    return Array.from({ length: size }, (_, k) => k).filter((k) => k % n === i - 1);
  }
  const text = args.indexFromEnv !== undefined ? process.env[args.indexFromEnv] : String(args.index);
  if (text === undefined) throw new UsageError(`--index-from-env ${args.indexFromEnv}: that environment variable is not set`);
  const index = Number(text);
  if (!Number.isInteger(index) || index < 0) throw new UsageError(`the task index must be a whole number ≥ 0, got "${text}"`);
  if (index >= size) throw new UsageError(`index ${index} is outside the training grid (${size} runs, indices 0-${size - 1})`);
  return [index];
}

/** Trains the given runs of the prepared grid; 0 when all of them are done, 1 when any failed (each failure recorded). */
export async function trainRunCommand(args: TrainRunArgs): Promise<number> {
  const runDir = resolve(args.workdir);
  const grid = await readGrid(runDir, args.grid);
  const keys = trainingGrid(grid.config);
  const indices = taskIndices(args, keys.length);
  const data = await loadTrainingData(
    grid.config,
    runDir,
    indices.map((i) => keys[i]),
  );
  let failed = 0;
  for (const index of indices) {
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
      const [result] = await trainAndAdapt(env, key, data);
      log.info(`done: best dev CCC ${result.bestDevCcc.toFixed(4)} at epoch ${result.bestEpoch}`);
    } catch (e) {
      if (e instanceof ClaimHeld) {
        log.warn(`skipped, another process is training it: ${e.message}`);
        continue;
      }
      const message = (e as Error).message ?? String(e);
      await writeFileAtomic(failedRecord, JSON.stringify({ message, host: hostname(), at: new Date().toISOString(), job: process.env.SLURM_JOB_ID ?? null }) + '\n');
      log.warn(`failed: ${message}`);
      failed++;
    }
  }
  return failed ? 1 : 0;
}

/**
 * `pipeline run train --prepare-grid` and `--shard i/n`: prepares the grid, then says how another
 * engine's tasks train it, or trains the shard's runs here. Shards started together take turns to
 * bring the upstream stages up to date.
 */
export async function prepareGridCommand(a: { config: Config; workdir: string; jobs: number; wait: boolean; command: string; shard?: string }): Promise<number> {
  const runDir = resolve(a.workdir);
  const grid = await prepareGrid(a.config, runDir, { jobs: a.jobs, wait: a.wait || a.shard !== undefined, command: a.command });
  if (a.shard === undefined) {
    console.error(
      `grid of ${grid.size} runs prepared in ${a.workdir}: run "pipeline train-run --workdir ${runDir} --index i" for i = 0…${grid.size - 1} (or --index-from-env VAR), then "pipeline run all --workdir ${a.workdir} --config ${runConfigPath(runDir)}" publishes, evaluates and reports`,
    );
    return 0;
  }
  const status = await trainRunCommand({ workdir: a.workdir, shard: a.shard, threads: 0 });
  if (status === 0) console.error(`shard ${a.shard} done; "pipeline run train" without --shard trains what is left and publishes the grid`);
  return status;
}
