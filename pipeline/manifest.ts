import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../data/atomicWrite.js';

/** What the manifest keeps of one output file: its size and time tell cheaply that it is untouched, its hash that it is unchanged. */
export interface FileRecord {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** Records of a stage's output files, by path relative to the stage's folder. */
export type FileRecords = Record<string, FileRecord>;

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
  /** Every output file, checked before the stage's outputs are trusted (absent in manifests written before it existed). */
  files?: FileRecords;
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
    throw new Error(`${path} is not valid JSON (${(e as Error).message}); delete it to start the run afresh`, { cause: e });
  }
}

export async function writeManifest(runDir: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(manifestPath(runDir), JSON.stringify(manifest, null, 2) + '\n');
}
