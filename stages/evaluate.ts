import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import * as ort from 'onnxruntime-node';
import { readFeatureMatrix } from '../data/featureStore.js';
import { ATTRIBUTES, readRunUtterances, withLabels, type Attribute, type LabelledMatrix } from '../data/labelledSets.js';
import { loadModelFile } from '../models/onnx/runtime.js';
import { Trainer } from '../models/training/trainer.js';
import { summarize } from '../report/summarize.js';
import type { EmbeddingRow, IntervalRow, ModelName, ResultRow } from '../report/types.js';
import { bootstrapMeanCcc } from '../stats/bootstrap.js';
import { concordanceCorrelation } from '../stats/ccc.js';
import type { Config } from './configSchema.js';
import { modelFor, readWeights, targetAttributes, type RunResult } from './trainRun.js';
import type { Stage, StageContext } from './types.js';

interface RunRow extends Omit<RunResult, 'converged' | 'seed' | 'bestEpoch' | 'epochs'> {
  model: ModelName & RunResult['model'];
  seed: number;
  bestEpoch: number;
  epochs: number;
}

/** The test sets a run is scored on: condition-specific models on their own condition, Dense on all. */
function evaluationSets(run: RunRow, config: Config): { set: string; condition: string }[] {
  const noisy = run.model === 'dense' ? config.conditions.map((c) => c.name) : [run.condition];
  return [{ set: 'dev', condition: 'dev' }, { set: 'test-clean', condition: 'clean' }, ...noisy.map((c) => ({ set: `test-${c}`, condition: c }))];
}

async function predictWithInfer(session: ort.InferenceSession, x: Float32Array, rows: number, features: number): Promise<Float32Array> {
  const out = await session.run({ features: new ort.Tensor('float32', x, [rows, features]) });
  return out.prediction.data as Float32Array;
}

function column(y: Float32Array, outputs: number, k: number): Float32Array {
  return Float32Array.from({ length: y.length / outputs }, (_, r) => y[r * outputs + k]);
}

async function run(ctx: StageContext): Promise<void> {
  const { config } = ctx;
  const runs: RunRow[] = parse<RunRow>(await readFile(join(ctx.inputDir('train'), 'runs.csv'), 'utf8'), { columns: true, cast: true }).map((r) => ({
    ...r,
    dir: join(ctx.runDir, String(r.dir)),
  }));
  const utterances = await readRunUtterances(ctx.runDir);
  const labelled = new Map<string, LabelledMatrix | undefined>();
  // A set without a features file was not extracted (excluded); one that is there but unreadable fails the stage.
  const labelledSet = async (set: string) => {
    const path = join(ctx.inputDir('features'), `${set}.arrow`);
    if (!labelled.has(set)) labelled.set(set, existsSync(path) ? withLabels(await readFeatureMatrix(path), utterances.get(set), ATTRIBUTES) : undefined);
    return labelled.get(set);
  };

  const progress = ctx.progress('scoring runs', runs.length, 'runs');
  const results: (ResultRow & { set: string; trainedFor: string; utterances: number; speakers: number })[] = [];
  // Predictions per (model, attribute, condition): one per run, for the speaker bootstrap.
  const predictions = new Map<string, { set: string; values: Float32Array[] }>();
  for (const r of runs) {
    if (ctx.signal.aborted) throw ctx.signal.reason as Error;
    const attributes = targetAttributes(r.target);
    const session = await loadModelFile(join(r.dir, 'infer.onnx'), { intraOpNumThreads: 0, interOpNumThreads: 1 });
    for (const { set, condition } of evaluationSets(r, config)) {
      const data = await labelledSet(set);
      if (!data || data.rows < 2) {
        ctx.log.warn(`${set}: fewer than 2 labelled utterances with features, not scored`);
        continue;
      }
      const prediction = await predictWithInfer(session, data.x, data.rows, data.features);
      const bad = prediction.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        // The reader refuses non-finite features, so the model's values are the cause; scoring on would report NaN CCCs.
        const model = relative(ctx.runDir, join(r.dir, 'infer.onnx'));
        throw new Error(`${model} predicts ${prediction[bad]} for ${data.ids[Math.floor(bad / attributes.length)]} of ${set} from finite features: the model's weights are not finite (a damaged file, or training diverged)`);
      }
      attributes.forEach((attribute, k) => {
        const predicted = column(prediction, attributes.length, k);
        const truth = column(data.y, ATTRIBUTES.length, ATTRIBUTES.indexOf(attribute));
        results.push({
          model: r.model,
          attribute,
          condition,
          seed: r.seed,
          ccc: concordanceCorrelation(predicted, truth),
          bestEpoch: r.bestEpoch,
          epochs: r.epochs,
          set,
          trainedFor: r.condition,
          utterances: data.rows,
          speakers: new Set(data.speakers).size,
        });
        const key = `${r.model}|${attribute}|${condition}`;
        if (!predictions.has(key)) predictions.set(key, { set, values: [] });
        predictions.get(key)!.values.push(predicted);
      });
    }
    await session.release();
    progress.tick();
  }
  progress.done();
  const undefinedScores = results.filter((x) => Number.isNaN(x.ccc));
  if (undefinedScores.length) {
    const first = undefinedScores[0];
    ctx.log.warn(`${undefinedScores.length} CCCs are NaN, undefined because predictions and labels are both constant (first: ${first.model} ${first.attribute} seed ${first.seed} on ${first.set})`);
  }
  await writeFile(
    join(ctx.outDir, 'results.csv'),
    stringify(results, { header: true, columns: ['model', 'attribute', 'condition', 'trainedFor', 'seed', 'set', 'ccc', 'utterances', 'speakers', 'bestEpoch', 'epochs'] }),
  );

  // A condition-specific model has one run per condition and seed; its clean score per seed is the mean over them.
  const perSeed = new Map<string, ResultRow & { n: number }>();
  for (const row of results.filter((x) => x.condition !== 'dev')) {
    const key = `${row.model}|${row.attribute}|${row.condition}|${row.seed}`;
    const acc = perSeed.get(key);
    if (!acc) perSeed.set(key, { ...row, n: 1 });
    else {
      acc.ccc = (acc.ccc * acc.n + row.ccc) / (acc.n + 1);
      acc.n += 1;
      acc.bestEpoch = Math.max(acc.bestEpoch, row.bestEpoch);
    }
  }
  const intervals: IntervalRow[] = [];
  for (const [key, { set, values }] of predictions) {
    const [model, attribute, condition] = key.split('|') as [ModelName, Attribute, string];
    if (condition === 'dev') continue;
    const data = labelled.get(set)!;
    const truth = column(data.y, ATTRIBUTES.length, ATTRIBUTES.indexOf(attribute));
    const ci = bootstrapMeanCcc(values, truth, data.speakers, { draws: config.evaluate.bootstrapDraws, seed: config.evaluate.bootstrapSeed });
    intervals.push({ model, attribute, condition, ciLow: ci.low, ciHigh: ci.high });
  }
  const summary = summarize([...perSeed.values()], { alpha: config.evaluate.alpha, lateEpochFraction: config.train.convergenceWarnFraction, intervals });
  const sets = new Map(results.map((r) => [r.condition, { set: r.set, utterances: r.utterances, speakers: r.speakers }]));
  await writeFile(
    join(ctx.outDir, 'summary.csv'),
    stringify(
      summary.map((s) => ({ ...s, beatsDense: String(s.beatsDense), beatsLn: String(s.beatsLn), ...sets.get(s.condition) })),
      { header: true, columns: ['model', 'attribute', 'condition', 'set', 'utterances', 'speakers', 'nSeeds', 'mean', 'sd', 'ciLow', 'ciHigh', 'pVsDense', 'pVsLn', 'beatsDense', 'beatsLn', 'nUnconverged'] },
    ),
  );
  await writeFile(join(ctx.outDir, 'summary.json'), JSON.stringify(summary, null, 1) + '\n');
  const embedding = await embeddingAnalysis(ctx, runs, utterances);
  await writeFile(join(ctx.outDir, 'embedding.csv'), stringify(embedding, { header: true, columns: ['attribute', 'condition', 'cccEmotion', 'cccReconstruction', 'mseEmotion', 'mseReconstruction'] }));
  for (const s of summary.filter((x) => x.condition !== 'dev')) {
    ctx.log.info(`${s.model} ${s.attribute} ${s.condition}: CCC ${s.mean.toFixed(3)}${Number.isFinite(s.sd) ? ` ± ${s.sd.toFixed(3)}` : ''} (${s.nSeeds} seeds)${s.beatsDense ? ' †' : ''}${s.beatsLn ? ' *' : ''}`);
  }
}

/**
 * Section 5.2 (Figure 3), per attribute and condition, averaged over the DLN's seeds: CCC when the
 * output layer reads the reconstruction embedding instead of the emotion embedding, and the input
 * reconstruction cost when the decoder reads the emotion embedding instead of the reconstruction one.
 */
async function embeddingAnalysis(ctx: StageContext, runs: RunRow[], utterances: Awaited<ReturnType<typeof readRunUtterances>>): Promise<EmbeddingRow[]> {
  const dln = runs.filter((r) => r.model === 'dln');
  const rows = new Map<string, { sums: number[]; n: number }>();
  // Each seed of a condition reads the same normalised test set: load it once.
  const sets = new Map<string, LabelledMatrix>();
  for (const r of dln) {
    const set = `test-${r.condition}`;
    const path = join(ctx.inputDir('normalize'), `${set}.arrow`);
    if (!existsSync(path)) continue;
    const attributes = targetAttributes(r.target);
    if (!sets.has(set)) sets.set(set, withLabels(await readFeatureMatrix(path), utterances.get(set), ATTRIBUTES));
    const data = sets.get(set)!;
    if (data.rows < 2) continue;
    const model = modelFor(ctx.config, 'dln', attributes.length, data.features);
    const trainer = await Trainer.create(model, { seed: r.seed, threads: ctx.jobs, maxBatch: Math.max(ctx.config.train.batchSize, data.rows) });
    trainer.restore(await readWeights(join(r.dir, 'weights.bin')));
    // The network predicts standardised targets; back to the label scale, as infer.onnx does.
    const scale = JSON.parse(await readFile(join(r.dir, 'target_scale.json'), 'utf8')) as { mean: number[]; std: number[] };
    const toLabelScale = (y: Float32Array) => y.map((v, i) => v * scale.std[i % attributes.length] + scale.mean[i % attributes.length]);
    const normal = toLabelScale(await trainer.predict(data.x, data.rows, { head: 'emotion', decoderTop: 'reconstruction' }));
    const swapped = toLabelScale(await trainer.predict(data.x, data.rows, { head: 'reconstruction', decoderTop: 'reconstruction' }));
    const inputCost = async (decoderTop: 'emotion' | 'reconstruction') => {
      // `x` is the decoder's last layer: the reconstruction of the input features.
      return (await trainer.reconstructionCosts(data.x, data.rows, { head: 'emotion', decoderTop })).x;
    };
    const mseReconstruction = await inputCost('reconstruction');
    const mseEmotion = await inputCost('emotion');
    attributes.forEach((attribute, k) => {
      const truth = column(data.y, ATTRIBUTES.length, ATTRIBUTES.indexOf(attribute));
      const values = [concordanceCorrelation(column(normal, attributes.length, k), truth), concordanceCorrelation(column(swapped, attributes.length, k), truth), mseEmotion, mseReconstruction];
      const key = `${attribute}|${r.condition}`;
      const acc = rows.get(key) ?? { sums: [0, 0, 0, 0], n: 0 };
      values.forEach((v, i) => (acc.sums[i] += v));
      acc.n++;
      rows.set(key, acc);
    });
  }
  return [...rows].map(([key, { sums, n }]) => {
    const [attribute, condition] = key.split('|') as [Attribute, string];
    const [cccEmotion, cccReconstruction, mseEmotion, mseReconstruction] = sums.map((s) => s / n);
    return { attribute, condition, cccEmotion, cccReconstruction, mseEmotion, mseReconstruction };
  });
}

export const evaluateStage: Stage = {
  name: 'evaluate',
  description: "Scores every trained model's infer.onnx on dev, test-clean and each noisy test set (CCC), with seed statistics, Welch's t-tests, speaker-bootstrap intervals and the embedding analysis of Figure 3",
  inputs: 'train/runs.csv and each run’s infer.onnx and weights.bin, features/<set>.arrow, normalize/<set>.arrow, the labels',
  outputs: 'evaluate/results.csv (one CCC per model, attribute, condition, seed), evaluate/summary.csv (+ .json), evaluate/embedding.csv',
  dependsOn: ['ingest', 'features', 'normalize', 'train'],
  configSections: ['evaluate'],
  version: 2,
  run,
};
