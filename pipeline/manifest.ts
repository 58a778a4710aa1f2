import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../data/atomicWrite.js';

/** What the run directory remembers about one stage. */
export interface StageRecord {
  state: 'done' | 'failed';
  startedAt: string;
  durationS: number;
  /** Hash of the stage's config sections alone (to tell "config changed" from "input changed"). */
  configHash: string;
  /** Hash of everything the stage's result depends on: code version, config sections, upstream outputs, external inputs. */
  inputHash: string;
  /** Content hash of the output folder; downstream stages fold it into their input hash. */
  outputHash?: string;
  outputs?: string[];
  error?: string;
}

export type Manifest = Record<string, StageRecord>;

export function manifestPath(runDir: string): string {
  return join(runDir, 'manifest.json');
}

export function readManifest(runDir: string): Manifest {
  const path = manifestPath(runDir);
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (e) {
    throw new Error(`${path} is not valid JSON (${(e as Error).message}); delete it to start the run afresh`);
  }
}

export async function writeManifest(runDir: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(manifestPath(runDir), JSON.stringify(manifest, null, 2) + '\n');
}
