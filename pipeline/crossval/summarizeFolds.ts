/**
 * The cross-validation summary: every fold's test predictions (the (run, test set) pairs its evaluate
 * stage scored, from its evaluate/predictions/), pooled over the folds
 * (stats/crossValidation.ts), and the tables and report go to `crossval/`, replaced as a whole.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { LABEL_COLUMN, type Attribute } from '../../data/attributes.js';
import { speakerOf } from '../../data/corpus/listCorpus.js';
import { readRunUtterances } from '../../data/labelledSets.js';
import type { UtteranceRow } from '../../data/utterances.js';
import { predictionColumnName, readPredictions, type SetPredictions } from '../../data/predictionStore.js';
import { renderCrossvalReport } from '../../report/crossvalReport.js';
import type { Config } from '../../stages/configSchema.js';
import { PREDICTIONS_DIR, stageDir, utteranceLists } from '../../stages/layout.js';
import { readRuns, RUNS_CSV, targetAttributes } from '../../stages/runGrid.js';
import { crossValidate, type CrossValidationRow, type FoldPrediction } from '../../stats/crossValidation.js';
import { readManifest } from '../manifest.js';
import { SUMMARY_STATISTIC_COLUMNS } from '../../stats/summarize.js';
import { CROSSVAL_FILES, crossvalDir, foldDir } from './layout.js';

/** crossval/summary.csv's columns: the pooled CCC and test set beside evaluate's statistics, now over fold × seed scores. */
const SUMMARY_COLUMNS = [
  'model',
  'attribute',
  'condition',
  'folds',
  'utterances',
  'speakers',
  'pooledCcc',
  ...SUMMARY_STATISTIC_COLUMNS,
  'nUnconverged',
] as const satisfies readonly (keyof CrossValidationRow)[];

/** What a fold's evaluate stage scored: one row of its results.csv. */
interface ScoredRow {
  model: string;
  attribute: Attribute;
  condition: string;
  trainedFor: string;
  seed: string;
  set: string;
}

/** A fold's test predictions of every run its evaluate stage scored, on the test sets (not dev), as its evaluate/predictions/ keeps them. */
async function foldPredictions(runDir: string, fold: number): Promise<{ predictions: FoldPrediction[]; testSpeakers: Map<string, number> }> {
  const dir = foldDir(runDir, fold);
  const runs = await readRuns(join(stageDir(dir, 'train'), RUNS_CSV), dir);
  const scored = parse<ScoredRow>(await readFile(join(stageDir(dir, 'evaluate'), 'results.csv'), 'utf8'), { columns: true }).filter((r) => r.condition !== 'dev');
  const utterances = await readRunUtterances(utteranceLists((s) => stageDir(dir, s)));
  // Per test set: its predictions file and each predicted utterance's row, read once.
  const sets = new Map<string, SetPredictions & { file: string; rows: UtteranceRow[]; speakers: string[] }>();
  const setOf = async (set: string) => {
    if (!sets.has(set)) {
      const file = join(stageDir(dir, 'evaluate'), PREDICTIONS_DIR, `${set}.arrow`);
      const { ids, columns } = await readPredictions(file);
      const rows = ids.map((id) => utterances.get(set)?.get(id));
      const missing = ids.findIndex((_, i) => !rows[i]);
      if (missing >= 0) throw new Error(`fold ${fold}: ${file} predicts ${ids[missing]}, which no utterance list of the fold has in ${set}`);
      const known = rows as UtteranceRow[];
      sets.set(set, { ids, columns, file, rows: known, speakers: known.map(speakerOf) });
    }
    return sets.get(set)!;
  };
  const predictions: FoldPrediction[] = [];
  for (const r of scored) {
    const run = runs.find((x) => x.model === r.model && x.condition === r.trainedFor && String(x.seed) === r.seed && targetAttributes(x.target).includes(r.attribute));
    if (!run) throw new Error(`fold ${fold}: evaluate/results.csv scores ${r.model} ${r.attribute} ${r.trainedFor} seed ${r.seed}, which train/${RUNS_CSV} does not list`);
    const { columns, file, rows, speakers } = await setOf(r.set);
    const name = predictionColumnName({ model: run.model, target: run.target, trainedFor: run.condition, seed: run.seed, attribute: r.attribute });
    const predicted = columns.get(name);
    if (!predicted) throw new Error(`fold ${fold}: ${file} has no column ${name}, which evaluate/results.csv scores`);
    predictions.push({
      fold,
      model: run.model,
      attribute: r.attribute,
      condition: r.condition,
      trainedFor: run.condition,
      seed: run.seed,
      bestEpoch: run.bestEpoch,
      epochs: run.epochs,
      speakers,
      // float32, as evaluate scored them
      truth: Float32Array.from(rows, (u) => u[LABEL_COLUMN[r.attribute]]!),
      predicted,
    });
  }
  const testSpeakers = new Map<string, number>();
  for (const u of utterances.get('test-clean')?.values() ?? []) testSpeakers.set(u.speaker, (testSpeakers.get(u.speaker) ?? 0) + 1);
  return { predictions, testSpeakers };
}

/** Each fold's evaluate output hash: the summary is up to date while these are the folds' current ones. */
export function foldSources(runDir: string, folds: readonly number[]): { fold: number; evaluate: string }[] {
  return folds.map((fold) => ({ fold, evaluate: readManifest(foldDir(runDir, fold)).evaluate?.outputHash ?? 'missing' }));
}

/** Pools the folds of `runDir` into crossval/ (CSV tables, report.md, report.html). Returns the folder. */
export async function summarizeFolds(runDir: string, config: Config, folds: readonly number[]): Promise<string> {
  const predictions: FoldPrediction[] = [];
  const speakerRows: { fold: number; speaker: string; utterances: number }[] = [];
  for (const fold of folds) {
    const one = await foldPredictions(runDir, fold);
    predictions.push(...one.predictions);
    for (const [speaker, utterances] of [...one.testSpeakers].sort(([a], [b]) => a.localeCompare(b))) speakerRows.push({ fold, speaker, utterances });
  }
  const result = crossValidate(predictions, {
    alpha: config.evaluate.alpha,
    lateEpochFraction: config.train.convergenceWarnFraction,
    bootstrap: { draws: config.evaluate.bootstrapDraws, seed: config.evaluate.bootstrapSeed },
  });
  const out = crossvalDir(runDir);
  const partial = `${out}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const write = (name: string, text: string) => writeFile(join(partial, name), text);
  await write(
    CROSSVAL_FILES.folds,
    stringify(result.folds, { header: true, columns: ['fold', 'model', 'attribute', 'condition', 'trainedFor', 'seed', 'ccc', 'utterances', 'speakers'] }),
  );
  await write(CROSSVAL_FILES.pooled, stringify(result.pooled, { header: true, columns: ['model', 'attribute', 'condition', 'seed', 'ccc'] }));
  await write(CROSSVAL_FILES.summary, stringify(result.summary, { header: true, columns: [...SUMMARY_COLUMNS] }));
  await write(CROSSVAL_FILES.speakers, stringify(speakerRows, { header: true, columns: ['fold', 'speaker', 'utterances'] }));
  await write(CROSSVAL_FILES.sources, JSON.stringify(foldSources(runDir, folds), null, 2) + '\n');
  const report = renderCrossvalReport(
    { summary: result.summary, folds: result.folds, speakers: speakerRows, config },
    { alpha: config.evaluate.alpha, lateEpochFraction: config.train.convergenceWarnFraction },
  );
  await write(CROSSVAL_FILES.reportMarkdown, report.markdown);
  await write(CROSSVAL_FILES.reportHtml, report.html);
  await rm(out, { recursive: true, force: true });
  await rename(partial, out);
  return out;
}
