import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runDir as runFolder, trainingGrid } from '../../../stages/runGrid.js';
import { parseConfig } from '../../../pipeline/config.js';
import { runCli } from '../../support/cli.js';
import { SLURM_MISSING, startLocalSlurm, stopLocalSlurm } from '../../support/localSlurm.js';
import { REPO_ROOT } from '../../support/paths.js';

/**
 * The training grid through a real one-node Slurm cluster (Debian's slurmctld, slurmd and munge,
 * started by scripts/slurm-local-cluster.sh): results byte-identical to the local worker pool, a
 * killed and requeued task resumes from its checkpoint, a failing run is reported and does not
 * stop the others, and Slurm's refusals are one line.
 */
const SKIP = SLURM_MISSING;

const root = mkdtempSync(join(tmpdir(), 'slurm-grid-'));
const clusterDir = join(root, 'cluster');
const raw = {
  corpus: { demo: { labelledSpeakers: 4, utterancesPerLabelledSpeaker: 6, unlabelledSpeakers: 2, utterancesPerUnlabelledSpeaker: 6, noiseClips: 2, noiseClipDurationS: 20 } },
  conditions: [
    { name: '10dB', speechDistanceIn: 5, noiseDistanceIn: 35 },
    { name: '0dB', speechDistanceIn: 15, noiseDistanceIn: 25 },
  ],
  simulate: { maxUnlabelledPerCondition: 10, calibrationDurationS: 10 },
  train: { models: ['dense', 'dense_adabn', 'dln'], seeds: 1, epochs: 10, batchSize: 8, multiTask: true, checkpointEveryEpochs: 1, threads: 1 },
  cluster: { cpusPerTask: 1, pollSeconds: 1 },
};
const config = parseConfig(raw);
const grid = trainingGrid(config);
const base = join(root, 'base');

function writeConfig(name: string, cluster: Record<string, unknown> = {}): string {
  const path = join(root, `${name}.json`);
  writeFileSync(path, JSON.stringify({ ...raw, cluster: { ...raw.cluster, ...cluster } }));
  return path;
}

function copyOfBase(name: string): string {
  const dir = join(root, name);
  cpSync(base, dir, { recursive: true });
  return dir;
}

const slurm = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, timeoutS = 240): Promise<void> {
  const end = Date.now() + timeoutS * 1000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

const inQueue = (jobId: string) => slurm('squeue', ['-h', '-r', '-j', jobId, '-o', '%i %T']).trim();

function submission(workdir: string): { arrayJob: string; publishJob: string } {
  return (JSON.parse(readFileSync(join(workdir, 'cluster', 'jobs.json'), 'utf8')) as { arrayJob: string; publishJob: string }[]).pop()!;
}

/** Every run's infer.onnx bytes and its history without the wall-clock column. */
function results(workdir: string): Map<string, { onnx: Buffer; history: string }> {
  return new Map(
    grid.map((key) => {
      const dir = runFolder(join(workdir, 'train'), key);
      const rows = parse<Record<string, string>>(readFileSync(join(dir, 'history.csv'), 'utf8'), { columns: true });
      return [dir.slice(workdir.length), { onnx: readFileSync(join(dir, 'infer.onnx')), history: JSON.stringify(rows.map(({ seconds: _, ...r }) => r)) }];
    }),
  );
}

let local: Map<string, { onnx: Buffer; history: string }>;

before(async () => {
  if (SKIP) return;
  startLocalSlurm(clusterDir);
  const prepared = runCli(['run', 'normalize', '--config', writeConfig('base'), '--workdir', base], { timeoutMs: 300_000 });
  assert.equal(prepared.status, 0, prepared.stderr);
  const localDir = copyOfBase('local');
  const trained = runCli(['run', 'train', '--config', writeConfig('local'), '--workdir', localDir, '--jobs', '2'], { timeoutMs: 300_000 });
  assert.equal(trained.status, 0, trained.stderr);
  local = results(localDir);
});

after(() => {
  if (!SKIP) stopLocalSlurm(clusterDir);
  rmSync(root, { recursive: true, force: true });
});

test('the grid trained through Slurm equals the local worker pool byte for byte, and status lists its runs', { skip: SKIP }, () => {
  const workdir = copyOfBase('slurm');
  const r = runCli(['run', 'train', '--slurm', '--wait', '--config', writeConfig('slurm'), '--workdir', workdir], { timeoutMs: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`submitted ${grid.length} of ${grid.length} runs as Slurm array job \\d+`));
  assert.match(r.stderr, /grid published; evaluate and report done/);
  assert.deepEqual(results(workdir), local);
  const script = readFileSync(join(workdir, 'cluster', 'train.sbatch'), 'utf8');
  assert.match(script, /#SBATCH --requeue/);
  assert.match(script, new RegExp(`#SBATCH --array=0-${grid.length - 1}\\n`));
  assert.ok(script.includes(`${process.execPath} ${join(REPO_ROOT, 'bin', 'pipeline.js')} train-run`), 'tasks run the submitting node and CLI, by absolute path');
  const status = runCli(['status', '--config', writeConfig('slurm'), '--workdir', workdir]);
  assert.match(status.stdout, new RegExp(`training grid: ${grid.length} runs: ${grid.length} done \\(Slurm array job \\d+, publish job \\d+\\)`));
  const again = runCli(['run', 'train', '--slurm', '--config', writeConfig('slurm'), '--workdir', workdir]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /train is up to date .*nothing to submit/);
});

test('a task killed in the middle of its run is requeued and resumes from its checkpoint; a failing run is reported and the others finish', { skip: SKIP }, async () => {
  const workdir = copyOfBase('faults');
  // One task at a time, so the grid cannot finish (and publish) while the killed task waits for its requeue.
  const r = runCli(['run', 'train', '--slurm', '--config', writeConfig('faults', { maxConcurrent: 1 }), '--workdir', workdir], { timeoutMs: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  const { arrayJob, publishJob } = submission(workdir);
  const partial = join(workdir, '.partial', 'train');
  // The last run fails: its folder cannot be made (a file is in the way) when its task starts.
  const blocked = runFolder(partial, grid[2]);
  mkdirSync(join(blocked, '..'), { recursive: true });
  writeFileSync(blocked, 'not a folder');
  // The DLN run (index 1) is killed in the middle: its epochs are long enough to be caught there.
  const history = join(runFolder(partial, grid[1]), 'history.csv');
  const epochsSaved = () => (existsSync(history) ? readFileSync(history, 'utf8').trim().split('\n').length - 1 : 0);
  await until('two checkpointed epochs of run 1', () => epochsSaved() >= 2);
  assert.ok(epochsSaved() < config.train.epochs, 'killed in the middle of its run');
  slurm('scancel', ['--signal=KILL', `${arrayJob}_1`]);
  await until('the killed task to stop', () => !/RUNNING/.test(inQueue(`${arrayJob}_1`)));
  slurm('scontrol', ['requeue', `${arrayJob}_1`]);
  // Slurm holds a requeued task back for two minutes; the test need not wait that long.
  slurm('scontrol', ['update', `JobId=${arrayJob}_1`, 'StartTime=now']);
  await until('the publish job to finish', () => inQueue(publishJob) === '', 300);
  rmSync(blocked);

  const log = readFileSync(join(workdir, 'cluster', 'logs', 'run-1.log'), 'utf8');
  assert.equal(log.match(/train-run 1: dln multitask 10dB seed 1 on /g)?.length, 2, `started twice:\n${log}`);
  for (const key of grid.slice(0, 2)) {
    const dir = runFolder(partial, key);
    assert.deepEqual(
      readFileSync(join(dir, 'infer.onnx')),
      local.get(dir.slice(workdir.length).replace('/.partial', ''))!.onnx,
      `${key.model} ${key.condition} as trained locally`,
    );
  }
  const status = runCli(['status', '--config', writeConfig('faults'), '--workdir', workdir]);
  assert.match(status.stdout, new RegExp(`training grid: ${grid.length} runs: 2 done, 1 failed`));
  assert.match(status.stdout, /failed: run 2 \(dln multitask 0dB seed 1\): .*(EEXIST|ENOTDIR).*; last line of .*run-2\.log: /);
  assert.match(status.stdout, /train +failed/);

  // Submitting again sends only the failed run; the grid then completes as a local run would.
  const again = runCli(['run', 'train', '--slurm', '--wait', '--config', writeConfig('faults'), '--workdir', workdir], { timeoutMs: 300_000 });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, new RegExp(`submitted 1 of ${grid.length} runs as Slurm array job \\d+`));
  assert.match(readFileSync(join(workdir, 'cluster', 'train.sbatch'), 'utf8'), /#SBATCH --array=2\n/);
  assert.deepEqual(results(workdir), local);
});

test('Slurm refusing the job, or no sbatch on PATH, is one line naming the cause', { skip: SKIP }, () => {
  const workdir = copyOfBase('refused');
  const refused = runCli(['run', 'train', '--slurm', '--partition', 'no-such-partition', '--config', writeConfig('refused'), '--workdir', workdir]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /^error: Slurm refused .*train\.sbatch: .*partition/m);
  // A task that finds another grid than it was submitted for (another copy of the run directory) trains nothing.
  const elsewhere = runCli(['train-run', '--workdir', workdir, '--index', '0', '--grid', 'not-this-grid']);
  assert.equal(elsewhere.status, 2);
  assert.match(elsewhere.stderr, /^error: .*grid\.json holds grid \w+ \(prepared on .*\), not not-this-grid that this task was submitted for/m);
  const noSbatch = runCli(['run', 'train', '--slurm', '--config', writeConfig('refused'), '--workdir', workdir], { env: { PATH: '/nonexistent' } });
  assert.equal(noSbatch.status, 1);
  assert.equal(noSbatch.stderr.trim(), "error: sbatch not found on PATH: install Slurm's client commands (Debian: slurm-client) on this host, or train without --slurm");
});
