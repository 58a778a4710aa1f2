import { stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { hashFile, hashOfFileHashes, listFiles } from './hashing.js';
import { writeManifest, type FileRecords, type Manifest } from './manifest.js';

/** A declared path as a regular expression: `*` within one folder or file name, `**` across folders. */
export function pathPattern(glob: string): RegExp {
  const escaped = glob
    .split(/(\*\*\/|\*\*|\*)/)
    .map((part) => (part === '**/' ? '(?:[^/]+/)*' : part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${escaped.join('')}$`);
}

/** The files of a stage's folder (relative to it) that no declared output of the stage matches, as paths relative to the run directory. */
export function undeclaredOutputs(stage: { name: string; outputs: readonly string[] }, files: readonly string[]): string[] {
  const patterns = stage.outputs.map(pathPattern);
  return files.map((f) => `${stage.name}/${f.split(sep).join('/')}`).filter((path) => !patterns.some((p) => p.test(path)));
}

/** Size, modification time and content hash of every file under `dir`. */
export async function recordFiles(dir: string): Promise<FileRecords> {
  const records: FileRecords = {};
  for (const name of await listFiles(dir)) {
    const path = join(dir, name);
    const { size, mtimeMs } = await stat(path);
    records[name] = { size, mtimeMs, sha256: await hashFile(path) };
  }
  return records;
}

/** The output folder's content hash (file names and bytes), as downstream stages fold it into their input hash. */
export function outputHashOf(records: FileRecords): string {
  return hashOfFileHashes(Object.entries(records).map(([name, r]) => [name, r.sha256]));
}

export interface FolderCheck {
  /** One line per file that is not as the stage left it; empty when the folder is intact. */
  changes: string[];
  /** The records, with the new times of files that were touched or copied but hold the same bytes. */
  records: FileRecords;
  /** Files whose records changed without their bytes: the manifest is worth rewriting. */
  refreshed: string[];
}

/**
 * Checks stage `stage`'s folder under `runDir` against its records. A file with the recorded size
 * and time is taken as written (O(files) stat calls, no reading); one whose size differs has changed;
 * only one whose time alone moved is hashed, and keeps its place with the new time if its bytes match.
 */
export async function checkFiles(runDir: string, stage: string, records: FileRecords): Promise<FolderCheck> {
  const dir = join(runDir, stage);
  const present = await listFiles(dir);
  const presentSet = new Set(present);
  const changes: string[] = [];
  const refreshed: string[] = [];
  const updated: FileRecords = { ...records };
  for (const name of Object.keys(records).filter((n) => !presentSet.has(n))) changes.push(`${stage}/${name} was deleted after the ${stage} stage wrote it`);
  for (const name of present) {
    const record = records[name];
    if (!record) {
      changes.push(`${stage}/${name} was not written by the ${stage} stage`);
      continue;
    }
    const path = join(dir, name);
    const { size, mtimeMs } = await stat(path);
    if (size === record.size && mtimeMs === record.mtimeMs) continue;
    if (size === record.size) {
      if ((await hashFile(path)) === record.sha256) {
        updated[name] = { ...record, mtimeMs };
        refreshed.push(name);
        continue;
      }
    }
    changes.push(`${stage}/${name} changed since the ${stage} stage wrote it`);
  }
  return { changes, records: updated, refreshed };
}

/** The changes of a check in one line: the first, and how many more; undefined when there are none. */
function describeChanges(changes: string[]): string | undefined {
  if (!changes.length) return undefined;
  return changes.length > 1 ? `${changes[0]} (and ${changes.length - 1} more files)` : changes[0];
}

/**
 * Whether a done stage's outputs are still what it wrote. A record from before per-file records
 * existed is checked by hashing the whole folder.
 */
async function checkStageOutputs(runDir: string, stage: string, manifest: Manifest): Promise<FolderCheck> {
  const record = manifest[stage];
  if (record?.files) return checkFiles(runDir, stage, record.files);
  const records = await recordFiles(join(runDir, stage));
  const names = Object.keys(records);
  const changes = outputHashOf(records) === record?.outputHash ? [] : [`${stage}/ changed since the ${stage} stage wrote it (its content hash differs from manifest.json's)`];
  return { changes, records, refreshed: names };
}

/** Why a done stage's outputs are not what it wrote, in one line, or undefined; writes nothing (for `status`). */
export async function outputChanges(runDir: string, stage: string, manifest: Manifest): Promise<string | undefined> {
  return describeChanges((await checkStageOutputs(runDir, stage, manifest)).changes);
}

/**
 * As outputChanges, and keeps what it learnt in the manifest: the new times of touched files,
 * so each is hashed once, or the records of a folder from before per-file records.
 * Returns why the outputs cannot be used, or undefined when they can.
 */
export async function verifyStageOutputs(runDir: string, stage: string, manifest: Manifest): Promise<string | undefined> {
  const { changes, records, refreshed } = await checkStageOutputs(runDir, stage, manifest);
  if (changes.length) return describeChanges(changes);
  if (refreshed.length) {
    manifest[stage] = { ...manifest[stage], files: records };
    await writeManifest(runDir, manifest);
  }
  return undefined;
}
