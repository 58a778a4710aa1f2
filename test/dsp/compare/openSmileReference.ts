/** Readers for openSMILE's reference outputs under ../shared/reference/opensmile (tests only). */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import wavDecoder from 'wav-decoder';
import { SHARED_DIR } from '../../support/paths.js';

export const OPENSMILE_DIR = resolve(SHARED_DIR, 'reference', 'opensmile');

export interface LldCsv {
  /** File name without `.csv`, e.g. `03-01-01-01-01-01-01`. */
  readonly id: string;
  /** The 130 column names after `name;frameTime`. */
  readonly names: readonly string[];
  /** One Float32Array per column, all rows (n60 + 1: the last is the end-of-input artefact). */
  readonly columns: readonly Float32Array[];
}

function parseLldCsv(path: string): LldCsv {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const names = lines[0].split(';').slice(2);
  const rows = lines.slice(1).map((l) => l.split(';').slice(2).map(Number));
  const columns = names.map((_, j) => Float32Array.from(rows, (r) => r[j]));
  return { id: basename(path, '.csv'), names, columns };
}

/** Every per-frame LLD CSV of the reference, sorted by id. */
export function readLldCsvs(): LldCsv[] {
  const dir = resolve(OPENSMILE_DIR, 'lld');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => parseLldCsv(resolve(dir, f)));
}

/** The functionals CSV: feature names and one row per file, keyed by the wav's base name. */
export function readFunctionalsCsv(): { names: string[]; rows: Map<string, Float64Array> } {
  const lines = readFileSync(resolve(OPENSMILE_DIR, 'functionals.csv'), 'utf8').trim().split('\n');
  const names = lines[0].split(';').slice(2);
  const rows = new Map<string, Float64Array>();
  for (const line of lines.slice(1)) {
    const parts = line.split(';');
    const id = basename(parts[0].replace(/'/g, ''), '.wav');
    rows.set(id, Float64Array.from(parts.slice(2), Number));
  }
  return { names, rows };
}

/** An int16 wav read as openSMILE reads it: sample/32767, rounded once to float32. */
export function readWavAsOpenSmile(path: string): Float32Array {
  const { channelData } = wavDecoder.decode.sync(readFileSync(path), { symmetric: true });
  const x = channelData[0];
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.round(x[i] * 32768) / 32767;
  return out;
}
