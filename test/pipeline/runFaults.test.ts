import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'csv-parse/sync';
import { readOwner } from '../../pipeline/ownerFile.js';
import { claimPath } from '../../stages/runClaim.js';
import { runDir } from '../../stages/runGrid.js';
import { runCli } from '../support/cli.js';
import { holderArgs } from '../support/ownerFileHolder.js';
import { REPO_ROOT } from '../support/paths.js';

/**
 * The run directory survives faults, through the real CLI on a small demo corpus: a second run on
 * the same directory, a run killed by SIGKILL (its lock left behind), a training run claimed by
 * another live process, and truncated or damaged checkpoints.
 */
const root = mkdtempSync(join(tmpdir(), 'run-faults-'));
const configPath = join(root, 'config.json');
writeFileSync(
  configPath,
  JSON.stringify({
    corpus: { demo: { labelledSpeakers: 4, utterancesPerLabelledSpeaker: 6, unlabelledSpeakers: 2, utterancesPerUnlabelledSpeaker: 6, noiseClips: 2, noiseClipDurationS: 20 } },
    conditions: [{ name: '0dB', speechDistanceIn: 15, noiseDistanceIn: 25 }],
    simulate: { maxUnlabelledPerCondition: 10, calibrationDurationS: 10 },
    train: { models: ['dense', 'dln'], seeds: 1, epochs: 6, batchSize: 8, multiTask: true, checkpointEveryEpochs: 2 },
  }),
);
const upstream = join(root, 'upstream');
const args = (workdir: string, ...more: string[]) => [...more, '--config', configPath, '--workdir', workdir, '--jobs', '2'];
const children: ChildProcess[] = [];
after(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

/** The CLI in its own process group, so that a test can kill it with its training workers, as a job engine does. */
function startCli(cliArgs: string[]) {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'pipeline.js'), ...cliArgs], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, stderr: () => stderr };
}

async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** kill -9 of the CLI and its workers; resolves when none is left. */
async function killGroup(child: ChildProcess): Promise<void> {
  process.kill(-child.pid!, 'SIGKILL');
  await until(() => !groupAlive(child.pid!), 'the killed processes to go');
}

const stateOf = (workdir: string, stage: string) => new RegExp(`^${stage}\\s+(\\S+)`, 'm').exec(runCli(['status', '--config', configPath, '--workdir', workdir]).stdout)?.[1];

test(
  'a second run on a busy run directory stops at once naming the holder, or waits with --wait; status works meanwhile; a SIGKILLed holder’s lock is taken over',
  { timeout: 300_000 },
  async () => {
    const lock = join(upstream, '.lock');
    const first = startCli(args(upstream, 'run', 'normalize'));
    await until(() => existsSync(lock), 'the first run to lock the directory');

    const second = runCli(args(upstream, 'run', 'all'));
    assert.equal(second.status, 3, second.stderr);
    assert.match(
      second.stderr,
      new RegExp(`^error: ${upstream} is in use by pid ${first.child.pid} \\(pipeline run normalize [^\\n]*, started [^\\n]* on host [^\\n]*\\); wait for it, or pass --wait\\n$`),
    );
    const status = runCli(['status', '--config', configPath, '--workdir', upstream]);
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /^normalize\s/m);

    await killGroup(first.child);
    assert.equal(readOwner(lock)?.pid, first.child.pid, 'kill -9 leaves the lock behind');
    const third = startCli(args(upstream, 'run', 'normalize'));
    await until(() => readOwner(lock)?.pid === third.child.pid, 'the next run to take the stale lock over');
    const waiter = startCli(args(upstream, 'run', 'normalize', '--wait'));
    assert.equal(await third.exited, 0, third.stderr());
    assert.equal(await waiter.exited, 0, waiter.stderr());
    assert.match(waiter.stderr(), new RegExp(`^waiting for pid ${third.child.pid} \\(pipeline run normalize`, 'm'));
    assert.match(waiter.stderr(), /^normalize: up to date, skipped$/m);
    for (const stage of ['ingest', 'simulate', 'calibrate', 'features', 'normalize']) assert.equal(stateOf(upstream, stage), 'done', stage);
    assert.equal(existsSync(lock), false, 'released');
  },
);

const trainDir = (workdir: string) => join(workdir, '.partial', 'train');
const dlnKey = { model: 'dln', target: 'multitask', condition: '0dB', seed: 1 } as const;
const denseKey = { model: 'dense', target: 'multitask', condition: 'clean', seed: 1 } as const;
const bytes = (path: string) => readFileSync(path);
const historyWithoutSeconds = (path: string) => parse<Record<string, string>>(readFileSync(path, 'utf8'), { columns: true }).map(({ seconds: _, ...row }) => row);
const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.includes('warning:') && l.includes('checkpoint'));

/** A run's outputs are those of the uninterrupted reference run, byte for byte (the history but for its seconds column). */
function assertSameRun(folder: string, reference: string): void {
  assert.ok(bytes(join(folder, 'infer.onnx')).equals(bytes(join(reference, 'infer.onnx'))), `${folder}/infer.onnx`);
  assert.ok(bytes(join(folder, 'weights.bin')).equals(bytes(join(reference, 'weights.bin'))), `${folder}/weights.bin`);
  assert.deepEqual(historyWithoutSeconds(join(folder, 'history.csv')), historyWithoutSeconds(join(reference, 'history.csv')));
}

const reference = join(root, 'reference');

test('shards of one grid train side by side; a run another live process has claimed is skipped, and trained once that process is gone', { timeout: 300_000 }, async () => {
  cpSync(upstream, reference, { recursive: true });
  const claimant = spawn(process.execPath, holderArgs(claimPath(trainDir(reference), runDir(trainDir(reference), denseKey))), { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(claimant);
  await new Promise((resolve) => claimant.stdout.once('data', resolve));
  const skippedLine = new RegExp(`^train: warning: dense multitask clean seed 1: skipped, another process is training it: claimed by pid ${claimant.pid} `, 'm');

  // The grid is [dense, dln]: shard 1 holds the claimed dense run, shard 2 the dln run.
  const shards = [startCli(args(reference, 'run', 'train', '--shard', '1/2')), startCli(args(reference, 'run', 'train', '--shard', '2/2'))];
  for (const shard of shards) assert.equal(await shard.exited, 0, shard.stderr());
  // A shard trains its runs as cluster tasks do (pipeline train-run), so its line names the run's index.
  assert.match(shards[0].stderr(), new RegExp(`^train-run 0: warning: skipped, another process is training it: claimed by pid ${claimant.pid} `, 'm'));
  assert.ok(existsSync(join(runDir(trainDir(reference), dlnKey), 'run.json')), 'shard 2 trained its run');
  assert.equal(existsSync(runDir(trainDir(reference), denseKey)), false, 'the claimed run is not trained');

  const claimed = runCli(args(reference, 'run', 'train'), { timeoutMs: 300_000 });
  assert.equal(claimed.status, 1, claimed.stderr.slice(-2000));
  assert.match(claimed.stderr, skippedLine);
  assert.match(claimed.stderr, /^error: stage train failed: 1 of 2 runs are being trained by other processes \(dense multitask clean seed 1\); run train again when they finish$/m);

  claimant.kill('SIGKILL');
  await new Promise((resolve) => claimant.once('exit', resolve));
  const rest = runCli(args(reference, 'run', 'train'), { timeoutMs: 300_000 });
  assert.equal(rest.status, 0, rest.stderr.slice(-2000));
  assert.equal(stateOf(reference, 'train'), 'done');
});

test('training killed by SIGKILL with its latest checkpoint damaged resumes from the one before, or afresh, and ends as an uninterrupted run', { timeout: 300_000 }, async () => {
  const killed = join(root, 'killed');
  cpSync(upstream, killed, { recursive: true });
  const dln = runDir(trainDir(killed), dlnKey);
  const run = startCli(args(killed, 'run', 'train'));
  await until(() => (existsSync(join(dln, 'checkpoint.prev.bin')) && existsSync(join(dln, 'checkpoint.bin'))) || run.child.exitCode !== null, 'two checkpoints of the dln run');
  await killGroup(run.child);
  assert.ok(existsSync(join(dln, 'checkpoint.bin')), run.stderr());
  const damaged = join(root, 'damaged');
  cpSync(killed, damaged, { recursive: true });

  truncateSync(join(dln, 'checkpoint.bin'), 1000);
  const resumed = runCli(args(killed, 'run', 'train'), { timeoutMs: 300_000 });
  assert.equal(resumed.status, 0, resumed.stderr.slice(-2000));
  assert.match(resumed.stderr, /train: resuming its earlier partial work/);
  const [warning, ...more] = warnings(resumed.stderr);
  assert.deepEqual(more, [], resumed.stderr);
  assert.match(
    warning,
    new RegExp(`^train: warning: ${join(dln, 'checkpoint.bin')}: truncated \\(1000 bytes\\), or not a checkpoint; training resumes from checkpoint.prev.bin \\(epoch [24]\\)$`),
  );
  assertSameRun(runDir(join(killed, 'train'), dlnKey), runDir(join(reference, 'train'), dlnKey));

  // Both checkpoints damaged (a flipped byte, a truncation); --force is not blocked by them.
  const dlnDamaged = runDir(trainDir(damaged), dlnKey);
  const latest = bytes(join(dlnDamaged, 'checkpoint.bin'));
  latest[latest.length >> 1] ^= 0xff;
  writeFileSync(join(dlnDamaged, 'checkpoint.bin'), latest);
  truncateSync(join(dlnDamaged, 'checkpoint.prev.bin'), 10);
  const afresh = runCli(args(damaged, 'run', 'train', '--force'), { timeoutMs: 300_000 });
  assert.equal(afresh.status, 0, afresh.stderr.slice(-2000));
  assert.deepEqual(warnings(afresh.stderr), [
    `train: warning: ${join(dlnDamaged, 'checkpoint.bin')}: damaged: its checksum does not match; training starts afresh`,
    `train: warning: ${join(dlnDamaged, 'checkpoint.prev.bin')}: truncated (10 bytes), or not a checkpoint; training starts afresh`,
  ]);
  for (const key of [dlnKey, denseKey]) assertSameRun(runDir(join(damaged, 'train'), key), runDir(join(reference, 'train'), key));
  assert.equal(stateOf(damaged, 'train'), 'done');
  assert.equal(existsSync(`${trainDir(damaged)}.claims`), false, 'no claims left once the grid is published');
});
