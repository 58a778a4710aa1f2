/**
 * A small file that names the process owning something: the run directory's lock, a training run's
 * claim. It is written whole under a temporary name and published with link(2), which fails when the
 * name exists (also on NFS), so two processes never both own it and a reader never sees half of it.
 *
 * An owner is judged by its pid: a process that dies, even by kill -9, leaves a file that the next
 * process finds stale and takes over. No refresh timer is needed, which is why this is not
 * proper-lockfile: its staleness is the lock's mtime, so a holder whose event loop stalls past the
 * stale time (a long synchronous step) loses its lock, and a killed holder blocks everyone for that time.
 */
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeCrypto } from '../data/nodeCrypto.js';

export interface Owner {
  pid: number;
  hostname: string;
  /** What the owner is doing, for messages ("pipeline run all …"). */
  command: string;
  startedAt: string;
  /** Tells this owning apart from an earlier one by a process with the same pid. */
  token: string;
  /** The job engine's name of the task this process runs, when an engine started it (see TASK). */
  task?: string;
}

/** An owner file that is not one this program wrote (hand-edited, or damaged by a disk). */
export class OwnerFileError extends Error {}

const HOST = hostname();
/**
 * The scheduler task this process runs as, if any. Slurm runs one instance of an array task (or job)
 * at a time, so an owner under our own task name is an earlier life of this task, killed and requeued,
 * perhaps on another host: the one case where a process can tell that an owner on another host is gone.
 */
const TASK =
  process.env.SLURM_ARRAY_JOB_ID && process.env.SLURM_ARRAY_TASK_ID
    ? `slurm:${process.env.SLURM_ARRAY_JOB_ID}_${process.env.SLURM_ARRAY_TASK_ID}`
    : process.env.SLURM_JOB_ID
      ? `slurm:${process.env.SLURM_JOB_ID}`
      : undefined;
/** Tokens of the owners made by this process. */
const mine = new Set<string>();
/** Owner files this process holds now, by path, with their token: released on exit whatever the cause. */
const held = new Map<string, string>();

process.on('exit', () => {
  for (const [path, token] of held) removeIfOwned(path, token);
});

export function newOwner(command: string): Owner {
  const owner: Owner = {
    pid: process.pid,
    hostname: HOST,
    command,
    startedAt: new Date().toISOString(),
    token: nodeCrypto().randomBytes(8).toString('hex'),
    ...(TASK ? { task: TASK } : {}),
  };
  mine.add(owner.token);
  return owner;
}

/**
 * Whether the owner may still be running. A process on another host cannot be seen from here, so it
 * counts as live: telling that it died needs the job engine's word (e.g. Slurm's job state).
 */
export function ownerIsLive(o: Owner): boolean {
  if (TASK !== undefined && o.task === TASK) return mine.has(o.token);
  if (o.hostname !== HOST) return true;
  // Our own pid under a token we did not make is an earlier life of this pid (a restarted container reuses pids).
  if (o.pid === process.pid) return mine.has(o.token);
  try {
    process.kill(o.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(o.pid);
}

/** A dead child nobody has reaped yet still answers kill(pid, 0); Linux shows it as state Z. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/** The owner recorded at `path`, or undefined when there is no file. */
export function readOwner(path: string): Owner | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const o = JSON.parse(text) as Owner;
    if (Number.isInteger(o.pid) && typeof o.hostname === 'string' && typeof o.token === 'string') return o;
  } catch {
    // reported below
  }
  throw new OwnerFileError(`${path} is not a lock or claim this program wrote; remove it if no pipeline process is using it`);
}

function publish(path: string, owner: Owner): boolean {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${owner.token}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(owner) + '\n');
    // On disk before it has its name, so a power cut cannot leave an empty owner file.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Makes `owner` the owner of `path`, taking over a stale file; returns the live holder instead when
 * there is one.
 */
export async function acquireOwnerFile(path: string, owner: Owner): Promise<Owner | undefined> {
  for (;;) {
    if (publish(path, owner)) {
      held.set(path, owner.token);
      return undefined;
    }
    const holder = readOwner(path);
    if (!holder) continue;
    if (ownerIsLive(holder)) return holder;
    // Two processes may find the same file stale. Removing it takes a second owner file named after
    // the stale owning, so only one of them removes it: the other could otherwise remove the file the
    // first has just published. A dead remover's file is stale in turn, and taken over the same way.
    const takeover = `${path}.takeover-${holder.token}`;
    if (await acquireOwnerFile(takeover, owner)) {
      await sleep(10);
      continue;
    }
    try {
      if (readOwner(path)?.token === holder.token) rmSync(path, { force: true });
    } finally {
      releaseOwnerFile(takeover, owner);
    }
  }
}

/** Removes the file if `owner` still owns it. */
export function releaseOwnerFile(path: string, owner: Owner): void {
  removeIfOwned(path, owner.token);
  held.delete(path);
}

function removeIfOwned(path: string, token: string): void {
  try {
    if (readOwner(path)?.token === token) rmSync(path, { force: true });
  } catch {
    // A damaged file is not ours to remove.
  }
}
