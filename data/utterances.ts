import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { CorpusEntry } from './corpus/listCorpus.js';

/** One row of `ingest/utterances.csv`: an utterance of a set, with the path of its decoded 16 kHz audio. */
export interface UtteranceRow extends CorpusEntry {
  duration_s: number;
  /** Decoded 16 kHz mono float32 audio, relative to the run directory. */
  audio: string;
}

export const UTTERANCE_COLUMNS = ['id', 'path', 'set', 'condition', 'speaker', 'duration_s', 'EmoAct', 'EmoVal', 'EmoDom', 'audio'] as const;

const numberOrUndefined = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));

export async function readUtterances(csvPath: string): Promise<UtteranceRow[]> {
  const rows: Record<string, string>[] = parse(await readFile(csvPath, 'utf8'), { columns: true, skip_empty_lines: true });
  return rows.map((r) => ({
    id: r.id,
    path: r.path,
    set: r.set,
    condition: r.condition,
    speaker: r.speaker,
    duration_s: Number(r.duration_s),
    EmoAct: numberOrUndefined(r.EmoAct),
    EmoVal: numberOrUndefined(r.EmoVal),
    EmoDom: numberOrUndefined(r.EmoDom),
    audio: r.audio,
  }));
}
