import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LABEL_COLUMN, type Attribute } from './attributes.js';
import { readFeatureMatrix, type FeatureMatrix } from './featureStore.js';
import { speakerOf } from './corpus/listCorpus.js';
import { readUtterances, type UtteranceRow } from './utterances.js';

/** The corpus's labelled sets that multi-condition training also records in the booth, once per condition. */
export const LABELLED_SETS = ['train', 'dev'] as const;
export type LabelledSet = (typeof LABELLED_SETS)[number];

/** The set of a labelled set's booth recordings in one condition, e.g. `train-10dB`. */
export const boothCopyOf = (set: LabelledSet, condition: string) => `${set}-${condition}`;

/** True for a set of booth copies of a labelled set (training material, not a recording of the deployment). */
export const isBoothCopy = (set: string, conditions: readonly string[]) => LABELLED_SETS.some((l) => conditions.some((c) => boothCopyOf(l, c) === set));

/** Every utterance of the run by set and id, from the utterance lists of the stages that list audio (a missing list is skipped). */
export async function readRunUtterances(csvPaths: readonly string[]): Promise<Map<string, Map<string, UtteranceRow>>> {
  const bySet = new Map<string, Map<string, UtteranceRow>>();
  for (const csv of csvPaths) {
    if (!existsSync(csv)) continue;
    for (const row of await readUtterances(csv)) {
      if (!bySet.has(row.set)) bySet.set(row.set, new Map());
      bySet.get(row.set)!.set(row.id, row);
    }
  }
  return bySet;
}

/** Features of a set with the labels of the given attributes, keeping only rows that have all of them. */
export interface LabelledMatrix {
  ids: string[];
  speakers: string[];
  /** Row-major rows × features. */
  x: Float32Array;
  /** Row-major rows × attributes, on the corpus's label scale. */
  y: Float32Array;
  rows: number;
  features: number;
}

export function withLabels(matrix: FeatureMatrix, utterances: Map<string, UtteranceRow> | undefined, attributes: readonly Attribute[]): LabelledMatrix {
  const D = matrix.names.length;
  const keep: number[] = [];
  const labels: number[] = [];
  const speakers: string[] = [];
  matrix.ids.forEach((id, i) => {
    const row = utterances?.get(id);
    const values = attributes.map((a) => row?.[LABEL_COLUMN[a]]);
    if (!row || values.some((v) => v === undefined || !Number.isFinite(v))) return;
    keep.push(i);
    labels.push(...(values as number[]));
    speakers.push(speakerOf(row));
  });
  const x = new Float32Array(keep.length * D);
  keep.forEach((i, r) => x.set(matrix.values.subarray(i * D, (i + 1) * D), r * D));
  return { ids: keep.map((i) => matrix.ids[i]), speakers, x, y: Float32Array.from(labels), rows: keep.length, features: D };
}

export async function readSetMatrix(dir: string, set: string): Promise<FeatureMatrix> {
  const path = join(dir, `${set}.arrow`);
  if (!existsSync(path)) throw new Error(`no features for set ${set} (${path})`);
  return readFeatureMatrix(path);
}

/** The rows of several labelled matrices one after another (e.g. a clean set and its booth copies). */
export function concatLabelled(parts: readonly LabelledMatrix[]): LabelledMatrix {
  const features = parts[0].features;
  const x = new Float32Array(parts.reduce((a, p) => a + p.x.length, 0));
  const y = new Float32Array(parts.reduce((a, p) => a + p.y.length, 0));
  let xAt = 0;
  let yAt = 0;
  for (const p of parts) {
    if (p.features !== features) throw new Error(`cannot join labelled sets of ${features} and ${p.features} features`);
    x.set(p.x, xAt);
    y.set(p.y, yAt);
    xAt += p.x.length;
    yAt += p.y.length;
  }
  return { ids: parts.flatMap((p) => p.ids), speakers: parts.flatMap((p) => p.speakers), x, y, rows: parts.reduce((a, p) => a + p.rows, 0), features };
}

/** Column k of a row-major matrix with `outputs` columns (one attribute of labels or predictions). */
export function column(y: Float32Array, outputs: number, k: number): Float32Array {
  return Float32Array.from({ length: y.length / outputs }, (_, r) => y[r * outputs + k]);
}
