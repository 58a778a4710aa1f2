import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type * as ort from 'onnxruntime-node';
import { ATTRIBUTES, LABEL_COLUMN, type Attribute } from '../data/attributes.js';
import { CLIPPED_FRACTION_WARN } from '../data/audio/sampleChecks.js';
import { readUtterances } from '../data/utterances.js';
import { runInfer } from '../models/export/runInfer.js';
import { loadModelFile } from '../models/onnx/runtime.js';
import { nearestCondition } from '../stages/calibrate.js';
import { stageDir, UTTERANCES_CSV } from '../stages/layout.js';
import { readRuns, RUN_FILES, RUNS_CSV, targetAttributes } from '../stages/runGrid.js';
import { expandInputs } from './featuresCommand.js';
import { makeLogger } from './logger.js';
import { prepareOutputFile } from './outputPaths.js';
import { extractFiles } from './extractFiles.js';
import { UsageError } from './usageError.js';

export interface PredictArgs {
  paths: string[];
  run: string;
  model: string;
  out: string;
  ensemble: boolean;
  condition?: string;
  jobs: number;
}

/** Each condition's typical blind SNR, as the calibrate stage measured it on the condition's recordings. */
async function conditionReferences(runDir: string): Promise<Map<string, number>> {
  const rows: { condition: string; median_blind_snr_db: number }[] = parse(await readFile(join(stageDir(runDir, 'calibrate'), 'conditions.csv'), 'utf8'), {
    columns: true,
    cast: true,
  });
  return new Map(rows.map((r) => [String(r.condition), r.median_blind_snr_db]));
}

/**
 * The range of every label of the run's corpus (all attributes: they share one annotation scale),
 * or undefined when the run lists no labels. A prediction outside it is an extrapolation.
 */
async function labelRange(runDir: string): Promise<{ min: number; max: number } | undefined> {
  const csv = join(stageDir(runDir, 'ingest'), UTTERANCES_CSV);
  if (!existsSync(csv)) return undefined;
  let range: { min: number; max: number } | undefined;
  for (const u of await readUtterances(csv)) {
    for (const a of ATTRIBUTES) {
      const v = u[LABEL_COLUMN[a]];
      if (v !== undefined && Number.isFinite(v)) range = { min: Math.min(range?.min ?? v, v), max: Math.max(range?.max ?? v, v) };
    }
  }
  return range;
}

/**
 * `pipeline predict PATH…`: arousal, valence and dominance of new recordings on the corpus's label
 * scale, with the `infer.onnx` of a trained model: the seed with the best dev CCC, or the mean over
 * seeds with --ensemble. Condition-specific models (ladders, Dense+AdaBN) use the condition nearest
 * to each file's blind SNR unless --condition names one.
 */
export async function predictCommand(args: PredictArgs): Promise<number> {
  prepareOutputFile(args.out, '--out');
  const runDir = resolve(args.run);
  const runsCsv = join(stageDir(runDir, 'train'), RUNS_CSV);
  if (!existsSync(runsCsv)) throw new UsageError(`${runsCsv} not found: train a model first (pipeline run train --workdir ${args.run})`);
  const runs = (await readRuns(runsCsv, runDir)).filter((r) => r.model === args.model);
  if (!runs.length) throw new UsageError(`run ${args.run} has no trained ${args.model} model`);
  const conditions = [...new Set(runs.map((r) => r.condition))];
  if (args.condition && !conditions.includes(args.condition)) throw new UsageError(`--condition ${args.condition}: ${args.model} was trained for ${conditions.join(', ')}`);
  // Only the conditions this model was trained for can answer.
  const references =
    conditions.length > 1 && !args.condition ? new Map([...(await conditionReferences(runDir))].filter(([c]) => conditions.includes(c))) : new Map<string, number>();

  /** The runs that answer for one attribute in one condition. */
  const chooseRuns = (attribute: Attribute, condition: string) => {
    const candidates = runs.filter((r) => r.condition === condition && targetAttributes(r.target).includes(attribute));
    return args.ensemble ? candidates : candidates.sort((a, b) => b.bestDevCcc - a.bestDevCcc).slice(0, 1);
  };
  const sessions = new Map<string, ort.InferenceSession>();
  const session = async (dir: string) => {
    if (!sessions.has(dir)) sessions.set(dir, await loadModelFile(join(dir, RUN_FILES.infer)));
    return sessions.get(dir)!;
  };

  const inputs = await expandInputs(args.paths);
  const log = makeLogger(undefined, 'predict');
  const scale = await labelRange(runDir);
  const rows: Record<string, string | number>[] = [];
  await extractFiles(inputs, { jobs: args.jobs, snr: true, label: 'predicting', log }, async (input, result) => {
    // Ingest rejects silent files for training; a prediction for one would be a number about nothing.
    if (result.allZero) {
      log.warn(`${input.path}: silent: every sample is zero, not predicted`);
      return;
    }
    const warnings: string[] = [];
    if (result.clippedFraction > CLIPPED_FRACTION_WARN) warnings.push(`clipped: ${(100 * result.clippedFraction).toFixed(2)}% of samples at full scale`);
    const snr = result.blindSnrDb!;
    const bySnr = !args.condition && conditions.length > 1;
    if (bySnr && !Number.isFinite(snr)) warnings.push(`blind SNR not measurable, condition ${conditions[0]} assumed`);
    const condition = args.condition ?? (bySnr ? nearestCondition(references, snr) : conditions[0]);
    const row: Record<string, string | number> = { FileName: input.path };
    for (const attribute of ATTRIBUTES) {
      const chosen = chooseRuns(attribute, condition);
      let sum = 0;
      for (const r of chosen) {
        const prediction = await runInfer(await session(r.dir), result.functionals, 1);
        sum += prediction[targetAttributes(r.target).indexOf(attribute)];
      }
      const value = Number((sum / chosen.length).toFixed(4));
      row[LABEL_COLUMN[attribute]] = chosen.length ? value : '';
      if (chosen.length && scale && (value < scale.min || value > scale.max))
        warnings.push(`${LABEL_COLUMN[attribute]} ${value} outside the corpus's label range ${scale.min}-${scale.max}`);
    }
    if (warnings.length) log.warn(`${input.path}: ${warnings.join('; ')}`);
    rows.push({ ...row, blind_snr_db: Number(snr.toFixed(2)), condition, model: args.model, warning: warnings.join('; ') });
  });
  await writeFile(args.out, stringify(rows, { header: true, columns: ['FileName', 'EmoAct', 'EmoVal', 'EmoDom', 'blind_snr_db', 'condition', 'model', 'warning'] }));
  log.info(`${rows.length} of ${inputs.length} files predicted with ${args.model}${args.ensemble ? ' (ensemble over seeds)' : ' (best seed by dev CCC)'}: ${args.out}`);
  return rows.length === 0 ? 1 : 0;
}
