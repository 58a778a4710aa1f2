/**
 * The training grid as independent tasks: one task trains one run, found by its index in
 * `trainingGrid(config)`. A grid is prepared once (upstream stages up to date and the run's config
 * saved by the runner, the train stage's partial folder opened for the current inputs, a token and
 * that input hash recorded in `<runDir>/cluster/grid.json`); then any engine that hands a task an index (a Slurm array, a
 * Kubernetes Indexed Job, a shell loop) runs `pipeline train-run --index i`. The train stage
 * publishes the runs when they are all there.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../data/atomicWrite.js';
import type { Config } from '../../stages/configSchema.js';
import { trainStage } from '../../stages/declarations.js';
import { stageDir } from '../../stages/layout.js';
import { RUN_FILES, runDir as runFolder, trainingGrid, type RunKey } from '../../stages/runGrid.js';
import { loadConfig, runConfigPath } from '../config.js';
import { currentInputHash, openPartial, partialPaths, runStages } from '../runner.js';
import { UsageError } from '../usageError.js';
import { clusterPaths } from './clusterPaths.js';

export interface GridRecord {
  /** Names this preparation; a task handed another token is looking at another copy of the run directory. */
  token: string;
  preparedOn: string;
  preparedAt: string;
  /** The train stage's input hash the grid's runs are made from. */
  inputHash: string;
  size: number;
}

/** Brings the stages upstream of train up to date (holding the run directory's lock meanwhile) and opens the train stage's partial folder for the grid's tasks. */
export async function prepareGrid(config: Config, runDir: string, o: { jobs: number; wait?: boolean; command?: string }): Promise<GridRecord> {
  await runStages(trainStage.dependsOn, { config, workdir: runDir, ...o });
  const inputHash = await currentInputHash(trainStage, config, runDir);
  await openPartial(runDir, trainStage, inputHash);
  const record: GridRecord = { token: randomBytes(8).toString('hex'), preparedOn: hostname(), preparedAt: new Date().toISOString(), inputHash, size: trainingGrid(config).length };
  await writeFileAtomic(clusterPaths(runDir).grid, JSON.stringify(record, null, 2) + '\n');
  return record;
}

/**
 * The prepared grid, checked before a task trains anything: it is there (the run directory is
 * shared with the host that prepared it), it is the one the task was submitted for, and the train
 * stage's partial work is still for the same inputs.
 */
export async function readGrid(runDir: string, expectedToken?: string): Promise<GridRecord & { config: Config }> {
  const path = clusterPaths(runDir).grid;
  if (!existsSync(path)) {
    const shared = expectedToken ? ': the run directory must be on a filesystem shared by the submitting host and this node' : '';
    throw new UsageError(
      `no prepared training grid in ${runDir} (${path} is missing)${shared}; prepare it with "pipeline run train --slurm" or "pipeline run train --prepare-grid"`,
    );
  }
  const record = JSON.parse(await readFile(path, 'utf8')) as GridRecord;
  if (expectedToken && record.token !== expectedToken) {
    throw new UsageError(
      `${path} holds grid ${record.token} (prepared on ${record.preparedOn} at ${record.preparedAt}), not ${expectedToken} that this task was submitted for: the grid was prepared again, or this is another copy of the run directory`,
    );
  }
  // The run's saved config is the one its last `pipeline run` used: the grid holds only while it, the
  // upstream outputs and the train stage's partial work all still give the inputs the grid was prepared for.
  const config = loadConfig(runConfigPath(runDir));
  const marker = await readFile(partialPaths(runDir, 'train').marker, 'utf8').catch(() => '');
  if (marker !== record.inputHash || (await currentInputHash(trainStage, config, runDir)) !== record.inputHash) {
    throw new UsageError(`the training grid in ${runDir} is out of date (its config or inputs changed since ${record.preparedAt}): prepare it again`);
  }
  return { ...record, config };
}

/** The folder a grid run writes into while the grid is unpublished. */
export function partialRunFolder(runDir: string, key: RunKey): string {
  return runFolder(partialPaths(runDir, 'train').dir, key);
}

export type RunState = 'done' | 'failed' | 'not done';

export interface GridRunState {
  index: number;
  key: RunKey;
  state: RunState;
  /** Why a failed run failed. */
  reason?: string;
}

/** Each run of the grid: done (its run.json is there, published or not), failed (with why), or not done yet. */
export async function gridRunStates(runDir: string, config: Config): Promise<GridRunState[]> {
  const published = stageDir(runDir, 'train');
  const paths = clusterPaths(runDir);
  return Promise.all(
    trainingGrid(config).map(async (key, index): Promise<GridRunState> => {
      const folder = partialRunFolder(runDir, key);
      if (existsSync(join(folder, RUN_FILES.result)) || existsSync(join(runFolder(published, key), RUN_FILES.result))) return { index, key, state: 'done' };
      const failed = await readFile(paths.failed(index), 'utf8').catch(() => undefined);
      if (failed) return { index, key, state: 'failed', reason: (JSON.parse(failed) as { message: string }).message };
      return { index, key, state: 'not done' };
    }),
  );
}
