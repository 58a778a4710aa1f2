/**
 * One writer per run directory: `pipeline run` holds `<runDir>/.lock` while it runs stages, so a
 * second run on the same directory stops at once (or waits, with --wait) instead of writing the same
 * partial outputs and manifest. Read-only commands (status, stages, config, predict) take no lock.
 * A killed holder's lock is taken over by the next run (see ownerFile.ts).
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireOwnerFile, newOwner, OwnerFileError, releaseOwnerFile, type Owner } from './ownerFile.js';

/** The run directory is in use by another process, or its lock file is unreadable. `pipeline` exits with code 3. */
export class RunLockError extends Error {}

export const RUN_LOCK_EXIT_CODE = 3;

export interface RunLock {
  release(): void;
}

export interface LockOptions {
  /** What this process is doing, shown to a second one. */
  command: string;
  /** Wait for the holder to finish instead of failing. */
  wait?: boolean;
  onWait?: (line: string) => void;
  pollMs?: number;
}

export function describeOwner(o: Owner): string {
  const started = o.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `pid ${o.pid} (${o.command}, started ${started} on host ${o.hostname})`;
}

/** Locks `runDir` (as the user named it, for messages) for this process. */
export async function lockRunDirectory(runDir: string, o: LockOptions): Promise<RunLock> {
  const path = join(runDir, '.lock');
  const owner = newOwner(o.command);
  let waiting = false;
  for (;;) {
    let holder: Owner | undefined;
    try {
      holder = await acquireOwnerFile(path, owner);
    } catch (e) {
      if (e instanceof OwnerFileError) throw new RunLockError(e.message);
      throw e;
    }
    if (!holder) return { release: () => releaseOwnerFile(path, owner) };
    if (!o.wait) {
      const elsewhere = holder.hostname === hostname() ? '' : ` (if that process is gone, remove ${path})`;
      throw new RunLockError(`${runDir} is in use by ${describeOwner(holder)}; wait for it, or pass --wait${elsewhere}`);
    }
    if (!waiting) o.onWait?.(`waiting for ${describeOwner(holder)} to finish with ${runDir}`);
    waiting = true;
    await sleep(o.pollMs ?? 1000);
  }
}
