/**
 * A claim on one training run of the grid, held while a process trains it, so that processes sharing
 * a grid (shards today; one process per run on a cluster next) never train a run twice. A claim by a
 * dead process on this host is taken over; one from another host counts as live (see ownerFile.ts).
 *
 * Claims live beside the train stage's output folder (`.partial/train.claims/…`), not in it, so a
 * claim left by a killed process is never published with the outputs.
 */
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { acquireOwnerFile, newOwner, releaseOwnerFile, type Owner } from '../pipeline/ownerFile.js';

export class ClaimHeld extends Error {
  constructor(
    readonly path: string,
    readonly holder: Owner,
  ) {
    super(`claimed by pid ${holder.pid} on host ${holder.hostname} since ${holder.startedAt} (${path})`);
  }
}

/** The claim file of the run folder `runFolder` inside the train stage's output folder `trainDir`. */
export function claimPath(trainDir: string, runFolder: string): string {
  return join(`${trainDir}.claims`, `${relative(trainDir, runFolder)}.claim`);
}

/** Runs `work` holding the claim at `path`; throws ClaimHeld, without running it, when a live process holds the claim. */
export async function withClaim<T>(path: string, what: string, work: () => Promise<T>): Promise<T> {
  const owner = newOwner(what);
  const holder = await acquireOwnerFile(path, owner);
  if (holder) throw new ClaimHeld(path, holder);
  try {
    return await work();
  } finally {
    releaseOwnerFile(path, owner);
  }
}

/** Removes the claims folder once every run is finished (empty folders, or claims a killed process left). */
export async function removeClaims(trainDir: string): Promise<void> {
  await rm(`${trainDir}.claims`, { recursive: true, force: true });
}
