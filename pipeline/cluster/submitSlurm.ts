/**
 * `pipeline run train --slurm`: the training grid as one Slurm array job (one task per unfinished
 * run, requeued when its node fails) and a job after it that publishes the grid and runs evaluate
 * and report. Tasks share nothing but the run directory's filesystem.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../../stages/configSchema.js';
import { runConfigPath } from '../config.js';
import { makeLogger } from '../logger.js';
import { PACKAGE_ROOT } from '../packageRoot.js';
import { makeProgressFactory } from '../progress.js';
import { computeStatus, partialPaths } from '../runner.js';
import { arrayRanges, batchScript, ClusterError, queueStates, requireSbatch, resourceDirectives, sbatch } from './slurm.js';
import { describeRun } from '../../stages/runGrid.js';
import { clusterPaths } from './clusterPaths.js';
import { gridRunStates, prepareGrid, type GridRecord } from './trainGrid.js';

export interface SubmitArgs {
  config: Config;
  workdir: string;
  jobs: number;
  wait: boolean;
  /** Train every run again, even those already trained. */
  force?: boolean;
  /** This invocation, as a second process is told who holds the run directory. */
  command?: string;
  interactive?: boolean;
}

/** What one submission sent to Slurm, appended to `cluster/jobs.json` for `status`. */
export interface Submission {
  submittedAt: string;
  grid: string;
  arrayJob?: string;
  publishJob: string;
  indices: number[];
}

/** The node binary and CLI of this process, absolute: the tasks run exactly what submitted them. */
const CLI = [process.execPath, join(PACKAGE_ROOT, 'bin', 'pipeline.js')];

export async function readSubmissions(runDir: string): Promise<Submission[]> {
  const path = clusterPaths(runDir).jobs;
  return existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as Submission[]) : [];
}

export async function submitTrainGrid(args: SubmitArgs): Promise<number> {
  const runDir = resolve(args.workdir);
  const log = makeLogger(join(runDir, 'pipeline.log'), 'slurm');
  const c = args.config.cluster;
  await requireSbatch();
  const train = (await computeStatus(args.config, runDir)).find((s) => s.stage.name === 'train');
  if (args.force) await rm(partialPaths(runDir, 'train').marker, { force: true });
  else if (train?.state === 'done') {
    log.info(`train is up to date in ${runDir}: nothing to submit`);
    return 0;
  }
  const grid = await prepareGrid(args.config, runDir, { jobs: args.jobs, wait: args.wait, command: args.command });
  const paths = clusterPaths(runDir);
  await mkdir(paths.logs, { recursive: true });
  const pending = (await gridRunStates(runDir, args.config)).filter((r) => r.state !== 'done').map((r) => r.index);
  const resources = resourceDirectives(c);

  let arrayJob: string | undefined;
  if (pending.length) {
    const array = `--array=${arrayRanges(pending)}${c.maxConcurrent ? `%${c.maxConcurrent}` : ''}`;
    await writeFile(
      paths.trainScript,
      batchScript(
        ['--job-name=dln-train', array, `--output=${join(paths.logs, 'run-%a.log')}`, '--open-mode=append', '--requeue', ...resources],
        [...CLI, 'train-run', '--workdir', runDir, '--index-from-env', 'SLURM_ARRAY_TASK_ID', '--grid', grid.token, '--threads', String(c.cpusPerTask)],
      ),
    );
    arrayJob = await sbatch(paths.trainScript);
  }
  await writeFile(
    paths.publishScript,
    batchScript(
      ['--job-name=dln-publish', `--output=${join(paths.logs, 'publish-%j.log')}`, ...(arrayJob ? [`--dependency=afterany:${arrayJob}`] : []), ...resources],
      [...CLI, 'run', 'report', '--workdir', runDir, '--config', runConfigPath(runDir), '--jobs', String(c.cpusPerTask)],
    ),
  );
  const publishJob = await sbatch(paths.publishScript);
  const submission: Submission = { submittedAt: new Date().toISOString(), grid: grid.token, arrayJob, publishJob, indices: pending };
  await writeFile(paths.jobs, JSON.stringify([...(await readSubmissions(runDir)), submission], null, 2) + '\n');

  const ids = [arrayJob, publishJob].filter(Boolean).join(',');
  log.info(
    `${arrayJob ? `submitted ${pending.length} of ${grid.size} runs as Slurm array job ${arrayJob}${c.maxConcurrent ? ` (at most ${c.maxConcurrent} at once)` : ''}, then` : 'every run is trained; submitted'} job ${publishJob} to publish the grid and run evaluate and report`,
  );
  log.info(`follow it with "squeue -j ${ids}" and "pipeline status --workdir ${args.workdir}"; task logs in ${paths.logs}`);
  return args.wait ? waitForGrid(runDir, args, grid, submission) : 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Follows the grid until the publish job has left the queue, with a progress bar; then says how it ended. */
async function waitForGrid(runDir: string, args: SubmitArgs, grid: GridRecord, s: Submission): Promise<number> {
  const log = makeLogger(join(runDir, 'pipeline.log'), 'slurm');
  const progress = makeProgressFactory(log.line, args.interactive)('training grid', grid.size, 'runs');
  let done = 0;
  let last = '';
  for (;;) {
    const states = await gridRunStates(runDir, args.config);
    const queue = await queueStates([s.arrayJob, s.publishJob].filter((x): x is string => Boolean(x)));
    const nowDone = states.filter((r) => r.state === 'done').length;
    progress.tick(nowDone - done);
    done = nowDone;
    const running = [...queue].filter(([id, state]) => id.startsWith(`${s.arrayJob}_`) && state === 'RUNNING').length;
    const failed = states.filter((r) => r.state === 'failed');
    const summary = `${done} done, ${running} running, ${failed.length} failed, ${grid.size - done - running - failed.length} waiting`;
    if (summary !== last) log.info(summary);
    last = summary;
    if (!queue.has(s.publishJob)) break;
    await sleep(args.config.cluster.pollSeconds * 1000);
  }
  progress.done();
  const status = await computeStatus(args.config, runDir);
  if (status.every((x) => x.state === 'done')) {
    log.info(`grid published; evaluate and report done: ${join(runDir, 'report', 'report.html')}`);
    return 0;
  }
  const failedStage = status.find((x) => x.state === 'failed');
  const failedRuns = (await gridRunStates(runDir, args.config)).filter((r) => r.state === 'failed');
  for (const r of failedRuns) log.warn(`run ${r.index} (${describeRun(r.key)}) failed: ${r.reason}`);
  throw new ClusterError(
    failedStage
      ? `the publish job ended with ${failedStage.stage.name} failed: ${failedStage.record?.error ?? 'see its log'}`
      : `the publish job ended without a report; see its log in ${clusterPaths(runDir).logs}`,
  );
}
