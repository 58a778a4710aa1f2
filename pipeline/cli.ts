import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { STAGE_ORDER, type StageName } from '../stages/types.js';
import { ConfigError, DEMO_CONFIG_PATH, loadConfig, runConfigPath, withClusterOverrides } from './config.js';
import { featuresCommand } from './featuresCommand.js';
import { prepareOutputFolder } from './outputPaths.js';
import { predictCommand } from './predictCommand.js';
import { snrCommand } from './snrCommand.js';
import { gridStatusLines } from './cluster/gridStatus.js';
import { ClusterError } from './cluster/slurm.js';
import { submitTrainGrid } from './cluster/submitSlurm.js';
import { prepareGridCommand, trainRunCommand } from './trainRunCommand.js';
import { UsageError } from './usageError.js';
import { AudioRejected } from '../data/audio/decodeAudio.js';
import { CorpusError } from '../data/corpus/corpusError.js';
import { UnreadableFile } from '../data/unreadableFile.js';
import { ModelFileError } from '../models/onnx/runtime.js';
import { findStage, STAGES } from './registry.js';
import { computeStatus, runStages, StageFailure } from './runner.js';
import { RUN_LOCK_EXIT_CODE, RunLockError } from './runLock.js';

interface CommonArgs {
  config?: string;
  workdir: string;
}

function withCommon<T>(y: Argv<T>) {
  return y
    .option('config', { type: 'string', describe: 'config file (JSON); default configs/demo.json (the built-in demo corpus)' })
    .option('workdir', { type: 'string', default: 'runs/default', describe: 'run directory' });
}

function parseStageNames(names: string[]): StageName[] {
  if (names.length === 0 || names.includes('all')) return [];
  return names.map((n) => findStage(n).name);
}

function formatWhen(iso?: string): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

/** Without --config, status compares against the config the last run saved, not the demo's. */
async function statusCommand(args: CommonArgs): Promise<void> {
  const saved = runConfigPath(resolve(args.workdir));
  const source = args.config ?? (existsSync(saved) ? saved : undefined);
  const config = loadConfig(source);
  const rows = await computeStatus(config, resolve(args.workdir));
  const table = rows.map(({ stage, state, record, reason }) => ({
    stage: stage.name,
    state,
    when: formatWhen(record?.startedAt),
    took: record ? `${record.durationS.toFixed(1)} s` : '',
    note: state === 'failed' ? (record?.error ?? '') : (reason ?? ''),
  }));
  const widths = ['stage', 'state', 'when', 'took'].map((k) => Math.max(k.length, ...table.map((r) => String(r[k as keyof typeof r]).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < widths.length ? c.padEnd(widths[i]) : c)).join('  ').trimEnd();
  console.log(line(['stage', 'state', 'when', 'took', 'note']));
  for (const r of table) console.log(line([r.stage, r.state, r.when, r.took, r.note]));
  for (const l of await gridStatusLines(resolve(args.workdir))) console.log(l);
  const planned = STAGE_ORDER.filter((n) => !STAGES.some((s) => s.name === n));
  if (planned.length) console.log(`(not implemented yet: ${planned.join(', ')})`);
  if (!args.config) console.log(source ? `(compared with the config the last run used: ${saved})` : `(no config saved in ${args.workdir}: compared with ${DEMO_CONFIG_PATH})`);
}

function stagesCommand(): void {
  for (const s of STAGES) {
    console.log(`${s.name}: ${s.description}`);
    console.log(`  reads:   ${s.inputs}${s.dependsOn.length ? ` (after ${s.dependsOn.join(', ')})` : ''}`);
    console.log(`  writes:  ${s.outputs}`);
    console.log(`  config:  ${s.configSections.join(', ')}`);
  }
}

/** Set by the global --verbose flag: errors also print their stack trace. */
let verbose = false;

export async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('pipeline')
    .usage('$0 <command> [options]')
    .option('verbose', { type: 'boolean', default: false, global: true, describe: 'on an error, also print its stack trace' })
    .middleware((args) => {
      verbose = args.verbose;
    })
    .command(
      'run [stages..]',
      'run stages (default: all), bringing stale upstream stages up to date first',
      (y) =>
        withCommon(y)
          .positional('stages', { type: 'string', array: true, default: [], describe: `stage names or "all": ${STAGE_ORDER.join(', ')}` })
          .option('force', { type: 'boolean', default: false, describe: 're-run the named stages even if up to date' })
          .option('jobs', { type: 'number', default: availableParallelism(), describe: 'parallel workers' })
          .option('slurm', { type: 'boolean', default: false, describe: 'with "run train": submit the training grid to Slurm as an array job (config section cluster)' })
          .option('prepare-grid', { type: 'boolean', default: false, describe: 'with "run train": bring upstream stages up to date and prepare the grid for "pipeline train-run" tasks of another engine' })
          .option('shard', { type: 'string', describe: 'with "run train": prepare the grid and train slice i of n of it here (e.g. 2/4), to share a grid between machines' })
          .option('wait', { type: 'boolean', default: false, describe: 'when another process is running stages in the workdir, wait for it instead of failing; with --slurm, also follow the grid until it is reported' })
          .option('partition', { type: 'string', describe: 'with --slurm: overrides cluster.partition' })
          .option('time-limit', { type: 'string', describe: 'with --slurm: overrides cluster.timeLimit (one run, e.g. 02:00:00)' })
          .option('cpus-per-task', { type: 'number', describe: 'with --slurm: overrides cluster.cpusPerTask' })
          .option('memory', { type: 'string', describe: 'with --slurm: overrides cluster.memory (e.g. 8G)' })
          .option('max-concurrent', { type: 'number', describe: 'with --slurm: overrides cluster.maxConcurrent' }),
      async (args) => {
        const stages = parseStageNames((args.stages as string[]) ?? []);
        if (!Number.isInteger(args.jobs) || args.jobs < 1) throw new UsageError(`--jobs must be a positive integer, got ${args.jobs}`);
        const config = loadConfig(args.config);
        prepareOutputFolder(args.workdir, '--workdir');
        const gridModes = [args.slurm && '--slurm', args.prepareGrid && '--prepare-grid', args.shard !== undefined && '--shard'].filter(Boolean);
        if (gridModes.length > 1) throw new UsageError(`${gridModes.join(' and ')} do not go together`);
        if (gridModes.length && (stages.length !== 1 || stages[0] !== 'train')) throw new UsageError(`${gridModes[0]} goes with "pipeline run train" alone`);
        const command = ['pipeline', ...argv].join(' ');
        if (args.slurm) {
          const overrides = { partition: args.partition, timeLimit: args.timeLimit, cpusPerTask: args.cpusPerTask, memory: args.memory, maxConcurrent: args.maxConcurrent };
          const withOverrides = withClusterOverrides(config, overrides);
          process.exitCode = await submitTrainGrid({ config: withOverrides, workdir: args.workdir, jobs: args.jobs, wait: args.wait, force: args.force, command });
        } else if (args.prepareGrid || args.shard !== undefined) {
          process.exitCode = await prepareGridCommand({ config, workdir: args.workdir, jobs: args.jobs, wait: args.wait, command, shard: args.shard });
        } else {
          await runStages(stages, { config, workdir: args.workdir, jobs: args.jobs, force: args.force, wait: args.wait, command });
        }
      },
    )
    .command(
      'train-run',
      'train one run of a prepared training grid (what each cluster task runs)',
      (y) =>
        y
          .option('workdir', { type: 'string', default: 'runs/default', describe: 'run directory (shared with the submitting host)' })
          .option('index', { type: 'number', describe: 'the run\'s index in the grid' })
          .option('index-from-env', { type: 'string', describe: 'read the index from this environment variable (JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID)' })
          .option('shard', { type: 'string', describe: 'train slice i of n of the grid (e.g. 2/4), one run after another' })
          .option('grid', { type: 'string', describe: 'the grid token the task was submitted for (checks the filesystem is shared)' })
          .option('threads', { type: 'number', default: 0, describe: 'onnxruntime threads (0: train.threads, or 1)' }),
      async (args) => {
        process.exitCode = await trainRunCommand({ workdir: args.workdir, index: args.index, indexFromEnv: args.indexFromEnv, shard: args.shard, grid: args.grid, threads: args.threads });
      },
    )
    .command(
      'features <paths..>',
      "ComParE_2016 features of audio files or folders, in openSMILE's layout (a drop-in for SMILExtract)",
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'audio files or folders' })
          .option('out', { type: 'string', demandOption: true, describe: 'output file: .arrow or .csv (openSMILE layout)' })
          .option('lld', { type: 'string', describe: 'also write per-frame LLDs and deltas to this CSV' })
          .option('jobs', { type: 'number', default: availableParallelism(), describe: 'parallel workers' }),
      async (args) => {
        process.exitCode = await featuresCommand({ paths: args.paths, out: args.out, lld: args.lld, jobs: args.jobs });
      },
    )
    .command(
      'snr [files..]',
      'blind SNR of each file, or with --speech and --noise the calibrated SNR of a condition',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, default: [], describe: 'audio files or folders' })
          .option('speech', { type: 'string', describe: 'speech-only calibration recording' })
          .option('noise', { type: 'string', describe: 'noise-only calibration recording' })
          .option('method', { choices: ['noiseFloor', 'wada'] as const, default: 'noiseFloor' as const, describe: 'blind estimator' })
          .option('csv', { type: 'boolean', default: false, describe: 'machine-readable output' }),
      async (args) => {
        process.exitCode = await snrCommand({ files: (args.files as string[]) ?? [], speech: args.speech, noise: args.noise, csv: args.csv, method: args.method });
      },
    )
    .command(
      'predict <paths..>',
      'arousal, valence and dominance of new recordings with a trained model, plus a blind SNR per file',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'audio files or folders' })
          .option('run', { type: 'string', default: 'runs/default', describe: 'run directory with trained models' })
          .option('model', { choices: ['dln', 'ln', 'dln_he', 'dense', 'dense_adabn'] as const, default: 'dln' as const })
          .option('out', { type: 'string', default: 'predictions.csv', describe: 'output CSV' })
          .option('ensemble', { type: 'boolean', default: false, describe: 'mean over all seeds instead of the seed with the best dev CCC' })
          .option('condition', { type: 'string', describe: 'use the models trained for this condition (default: nearest by blind SNR)' })
          .option('jobs', { type: 'number', default: availableParallelism(), describe: 'parallel workers' }),
      async (args) => {
        process.exitCode = await predictCommand({ paths: args.paths, run: args.run, model: args.model, out: args.out, ensemble: args.ensemble, condition: args.condition, jobs: args.jobs });
      },
    )
    .command('status', 'each stage: done / stale / failed / not run, when, how long, and why', withCommon, (args) => statusCommand(args))
    .command('stages', 'every stage with a one-line description, what it reads and writes', {}, () => stagesCommand())
    .command('config', 'print the effective config with defaults filled in', (y) => withCommon(y), (args) => {
      console.log(JSON.stringify(loadConfig(args.config), null, 2));
    })
    .demandCommand(1, 'name a command: run, status, stages, config, features, snr, predict or train-run')
    .strict()
    .help()
    .fail((message, error) => {
      if (error) throw error;
      console.error(`error: ${message}\nrun "pipeline --help" for usage`);
      process.exit(2);
    })
    .parseAsync();
}

/** Errors about bad input whose message already says what to fix. */
const INPUT_ERRORS = [AudioRejected, ModelFileError, UnreadableFile, ClusterError];
/** JavaScript's own errors inside a stage mean a bug, not bad input. */
const BUGS = [TypeError, RangeError, ReferenceError, SyntaxError];

/** A file system error (ENOENT, EACCES, …) names its path in its message: the user can act on it. */
function isFileSystemError(e: unknown): boolean {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).path === 'string';
}

/**
 * Every error prints as one line (a config's list of fields aside) and exits non-zero: 2 for a
 * mistake in the call or the config, 3 when another process is running stages in the run directory,
 * 1 otherwise. A genuine bug says so and keeps its stack trace
 * for --verbose.
 */
export function reportError(error: unknown, withStack = verbose): number {
  if (error instanceof RunLockError) {
    console.error(`error: ${error.message}`);
    return RUN_LOCK_EXIT_CODE;
  }
  const text = error instanceof Error ? error.message : String(error);
  const usage = error instanceof ConfigError || error instanceof CorpusError || error instanceof UsageError || /^unknown stage/.test(text);
  const cause = error instanceof StageFailure ? error.cause : error;
  const isBug = error instanceof StageFailure ? BUGS.some((c) => cause instanceof c) : !(usage || INPUT_ERRORS.some((c) => error instanceof c) || isFileSystemError(error));
  if (withStack) console.error(cause instanceof Error ? cause.stack : cause);
  const message = error instanceof ConfigError ? text : text.replace(/\s*\n\s*/g, ' ');
  console.error(`error: ${message}${isBug && !withStack ? ' (run with --verbose for the stack trace)' : ''}`);
  return usage ? 2 : 1;
}

// A closed pipe (`pipeline snr … | head`) ends the output, not the program with an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(hideBin(process.argv)).catch((e) => {
  process.exitCode = reportError(e);
});
