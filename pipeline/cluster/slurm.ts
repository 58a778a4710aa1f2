/**
 * The few Slurm commands the pipeline uses (sbatch, squeue), run as the user would run them. Slurm
 * is the engine: it queues, places, retries (--requeue) and limits the grid's tasks; we only submit
 * and read its queue.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ClusterConfig } from '../../stages/configSchema.js';

const run = promisify(execFile);

/** Slurm is missing or said no: one line naming what is missing or what Slurm said. */
export class ClusterError extends Error {}

/** `0-3,7,9-10`: a sorted index list as Slurm's --array syntax. */
export function arrayRanges(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** sbatch options shared by the grid's tasks and the publish job, from the config's cluster section. */
export function resourceDirectives(c: ClusterConfig): string[] {
  return [
    `--cpus-per-task=${c.cpusPerTask}`,
    ...(c.partition ? [`--partition=${c.partition}`] : []),
    ...(c.timeLimit ? [`--time=${c.timeLimit}`] : []),
    ...(c.memory ? [`--mem=${c.memory}`] : []),
    ...c.extraSbatchArgs,
  ];
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** A batch script: its options as #SBATCH lines (so it can be resubmitted by hand), then one command. */
export function batchScript(directives: readonly string[], command: readonly string[]): string {
  return ['#!/bin/bash', ...directives.map((d) => `#SBATCH ${d}`), 'set -e', `exec ${command.map(shellQuote).join(' ')}`, ''].join('\n');
}

function slurmFailure(tool: string, e: NodeJS.ErrnoException & { stderr?: string }): ClusterError {
  if (e.code === 'ENOENT') return new ClusterError(`${tool} not found on PATH: install Slurm's client commands (Debian: slurm-client) on this host, or train without --slurm`);
  const said = (e.stderr ?? e.message).trim().split('\n').filter(Boolean).pop() ?? e.message;
  return new ClusterError(`${tool} failed: ${said.replace(/^s\w+: error: /, '')}`);
}

/** Fails at once, before any work, when this host cannot submit to Slurm. */
export async function requireSbatch(): Promise<void> {
  try {
    await run('sbatch', ['--version']);
  } catch (e) {
    throw slurmFailure('sbatch', e as NodeJS.ErrnoException);
  }
}

/** Submits a batch script and returns its job id (`sbatch --parsable`). */
export async function sbatch(scriptPath: string, args: readonly string[] = []): Promise<string> {
  try {
    const { stdout } = await run('sbatch', ['--parsable', ...args, scriptPath]);
    const id = stdout.trim().split(';')[0];
    if (!/^\d+$/.test(id)) throw new ClusterError(`sbatch answered "${stdout.trim()}" instead of a job id`);
    return id;
  } catch (e) {
    if (e instanceof ClusterError) throw e;
    const failure = slurmFailure('sbatch', e as NodeJS.ErrnoException);
    throw (e as NodeJS.ErrnoException).code === 'ENOENT' ? failure : new ClusterError(`Slurm refused ${scriptPath}: ${failure.message.replace(/^sbatch failed: /, '')}`);
  }
}

/** Queued or running jobs and array tasks among `jobIds`, as `123` or `123_4` → Slurm state (PENDING, RUNNING, …). */
export async function queueStates(jobIds: readonly string[]): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  if (!jobIds.length) return states;
  let stdout: string;
  try {
    ({ stdout } = await run('squeue', ['-h', '-r', '-j', jobIds.join(','), '-o', '%i %T']));
  } catch (e) {
    // squeue refuses ids that have left the queue altogether: then none of them is queued.
    if (/Invalid job id/i.test((e as { stderr?: string }).stderr ?? '')) return states;
    throw slurmFailure('squeue', e as NodeJS.ErrnoException);
  }
  for (const line of stdout.split('\n')) {
    const [id, state] = line.trim().split(/\s+/);
    if (id && state) states.set(id, state);
  }
  return states;
}
