import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { CorpusError } from './corpusError.js';
import { readLabelsCsv, resolveLabelRows, type LabelScale } from './labelsCsv.js';
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
export const AUDIO_EXTENSIONS = new Set(['.wav', '.wave', '.flac', '.mp3', '.ogg', '.oga', '.opus', '.m4a', '.aac', '.wma', '.aif', '.aiff', '.au', '.amr', '.webm', '.mka', '.caf', '.3gp']);

function requireFolder(path: string, what: string): void {
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new CorpusError(`${what} not found: ${path}`);
}

/** Every audio file under `dir`, as paths relative to it, sorted. */
export async function listAudioFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && AUDIO_EXTENSIONS.has(extname(e.name).toLowerCase()))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** The id of a file: its path relative to the corpus folder, without extension, with `/` separators. */
export function idOf(relativePath: string): string {
  return relativePath.slice(0, relativePath.length - extname(relativePath).length).split(sep).join('/');
}

export interface LabelledFolderOptions {
  audioDir: string;
  labelsCsv?: string;
  testSplits: readonly string[];
  splitSeed: number;
  splitFractions: SplitFractions;
  labelScale: LabelScale;
}

/**
 * A folder tree of audio with an optional labels CSV (the `folder` corpus; MSP-Podcast is the same
 * with its fixed layout). Files with a label row are labelled; the rest form the clean unlabelled
 * pool. Split_Set decides train/dev/test where present; otherwise a seeded speaker-independent split.
 * Label rows naming a missing file, holding a label that is not a decimal number on the corpus's
 * scale, or disagreeing with another row of the same file, are rejected with a reason.
 */
export async function listLabelledFolder(o: LabelledFolderOptions): Promise<CorpusListing> {
  requireFolder(o.audioDir, 'corpus audio folder');
  const files = await listAudioFiles(o.audioDir);
  const byRelative = new Map(files.map((f) => [f.split(sep).join('/'), f]));
  const byBase = new Map<string, string>();
  for (const f of files) if (!byBase.has(basename(f))) byBase.set(basename(f), f);
  const rows = o.labelsCsv ? await readLabelsCsv(o.labelsCsv) : [];
  const fileOf = (name: string) => byRelative.get(name) ?? byBase.get(name) ?? byBase.get(`${name}.wav`);
  const { labelled, rejected: badRows, warnings } = resolveLabelRows(rows, o.labelsCsv ?? '', o.labelScale, o.audioDir, fileOf);
  const rejected: Rejection[] = badRows.map((r) => ({ path: r.file ? join(o.audioDir, r.file) : r.name, reason: r.reason }));
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
      const splitValue = label.cells.Split_Set;
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
  const sets = splitBySpeaker(needSplit.map((e) => e.speaker || `file:${e.id}`), o.splitFractions, o.splitSeed);
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
 * (labels and speaker carry over), unlabelled recordings, and the two calibration recordings.
 */
export async function listRealCondition(
  condition: string,
  folders: RealConditionFolders,
  cleanTest: readonly CorpusEntry[],
): Promise<{ entries: CorpusEntry[]; rejected: Rejection[]; calibration: CalibrationRecording[] }> {
  const entries: CorpusEntry[] = [];
  const rejected: Rejection[] = [];
  const calibration: CalibrationRecording[] = [];
  const cleanByStem = new Map(cleanTest.map((e) => [basename(e.id), e]));
  if (folders.test) {
    requireFolder(folders.test, `noisy test folder of condition ${condition}`);
    for (const file of await listAudioFiles(folders.test)) {
      const clean = cleanByStem.get(basename(idOf(file)));
      const path = join(folders.test, file);
      if (!clean) rejected.push({ path, reason: `no clean test file with the same name, so its labels are unknown (condition ${condition})` });
      else entries.push({ ...clean, path, set: `test-${condition}`, condition });
    }
  }
  if (folders.unlabelled) {
    requireFolder(folders.unlabelled, `noisy unlabelled folder of condition ${condition}`);
    for (const file of await listAudioFiles(folders.unlabelled)) {
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
