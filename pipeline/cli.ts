import { availableParallelism } from 'node:os';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { STAGE_NAMES } from '../stages/types.js';
import { MODEL_NAMES } from '../models/names.js';

// Each command imports its handler's module when it runs, so `--help`, `status` or `features` load
// only what they use, not every command's libraries (onnxruntime, Arrow, vega, ffmpeg, ...).

function withCommon<T>(y: Argv<T>) {
  return y
    .option('config', { type: 'string', describe: 'config file (JSON); default configs/demo.json (the built-in demo corpus)' })
    .option('workdir', { type: 'string', default: 'runs/default', describe: 'run directory' });
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
          .positional('stages', { type: 'string', array: true, default: [], describe: `stage names or "all": ${STAGE_NAMES.join(', ')}` })
          .option('force', { type: 'boolean', default: false, describe: 're-run the named stages even if up to date' })
          .option('jobs', { type: 'number', default: availableParallelism(), describe: 'parallel workers' })
          .option('slurm', { type: 'boolean', default: false, describe: 'with "run train": submit the training grid to Slurm as an array job (config section cluster)' })
          .option('prepare-grid', {
            type: 'boolean',
            default: false,
            describe: 'with "run train": bring upstream stages up to date and prepare the grid for "pipeline train-run" tasks of another engine',
          })
          .option('shard', { type: 'string', describe: 'with "run train": prepare the grid and train slice i of n of it here (e.g. 2/4), to share a grid between machines' })
          .option('wait', {
            type: 'boolean',
            default: false,
            describe: 'when another process is running stages in the workdir, wait for it instead of failing; with --slurm, also follow the grid until it is reported',
          })
          .option('partition', { type: 'string', describe: 'with --slurm: overrides cluster.partition' })
          .option('time-limit', { type: 'string', describe: 'with --slurm: overrides cluster.timeLimit (one run, e.g. 02:00:00)' })
          .option('cpus-per-task', { type: 'number', describe: 'with --slurm: overrides cluster.cpusPerTask' })
          .option('memory', { type: 'string', describe: 'with --slurm: overrides cluster.memory (e.g. 8G)' })
          .option('max-concurrent', { type: 'number', describe: 'with --slurm: overrides cluster.maxConcurrent' }),
      async (args) => {
        const { runCommand } = await import('./runCommand.js');
        const cluster = { partition: args.partition, timeLimit: args.timeLimit, cpusPerTask: args.cpusPerTask, memory: args.memory, maxConcurrent: args.maxConcurrent };
        const command = ['pipeline', ...argv].join(' ');
        process.exitCode = await runCommand({ ...args, stages: (args.stages as string[]) ?? [], cluster, command });
      },
    )
    .command(
      'train-run',
      'train one run of a prepared training grid (what each cluster task runs)',
      (y) =>
        y
          .option('workdir', { type: 'string', default: 'runs/default', describe: 'run directory (shared with the submitting host)' })
          .option('index', { type: 'number', describe: "the run's index in the grid" })
          .option('index-from-env', { type: 'string', describe: 'read the index from this environment variable (JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID)' })
          .option('shard', { type: 'string', describe: 'train slice i of n of the grid (e.g. 2/4), one run after another' })
          .option('grid', { type: 'string', describe: 'the grid token the task was submitted for (checks the filesystem is shared)' })
          .option('threads', { type: 'number', default: 0, describe: 'onnxruntime threads (0: train.threads, or 1)' }),
      async (args) => {
        const { trainRunCommand } = await import('./trainRunCommand.js');
        process.exitCode = await trainRunCommand(args);
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
        const { featuresCommand } = await import('./featuresCommand.js');
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
        const { snrCommand } = await import('./snrCommand.js');
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
          .option('model', { choices: MODEL_NAMES, default: 'dln' as const })
          .option('out', { type: 'string', default: 'predictions.csv', describe: 'output CSV' })
          .option('ensemble', { type: 'boolean', default: false, describe: 'mean over all seeds instead of the seed with the best dev CCC' })
          .option('condition', { type: 'string', describe: 'use the models trained for this condition (default: nearest by blind SNR)' })
          .option('jobs', { type: 'number', default: availableParallelism(), describe: 'parallel workers' }),
      async (args) => {
        const { predictCommand } = await import('./predictCommand.js');
        process.exitCode = await predictCommand(args);
      },
    )
    .command('status', 'each stage: done / stale / failed / not run, when, how long, and why', withCommon, async (args) => {
      const { statusCommand } = await import('./statusCommand.js');
      await statusCommand(args);
    })
    .command('stages', 'every stage with a one-line description, what it reads and writes', {}, async () => {
      const { stagesCommand } = await import('./stagesCommand.js');
      stagesCommand();
    })
    .command(
      'config',
      'print the effective config with defaults filled in',
      (y) => withCommon(y),
      async (args) => {
        const { loadConfig } = await import('./config.js');
        console.log(JSON.stringify(loadConfig(args.config), null, 2));
      },
    )
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

// A closed pipe (`pipeline snr … | head`) ends the output, not the program with an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(hideBin(process.argv)).catch(async (e) => {
  const { reportError } = await import('./reportError.js');
  process.exitCode = reportError(e, verbose);
});
