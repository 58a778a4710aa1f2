import type { StageName } from '../stages/types.js';
import { foldsOf } from './crossval/layout.js';
import { loadConfig, withClusterOverrides } from './config.js';
import { prepareOutputFolder } from './outputPaths.js';
import { findStage } from './registry.js';
import { runStages } from './runner.js';
import { submitTrainGrid } from './cluster/submitSlurm.js';
import { prepareGridCommand } from './trainRunCommand.js';
import { UsageError } from './usageError.js';

export interface RunArgs {
  stages: string[];
  config?: string;
  workdir: string;
  jobs: number;
  force: boolean;
  wait: boolean;
  slurm: boolean;
  prepareGrid: boolean;
  shard?: string;
  /** Overrides of the config's cluster section (--partition, …). */
  cluster: { partition?: string; timeLimit?: string; cpusPerTask?: number; memory?: string; maxConcurrent?: number };
  /** This invocation, as a second process is told who holds the run directory. */
  command: string;
}

function parseStageNames(names: string[]): StageName[] {
  if (names.length === 0 || names.includes('all')) return [];
  return names.map((n) => findStage(n).name);
}

/** `pipeline run [stages..]`: runs stages here, or hands the training grid to Slurm or to other engines. Returns the exit code. */
export async function runCommand(args: RunArgs): Promise<number> {
  const stages = parseStageNames(args.stages);
  if (!Number.isInteger(args.jobs) || args.jobs < 1) throw new UsageError(`--jobs must be a positive integer, got ${args.jobs}`);
  const config = loadConfig(args.config);
  prepareOutputFolder(args.workdir, '--workdir');
  const gridModes = [args.slurm && '--slurm', args.prepareGrid && '--prepare-grid', args.shard !== undefined && '--shard'].filter(Boolean);
  if (gridModes.length > 1) throw new UsageError(`${gridModes.join(' and ')} do not go together`);
  if (gridModes.length && (stages.length !== 1 || stages[0] !== 'train')) throw new UsageError(`${gridModes[0]} goes with "pipeline run train" alone`);
  if (foldsOf(config).length) {
    if (gridModes.length) throw new UsageError(`${gridModes[0]} does not go with corpus.folds; run it on one fold: --workdir <run>/folds/<k> --config <run>/folds/<k>/config.json`);
    const { runFolds } = await import('./crossval/runFolds.js');
    await runFolds(stages, { config, workdir: args.workdir, jobs: args.jobs, force: args.force, wait: args.wait, command: args.command });
    return 0;
  }
  if (args.slurm) {
    return submitTrainGrid({
      config: withClusterOverrides(config, args.cluster),
      workdir: args.workdir,
      jobs: args.jobs,
      wait: args.wait,
      force: args.force,
      command: args.command,
    });
  }
  if (args.prepareGrid || args.shard !== undefined) {
    return prepareGridCommand({ config, workdir: args.workdir, jobs: args.jobs, wait: args.wait, command: args.command, shard: args.shard });
  }
  await runStages(stages, { config, workdir: args.workdir, jobs: args.jobs, force: args.force, wait: args.wait, command: args.command });
  return 0;
}
