/**
 * Where an interrupted training run resumes: its optimiser state, its best weights so far and its
 * history, in one checksummed file (checkpoint.bin), so that the three always agree. The one before is
 * kept as checkpoint.prev.bin: a damaged or truncated latest costs the epochs since the previous one,
 * and with neither usable the run starts afresh. Training is deterministic, so either way it ends with
 * the outputs an uninterrupted run writes.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { removeUnfinishedWrites, writeFileAtomic } from '../data/atomicWrite.js';
import { CheckpointError, decodeTensors, encodeTensorChunks } from '../models/training/checkpointBytes.js';
import type { Checkpoint, F32s } from '../models/training/trainer.js';
import { RUN_FILES } from './runGrid.js';

export interface ResumePoint {
  /** Epochs finished. */
  epoch: number;
  /** The trainer's state after the last finished epoch. */
  trainer: Checkpoint;
  best: { epoch: number; params: F32s; state: F32s };
  /** history.csv as it stood then, one row per finished epoch. */
  history: string;
}

const LATEST = RUN_FILES.checkpoint;
const PREVIOUS = RUN_FILES.previousCheckpoint;

export async function saveResumePoint(dir: string, p: ResumePoint): Promise<void> {
  const latest = join(dir, LATEST);
  // The latest is good here (loadResumePoint removes damaged ones), so it is the fallback.
  if (existsSync(latest)) await rename(latest, join(dir, PREVIOUS));
  const { trainer: t, best } = p;
  const groups = { params: t.params, m: t.m, v: t.v, state: t.state, 'best.params': best.params, 'best.state': best.state };
  await writeFileAtomic(latest, encodeTensorChunks({ step: t.step, groups, meta: { epoch: p.epoch, bestEpoch: best.epoch, history: p.history } }));
}

/**
 * The newest usable resume point in `dir`, or undefined to start afresh. Each damaged file is removed
 * and reported through `warn` in one line naming it, why, and where training resumes instead.
 */
export async function loadResumePoint(dir: string, warn: (message: string) => void): Promise<ResumePoint | undefined> {
  await removeUnfinishedWrites(dir);
  const damaged: string[] = [];
  let found: { name: string; point: ResumePoint } | undefined;
  for (const name of [LATEST, PREVIOUS]) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    try {
      found = { name, point: decodeResumePoint(new Uint8Array(await readFile(path))) };
      break;
    } catch (e) {
      if (!(e instanceof CheckpointError)) throw e;
      damaged.push(`${path}: ${e.message}`);
      await rm(path);
    }
  }
  const instead = found ? `training resumes from ${found.name} (epoch ${found.point.epoch})` : 'training starts afresh';
  for (const d of damaged) warn(`${d}; ${instead}`);
  return found?.point;
}

function decodeResumePoint(bytes: Uint8Array): ResumePoint {
  const { step, groups, meta } = decodeTensors(bytes);
  const { epoch, bestEpoch, history } = meta as { epoch: number; bestEpoch: number; history: string };
  return {
    epoch,
    trainer: { step, params: groups.params, m: groups.m, v: groups.v, state: groups.state },
    best: { epoch: bestEpoch, params: groups['best.params'], state: groups['best.state'] },
    history,
  };
}

/** A finished run keeps the latest resume point only when asked to (train.keepCheckpoints). */
export async function removeResumePoints(dir: string, keepLatest: boolean): Promise<void> {
  await rm(join(dir, PREVIOUS), { force: true });
  if (!keepLatest) await rm(join(dir, LATEST), { force: true });
}
