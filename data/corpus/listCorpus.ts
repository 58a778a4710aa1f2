import { existsSync, statSync } from 'node:fs';
import { readdir, readlink, realpath, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { CorpusError } from './corpusError.js';
import { readLabelsCsv, resolveLabelRows, type LabelScale } from './labelsCsv.js';
import { foldSplit } from './speakerFolds.js';
import { mapSplitSet, splitBySpeaker, type SplitFractions } from './splits.js';

/** One audio file of the run, before decoding. Sets: train, dev, test-clean, unlabelled-clean, test-<condition>, unlabelled-<condition>. */
export interface CorpusEntry {
  id: string;
  path: string;
  set: string;
  condition: string;
  speaker: string;
  EmoAct?: number;
  EmoVal?: number;
  EmoDom?: number;
}

/** The speaker an entry counts under: its own file stands for an unknown speaker. */
export const speakerOf = (entry: Pick<CorpusEntry, 'id' | 'speaker'>) => entry.speaker || `file:${entry.id}`;

export interface Rejection {
  path: string;
  reason: string;
}

/** A calibration recording of a condition (speech only or noise only). */
export interface CalibrationRecording {
  condition: string;
  kind: 'speech' | 'noise';
  path: string;
}

export interface CorpusListing {
  entries: CorpusEntry[];
  rejected: Rejection[];
  /** Labelled files in splits the run does not use (e.g. MSP-Podcast's Test2). */
  unusedCount: number;
  /** Oddities in the labels that did not stop any file (identical duplicate rows). */
  warnings: string[];
}

/** Extensions taken as audio; other files in a corpus folder (notes, CSVs) are ignored. */
export const AUDIO_EXTENSIONS = new Set([
  '.wav',
  '.wave',
  '.flac',
  '.mp3',
  '.ogg',
  '.oga',
  '.opus',
  '.m4a',
  '.aac',
  '.wma',
  '.aif',
  '.aiff',
  '.au',
  '.amr',
  '.webm',
  '.mka',
  '.caf',
  '.3gp',
]);

function requireFolder(path: string, what: string): void {
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new CorpusError(`${what} not found: ${path}`);
}

export interface AudioListing {
  /** Paths relative to the listed folder (through symlink names), sorted. */
  files: string[];
  /** Symlinks that lead nowhere or into a loop. */
  rejected: Rejection[];
}

const isAudioName = (name: string) => !name.startsWith('.') && AUDIO_EXTENSIONS.has(extname(name).toLowerCase());

/**
 * Every audio file under `dir`, following symlinks to files and folders (clusters often hold a
 * corpus as a tree of links). A link that is dangling, loops on itself, or leads back into a folder
 * being listed is rejected with a reason instead; a file's path keeps the link's name, so its id
 * does not depend on where the link points.
 */
export async function listAudioFiles(dir: string): Promise<AudioListing> {
  const files: string[] = [];
  const rejected: Rejection[] = [];
  const walk = async (relDir: string, realAncestors: Set<string>): Promise<void> => {
    for (const e of await readdir(join(dir, relDir), { withFileTypes: true })) {
      const rel = join(relDir, e.name);
      const path = join(dir, rel);
      if (e.isFile()) {
        if (isAudioName(e.name)) files.push(rel);
      } else if (e.isDirectory()) {
        await walk(rel, new Set(realAncestors).add(await realpath(path)));
      } else if (e.isSymbolicLink()) {
        // A link named like a non-audio file is ignored whatever it points at, as such a file would be.
        if (extname(e.name) && !isAudioName(e.name)) continue;
        const target = await stat(path).catch((err: NodeJS.ErrnoException) => err);
        if (target instanceof Error) {
          const why = target.code === 'ELOOP' ? 'symlink loop (the link leads back to itself)' : `dangling symlink: ${await readlink(path)} (${target.code ?? target.message})`;
          rejected.push({ path, reason: why });
        } else if (target.isDirectory()) {
          const real = await realpath(path);
          if (realAncestors.has(real)) rejected.push({ path, reason: `symlink loop: leads back to ${real}, a folder above it` });
          else await walk(rel, new Set(realAncestors).add(real));
        } else if (target.isFile() && isAudioName(e.name)) files.push(rel);
      }
    }
  };
  await walk('', new Set([await realpath(dir)]));
  return { files: files.sort(), rejected };
}

/** The id of a file: its path relative to the corpus folder, without extension, with `/` separators. */
export function idOf(relativePath: string): string {
  return relativePath
    .slice(0, relativePath.length - extname(relativePath).length)
    .split(sep)
    .join('/');
}

export interface LabelledFolderOptions {
  audioDir: string;
  labelsCsv?: string;
  testSplits: readonly string[];
  splitSeed: number;
  splitFractions: SplitFractions;
  labelScale: LabelScale;
  /** Speaker cross-validation: the run that tests fold `test` of `count` (Split_Set is then ignored). */
  folds?: { count: number; test: number };
}

/**
 * A folder tree of audio with an optional labels CSV (the `folder` corpus; MSP-Podcast is the same
 * with its fixed layout). Files with a label row are labelled; the rest form the clean unlabelled
 * pool. Split_Set decides train/dev/test where present; otherwise a seeded speaker-independent split.
 * With `folds`, the speaker folds decide for every labelled file.
 * Label rows naming a missing file, holding a label that is not a decimal number on the corpus's
 * scale, or disagreeing with another row of the same file, are rejected with a reason.
 */
export async function listLabelledFolder(o: LabelledFolderOptions): Promise<CorpusListing> {
  requireFolder(o.audioDir, 'corpus audio folder');
  const { files, rejected } = await listAudioFiles(o.audioDir);
  // Broken links are already rejected with their reason; a label row naming one is not "no such file".
  const brokenLinks = new Set(rejected.map((r) => relative(o.audioDir, r.path)));
  const named = [...files, ...brokenLinks];
  const byRelative = new Map(named.map((f) => [f.split(sep).join('/'), f]));
  const byBase = new Map<string, string>();
  for (const f of named) if (!byBase.has(basename(f))) byBase.set(basename(f), f);
  const rows = o.labelsCsv ? await readLabelsCsv(o.labelsCsv) : [];
  const fileOf = (name: string) => byRelative.get(name) ?? byBase.get(name) ?? byBase.get(`${name}.wav`);
  const rowsOfFiles = rows.filter((row) => !brokenLinks.has(fileOf(row.cells.FileName ?? '') ?? ''));
  const { labelled, rejected: badRows, warnings } = resolveLabelRows(rowsOfFiles, o.labelsCsv ?? '', o.labelScale, o.audioDir, fileOf);
  rejected.push(...badRows.map((r) => ({ path: r.file ? join(o.audioDir, r.file) : r.name, reason: r.reason })));
  const rejectedFiles = new Set(badRows.flatMap((r) => (r.file ? [r.file] : [])));

  const entries: CorpusEntry[] = [];
  let unusedCount = 0;
  const needSplit: CorpusEntry[] = [];
  for (const file of files) {
    if (rejectedFiles.has(file)) continue;
    const path = join(o.audioDir, file);
    const label = labelled.get(file);
    const speaker = label?.cells.SpkrID || '';
    const entry: CorpusEntry = { id: idOf(file), path, set: 'unlabelled-clean', condition: 'clean', speaker, ...(label?.labels ?? {}) };
    if (label && Object.keys(label.labels).length > 0) {
      const splitValue = o.folds ? undefined : label.cells.Split_Set;
      if (splitValue) {
        const set = mapSplitSet(splitValue, o.testSplits);
        if (!set) {
          unusedCount++;
          continue;
        }
        entry.set = set;
      } else needSplit.push(entry);
    }
    entries.push(entry);
  }
  const sets = o.folds
    ? foldSplit(
        needSplit.map((e) => e.speaker),
        o.folds.count,
        o.folds.test,
        o.splitFractions,
        o.splitSeed,
      )
    : splitBySpeaker(needSplit.map(speakerOf), o.splitFractions, o.splitSeed);
  needSplit.forEach((e, i) => (e.set = sets[i]));
  return { entries, rejected, unusedCount, warnings };
}

export interface RealConditionFolders {
  test?: string;
  unlabelled?: string;
  speechCalibration?: string;
  noiseCalibration?: string;
}

/**
 * A user's real noisy recordings of one condition: test recordings named like clean test files
 * (labels and speaker carry over), unlabelled recordings, and the two calibration recordings. Test
 * recordings named like a file of `notTested` (another fold's speakers, in cross-validation) are left
 * out without a rejection.
 */
export async function listRealCondition(
  condition: string,
  folders: RealConditionFolders,
  cleanTest: readonly CorpusEntry[],
  notTested: readonly CorpusEntry[] = [],
): Promise<{ entries: CorpusEntry[]; rejected: Rejection[]; calibration: CalibrationRecording[] }> {
  const entries: CorpusEntry[] = [];
  const rejected: Rejection[] = [];
  const calibration: CalibrationRecording[] = [];
  const cleanByStem = new Map(cleanTest.map((e) => [basename(e.id), e]));
  const untested = new Set(notTested.map((e) => basename(e.id)));
  if (folders.test) {
    requireFolder(folders.test, `noisy test folder of condition ${condition}`);
    const listing = await listAudioFiles(folders.test);
    rejected.push(...listing.rejected);
    for (const file of listing.files) {
      const clean = cleanByStem.get(basename(idOf(file)));
      const path = join(folders.test, file);
      if (!clean && untested.has(basename(idOf(file)))) continue;
      if (!clean) rejected.push({ path, reason: `no clean test file with the same name, so its labels are unknown (condition ${condition})` });
      else entries.push({ ...clean, path, set: `test-${condition}`, condition });
    }
  }
  if (folders.unlabelled) {
    requireFolder(folders.unlabelled, `noisy unlabelled folder of condition ${condition}`);
    const listing = await listAudioFiles(folders.unlabelled);
    rejected.push(...listing.rejected);
    for (const file of listing.files) {
      entries.push({ id: idOf(file), path: join(folders.unlabelled, file), set: `unlabelled-${condition}`, condition, speaker: '' });
    }
  }
  for (const [kind, path] of [
    ['speech', folders.speechCalibration],
    ['noise', folders.noiseCalibration],
  ] as const) {
    if (!path) continue;
    if (!existsSync(path)) throw new CorpusError(`${kind}-only calibration recording of condition ${condition} not found: ${path}`);
    calibration.push({ condition, kind, path });
  }
  return { entries, rejected, calibration };
}
