import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { STAGE_ORDER, type StageName } from '../stages/types.js';
import { ConfigError, loadConfig } from './config.js';
import { featuresCommand } from './featuresCommand.js';
import { predictCommand } from './predictCommand.js';
import { snrCommand } from './snrCommand.js';
import { UsageError } from './usageError.js';
import { AudioRejected } from '../data/audio/decodeAudio.js';
import { CorpusError } from '../data/corpus/listCorpus.js';
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

function parseShard(text: string, stages: StageName[]): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(index >= 1 && index <= count)) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, got "${text}"`);
  if (stages.length !== 1 || stages[0] !== 'train') throw new UsageError('--shard goes with "pipeline run train" alone');
  return { index, count };
}

function formatWhen(iso?: string): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

async function statusCommand(args: CommonArgs): Promise<void> {
  const config = loadConfig(args.config);
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
  const planned = STAGE_ORDER.filter((n) => !STAGES.some((s) => s.name === n));
  if (planned.length) console.log(`(not implemented yet: ${planned.join(', ')})`);
}

function stagesCommand(): void {
  for (const s of STAGES) {
    console.log(`${s.name}: ${s.description}`);
    console.log(`  reads:   ${s.inputs}${s.dependsOn.length ? ` (after ${s.dependsOn.join(', ')})` : ''}`);
    console.log(`  writes:  ${s.outputs}`);
    console.log(`  config:  ${s.configSections.join(', ')}`);
  }
}

export async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('pipeline')
    .usage('$0 <command> [options]')
    .command(
      'run [stages..]',
      'run stages (default: all), bringing stale upstream stages up to date first',
      (y) =>
        withCommon(y)
          .positional('stages', { type: 'string', array: true, default: [], describe: `stage names or "all": ${STAGE_ORDER.join(', ')}` })
          .option('force', { type: 'boolean', default: false, describe: 're-run the named stages even if up to date' })
          .option('jobs', { type: 'number', default: availableParallelism(), describe: 'parallel workers' })
          .option('shard', { type: 'string', describe: 'with "run train": only slice i of n of the training grid (e.g. 2/4), to share a grid between machines' })
          .option('wait', { type: 'boolean', default: false, describe: 'when another process is running stages in the workdir, wait for it instead of failing' }),
      async (args) => {
        const stages = parseStageNames((args.stages as string[]) ?? []);
        if (!Number.isInteger(args.jobs) || args.jobs < 1) throw new UsageError(`--jobs must be a positive integer, got ${args.jobs}`);
        const shard = args.shard === undefined ? undefined : parseShard(args.shard, stages);
        const config = loadConfig(args.config);
        const command = ['pipeline', ...argv].join(' ');
        await runStages(stages, { config, workdir: args.workdir, jobs: args.jobs, force: args.force, shard, wait: args.wait, command });
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
        process.exitCode = await featuresCommand({ paths: args.paths as string[], out: args.out, lld: args.lld, jobs: args.jobs });
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
        process.exitCode = await predictCommand({ paths: args.paths as string[], run: args.run, model: args.model, out: args.out, ensemble: args.ensemble, condition: args.condition, jobs: args.jobs });
      },
    )
    .command('status', 'each stage: done / stale / failed / not run, when, how long, and why', withCommon, (args) => statusCommand(args))
    .command('stages', 'every stage with a one-line description, what it reads and writes', {}, () => stagesCommand())
    .command('config', 'print the effective config with defaults filled in', (y) => withCommon(y), (args) => {
      console.log(JSON.stringify(loadConfig(args.config), null, 2));
    })
    .demandCommand(1, 'name a command: run, status, stages, config, features, snr or predict')
    .strict()
    .help()
    .fail((message, error) => {
      if (error) throw error;
      console.error(`error: ${message}\nrun "pipeline --help" for usage`);
      process.exit(2);
    })
    .parseAsync();
}

/** Expected failures print one line (or the config's list of fields) and exit non-zero; bugs keep their stack. */
export function reportError(error: unknown): number {
  if (error instanceof RunLockError) {
    console.error(`error: ${error.message}`);
    return RUN_LOCK_EXIT_CODE;
  }
  if (error instanceof ConfigError || error instanceof CorpusError || error instanceof StageFailure || error instanceof UsageError || error instanceof AudioRejected) {
    console.error(`error: ${error.message}`);
    return error instanceof StageFailure || error instanceof AudioRejected ? 1 : 2;
  }
  if (error instanceof Error && /^unknown stage/.test(error.message)) {
    console.error(`error: ${error.message}`);
    return 2;
  }
  console.error(error);
  return 1;
}

// A closed pipe (`pipeline snr … | head`) ends the output, not the program with an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(hideBin(process.argv)).catch((e) => {
  process.exitCode = reportError(e);
});
