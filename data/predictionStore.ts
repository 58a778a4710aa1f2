import type { Attribute } from './attributes.js';
import { FeatureWriter, readFeatureMatrix } from './featureStore.js';

/**
 * The evaluate stage's predictions, one Arrow file per scored set (`evaluate/predictions/<set>.arrow`)
 * in the feature store's layout: an `id` column, then one float32 column per run and attribute, on the
 * label scale, named `<model>/<target>/<trained for>/seed-<n>/<attribute>` (the run's folder under
 * train/runs, then the attribute). pandas reads it with `read_feather`; the cross-validation summary
 * pools these over folds instead of running every model again.
 */
export interface PredictionColumn {
  model: string;
  /** An attribute, or `multitask` for the three-output network. */
  target: string;
  trainedFor: string;
  seed: number;
  attribute: Attribute;
}

export const predictionColumnName = (c: PredictionColumn) => [c.model, c.target, c.trainedFor, `seed-${c.seed}`, c.attribute].join('/');

/** One set's predictions: the utterance ids and, per column, a value per id. */
export interface SetPredictions {
  ids: readonly string[];
  columns: Map<string, Float32Array>;
}

export async function writePredictions(path: string, predictions: SetPredictions): Promise<void> {
  const names = [...predictions.columns.keys()];
  const columns = [...predictions.columns.values()];
  const writer = new FeatureWriter(path, names);
  predictions.ids.forEach((id, i) =>
    writer.add(
      id,
      Float32Array.from(columns, (c) => c[i]),
    ),
  );
  await writer.close();
}

/** Reads a set's predictions; an unusable file throws UnreadableFile naming it. */
export async function readPredictions(path: string): Promise<SetPredictions> {
  const { ids, names, values } = await readFeatureMatrix(path);
  const columns = new Map(names.map((name, j) => [name, Float32Array.from({ length: ids.length }, (_, i) => values[i * names.length + j])]));
  return { ids, columns };
}
