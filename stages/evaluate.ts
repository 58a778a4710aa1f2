import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { ATTRIBUTES, type Attribute } from '../data/attributes.js';
import { readFeatureMatrix } from '../data/featureStore.js';
import { column, readRunUtterances, withLabels, type LabelledMatrix } from '../data/labelledSets.js';
import { predictionColumnName, writePredictions, type SetPredictions } from '../data/predictionStore.js';
import { runInfer } from '../models/export/runInfer.js';
import { loadModelFile } from '../models/onnx/runtime.js';
import { ModelInference, type ModelArrays } from '../models/export/inference.js';
import { ADAPTED_FROM, isConditionFree, type TrainedModelName } from '../models/names.js';
import { withoutLateral } from '../models/nn/amlp.js';
import { NoiseBank } from '../models/training/noiseBank.js';
import { comparisonsOf, summarize, SUMMARY_STATISTIC_COLUMNS } from '../stats/summarize.js';
import type { EmbeddingRow, IntervalRow, ModelName, PairedTestRow, ResultRow } from '../report/types.js';
import { bootstrapMeanCcc, pairedBootstrapMeanCccDifference } from '../stats/bootstrap.js';
import { concordanceCorrelation } from '../stats/ccc.js';
import type { Config } from './configSchema.js';
import { readRuns, readTargetScale, readWeights, RUN_FILES, RUNS_CSV, targetAttributes, type RunResult } from './runGrid.js';
import { modelFor } from './trainRun.js';
import { PREDICTIONS_DIR, utteranceLists } from './layout.js';
import type { evaluateDeclaration } from './declarations.js';
import type { ContextOf } from './types.js';

type Ctx = ContextOf<typeof evaluateDeclaration>;

/** The test sets a run is scored on: condition-specific models on their own condition, a condition-free one (Dense, Dense+MCT) on all. */
function evaluationSets(run: RunResult, config: Pick<Config, 'conditions'>): { set: string; condition: string }[] {
  const noisy = !(run.model in ADAPTED_FROM) && isConditionFree(run.model as TrainedModelName) ? config.conditions.map((c) => c.name) : [run.condition];
  return [{ set: 'dev', condition: 'dev' }, { set: 'test-clean', condition: 'clean' }, ...noisy.map((c) => ({ set: `test-${c}`, condition: c }))];
}

export async function run(ctx: Ctx): Promise<void> {
  const { config } = ctx;
  const runs = await readRuns(join(ctx.inputDir('train'), RUNS_CSV), ctx.runDir);
  const utterances = await readRunUtterances(utteranceLists(ctx.inputDir));
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
  // Every prediction by set, kept in evaluate/predictions/ (the cross-validation summary pools them).
  const bySet = new Map<string, SetPredictions>();
  for (const r of runs) {
    if (ctx.signal.aborted) throw ctx.signal.reason as Error;
    const attributes = targetAttributes(r.target);
    const session = await loadModelFile(join(r.dir, RUN_FILES.infer), { intraOpNumThreads: 0, interOpNumThreads: 1 });
    for (const { set, condition } of evaluationSets(r, config)) {
      const data = await labelledSet(set);
      if (!data || data.rows < 2) {
        ctx.log.warn(`${set}: fewer than 2 labelled utterances with features, not scored`);
        continue;
      }
      const prediction = await runInfer(session, data.x, data.rows);
      const bad = prediction.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        // The reader refuses non-finite features, so the model's values are the cause; scoring on would report NaN CCCs.
        const model = relative(ctx.runDir, join(r.dir, RUN_FILES.infer));
        throw new Error(
          `${model} predicts ${prediction[bad]} for ${data.ids[Math.floor(bad / attributes.length)]} of ${set} from finite features: the model's weights are not finite (a damaged file, or training diverged)`,
        );
      }
      if (!bySet.has(set)) bySet.set(set, { ids: data.ids, columns: new Map() });
      attributes.forEach((attribute, k) => {
        const predicted = column(prediction, attributes.length, k);
        bySet.get(set)!.columns.set(predictionColumnName({ model: r.model, target: r.target, trainedFor: r.condition, seed: r.seed, attribute }), predicted);
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
    ctx.log.warn(
      `${undefinedScores.length} CCCs are NaN, undefined because predictions and labels are both constant (first: ${first.model} ${first.attribute} seed ${first.seed} on ${first.set})`,
    );
  }
  await mkdir(join(ctx.outDir, PREDICTIONS_DIR), { recursive: true });
  for (const [set, p] of bySet) await writePredictions(join(ctx.outDir, PREDICTIONS_DIR, `${set}.arrow`), p);
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
  const pairedTests: PairedTestRow[] = [];
  const bootstrap = { draws: config.evaluate.bootstrapDraws, seed: config.evaluate.bootstrapSeed };
  for (const [key, { set, values }] of predictions) {
    const [model, attribute, condition] = key.split('|') as [ModelName, Attribute, string];
    if (condition === 'dev') continue;
    const data = labelled.get(set)!;
    const truth = column(data.y, ATTRIBUTES.length, ATTRIBUTES.indexOf(attribute));
    const ci = bootstrapMeanCcc(values, truth, data.speakers, bootstrap);
    intervals.push({ model, attribute, condition, ciLow: ci.low, ciHigh: ci.high });
    // Table 2's comparisons, on the same test set.
    for (const { versus, reference: other } of comparisonsOf(model)) {
      const reference = predictions.get(`${other}|${attribute}|${condition}`);
      if (!reference || reference.set !== set) continue;
      const test = pairedBootstrapMeanCccDifference(values, reference.values, truth, data.speakers, bootstrap);
      pairedTests.push({ model, versus, attribute, condition, p: test.p });
    }
  }
  const summary = summarize([...perSeed.values()], { alpha: config.evaluate.alpha, lateEpochFraction: config.train.convergenceWarnFraction, intervals, pairedTests });
  const sets = new Map(results.map((r) => [r.condition, { set: r.set, utterances: r.utterances, speakers: r.speakers }]));
  await writeFile(
    join(ctx.outDir, 'summary.csv'),
    stringify(
      summary.map((s) => ({
        ...s,
        beatsDense: String(s.beatsDense),
        beatsLn: String(s.beatsLn),
        beatsDenseBySpeakers: String(s.beatsDenseBySpeakers),
        beatsLnBySpeakers: String(s.beatsLnBySpeakers),
        beatsBase: String(s.beatsBase),
        beatsBaseBySpeakers: String(s.beatsBaseBySpeakers),
        ...sets.get(s.condition),
      })),
      {
        header: true,
        columns: [
          'model',
          'attribute',
          'condition',
          'set',
          'utterances',
          'speakers',
          ...SUMMARY_STATISTIC_COLUMNS,
          'beatsDense',
          'beatsDenseBySpeakers',
          'beatsLn',
          'beatsLnBySpeakers',
          'beatsBase',
          'beatsBaseBySpeakers',
          'nUnconverged',
        ],
      },
    ),
  );
  await writeFile(join(ctx.outDir, 'summary.json'), JSON.stringify(summary, null, 1) + '\n');
  const embedding = await embeddingAnalysis(ctx, runs, utterances);
  await writeFile(join(ctx.outDir, 'embedding.csv'), stringify(embedding, { header: true, columns: ['attribute', 'condition', ...EMBEDDING_COLUMNS] }));
  for (const s of summary.filter((x) => x.condition !== 'dev')) {
    ctx.log.info(
      `${s.model} ${s.attribute} ${s.condition}: CCC ${s.mean.toFixed(3)}${Number.isFinite(s.sd) ? ` ± ${s.sd.toFixed(3)}` : ''} (${s.nSeeds} seeds)${s.beatsDense ? ' †' : ''}${s.beatsLn ? ' *' : ''}${s.beatsDenseBySpeakers ? ' ‡' : ''}${s.beatsLnBySpeakers ? ' §' : ''}${s.beatsBase ? ' °' : ''}${s.beatsBaseBySpeakers ? ' ¶' : ''}`,
    );
  }
}

const EMBEDDING_COLUMNS = [
  'cccEmotion',
  'cccReconstruction',
  'mseEmotion',
  'mseReconstruction',
  'mseZ1Emotion',
  'mseZ1Reconstruction',
  'mseZ2rEmotion',
  'mseZ2rReconstruction',
  'mseNoLateralEmotion',
  'mseNoLateralReconstruction',
  'mseNoLateralsEmotion',
  'mseNoLateralsReconstruction',
] as const satisfies readonly (keyof EmbeddingRow)[];

/**
 * Section 5.2 (Figure 3), per attribute and condition, averaged over the DLN's seeds: CCC when the
 * output layer reads the reconstruction embedding instead of the emotion embedding; the reconstruction
 * cost of every decoder layer (input x, hidden 1, the reconstruction half of hidden 2) when the decoder
 * reads the emotion embedding instead of the reconstruction one; and, where configured, the input's cost
 * with the input layer's lateral connection cut, then with every layer's, so that the decoder's top-down
 * path alone reconstructs it.
 */
async function embeddingAnalysis(ctx: Ctx, runs: RunResult[], utterances: Awaited<ReturnType<typeof readRunUtterances>>): Promise<EmbeddingRow[]> {
  const dln = runs.filter((r) => r.model === 'dln');
  const rows = new Map<string, { sums: number[]; n: number }>();
  // Each seed of a condition reads the same normalised test set: load it once. Runs share their
  // graphs' sessions (the weights are fed), and a seed's noise bank serves every condition of that seed.
  const sets = new Map<string, LabelledMatrix>();
  const inferences = new Map<string, ModelInference>();
  const banks = new Map<string, NoiseBank>();
  for (const r of dln) {
    const set = `test-${r.condition}`;
    const path = join(ctx.inputDir('normalize'), `${set}.arrow`);
    if (!existsSync(path)) continue;
    const attributes = targetAttributes(r.target);
    if (!sets.has(set)) sets.set(set, withLabels(await readFeatureMatrix(path), utterances.get(set), ATTRIBUTES));
    const data = sets.get(set)!;
    if (data.rows < 2) continue;
    const model = modelFor(ctx.config, 'dln', attributes.length, data.features);
    const weights = await readWeights(join(r.dir, RUN_FILES.weights));
    const specKey = JSON.stringify(model.spec);
    if (!inferences.has(specKey)) inferences.set(specKey, new ModelInference(model, { threads: ctx.jobs }));
    const inference = inferences.get(specKey)!;
    // The noise of the training-mode passes is the run's own (its seed's bank), as training drew it.
    const maxBatch = Math.max(ctx.config.train.batchSize, data.rows);
    const bankKey = `${specKey}|${r.seed}|${maxBatch}`;
    if (!banks.has(bankKey)) banks.set(bankKey, new NoiseBank(model, r.seed, { maxBatch }));
    const noise = banks.get(bankKey)!;
    // The network predicts standardised targets; back to the label scale, as infer.onnx does.
    const scale = await readTargetScale(r.dir);
    const toLabelScale = (y: Float32Array) => y.map((v, i) => v * scale.std[i % attributes.length] + scale.mean[i % attributes.length]);
    const normal = toLabelScale(await inference.predict(weights, data.x, data.rows, { head: 'emotion', decoderTop: 'reconstruction' }));
    const swapped = toLabelScale(await inference.predict(weights, data.x, data.rows, { head: 'reconstruction', decoderTop: 'reconstruction' }));
    const costs = (values: ModelArrays, decoderTop: 'emotion' | 'reconstruction') =>
      inference.reconstructionCosts(values, data.x, data.rows, noise, { head: 'emotion', decoderTop });
    const byReconstruction = await costs(weights, 'reconstruction');
    const byEmotion = await costs(weights, 'emotion');
    let noLateral = [NaN, NaN, NaN, NaN];
    if (ctx.config.evaluate.inputLateralAblation) {
      // The input's lateral connection cut, then every layer's (the top-down signal reaching the input passes through each combinator).
      const cutLayers = (layers: readonly string[]) => ({
        ...weights,
        params: { ...weights.params, ...Object.fromEntries(layers.map((l) => [`g.${l}`, withoutLateral(weights.params[`g.${l}`], model.spec.cells)])) },
      });
      const input = cutLayers(['x']);
      const all = cutLayers(Object.keys(byReconstruction));
      noLateral = [(await costs(input, 'emotion')).x, (await costs(input, 'reconstruction')).x, (await costs(all, 'emotion')).x, (await costs(all, 'reconstruction')).x];
    }
    attributes.forEach((attribute, k) => {
      const truth = column(data.y, ATTRIBUTES.length, ATTRIBUTES.indexOf(attribute));
      // In EMBEDDING_COLUMNS' order; `x` is the decoder's last layer: the reconstruction of the input features.
      const values = [
        concordanceCorrelation(column(normal, attributes.length, k), truth),
        concordanceCorrelation(column(swapped, attributes.length, k), truth),
        byEmotion.x,
        byReconstruction.x,
        byEmotion.z1,
        byReconstruction.z1,
        byEmotion.z2r,
        byReconstruction.z2r,
        ...noLateral,
      ];
      const key = `${attribute}|${r.condition}`;
      const acc = rows.get(key) ?? { sums: values.map(() => 0), n: 0 };
      values.forEach((v, i) => (acc.sums[i] += v));
      acc.n++;
      rows.set(key, acc);
    });
  }
  for (const inference of inferences.values()) await inference.release();
  return [...rows].map(([key, { sums, n }]) => {
    const [attribute, condition] = key.split('|') as [Attribute, string];
    return { attribute, condition, ...(Object.fromEntries(EMBEDDING_COLUMNS.map((c, i) => [c, sums[i] / n])) as Record<(typeof EMBEDDING_COLUMNS)[number], number>) };
  });
}
