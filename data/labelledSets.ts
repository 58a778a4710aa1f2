import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LABEL_COLUMN, type Attribute } from './attributes.js';
import { readFeatureMatrix, type FeatureMatrix } from './featureStore.js';
import { readUtterances, type UtteranceRow } from './utterances.js';

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
    speakers.push(row.speaker || `file:${id}`);
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
