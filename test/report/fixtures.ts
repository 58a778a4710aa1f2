/** Small synthetic run tables for the report tests, shaped like the paper's experiment. */
import { createRng } from '../../dsp/random.js';
import type { ReportInput } from '../../report/renderReport.js';
import { summarize } from '../../stats/summarize.js';
import { ATTRIBUTES } from '../../data/attributes.js';
import { MODEL_NAMES } from '../../models/names.js';
import { type Attribute, type ConditionRow, type EmbeddingRow, type HistoryRow, type ModelName, type ResultRow, type RunHeader } from '../../report/types.js';

/** The paper's Table 1. */
export const PAPER_CONDITIONS: ConditionRow[] = [
  { name: '10dB', speechDistanceIn: 5, noiseDistanceIn: 35, estimatedSnrDb: 11.06 },
  { name: '5dB', speechDistanceIn: 10, noiseDistanceIn: 30, estimatedSnrDb: 4.34 },
  { name: '0dB', speechDistanceIn: 15, noiseDistanceIn: 25, estimatedSnrDb: 0.15 },
];

const CONDITIONS = ['clean', '10dB', '5dB', '0dB'];

/** The paper's Table 2 means (Dense+AdaBN, absent from the paper, set just above Dense; the adapted ladders left out). */
const PAPER_MEANS: Partial<Record<ModelName, Record<Attribute, number[]>>> = {
  dense: { arousal: [0.631, 0.248, 0.229, 0.192], valence: [0.296, 0.151, 0.12, 0.104], dominance: [0.562, 0.253, 0.252, 0.215] },
  'dense_adabn': { arousal: [0.63, 0.3, 0.28, 0.24], valence: [0.295, 0.152, 0.121, 0.105], dominance: [0.56, 0.3, 0.29, 0.25] },
  ln: { arousal: [0.627, 0.438, 0.424, 0.364], valence: [0.28, 0.146, 0.129, 0.111], dominance: [0.545, 0.381, 0.385, 0.339] },
  dln: { arousal: [0.625, 0.488, 0.46, 0.402], valence: [0.283, 0.16, 0.126, 0.114], dominance: [0.556, 0.45, 0.436, 0.397] },
  'dln_he': { arousal: [0.611, 0.432, 0.428, 0.372], valence: [0.273, 0.146, 0.124, 0.094], dominance: [0.541, 0.401, 0.407, 0.354] },
};

/** Results of `seeds` runs per cell around the paper's means; DLN+he arousal 0dB seed 0 stops improving at its last epoch. */
export function syntheticResults(seeds = 5, epochs = 20): ResultRow[] {
  const rng = createRng(42);
  const rows: ResultRow[] = [];
  for (const model of MODEL_NAMES) {
    const means = PAPER_MEANS[model];
    if (!means) continue;
    for (const attribute of ATTRIBUTES) {
      CONDITIONS.forEach((condition, c) => {
        for (let seed = 0; seed < seeds; seed++) {
          const lastEpoch = model === 'dln_he' && attribute === 'arousal' && condition === '0dB' && seed === 0;
          rows.push({
            model,
            attribute,
            condition,
            seed,
            ccc: means[attribute][c] + 0.01 * rng.normal(),
            bestEpoch: lastEpoch ? epochs : 1 + rng.int(Math.floor(epochs * 0.8)),
            epochs,
          });
        }
      });
    }
  }
  return rows;
}

export function syntheticHistory(seeds = 2, epochs = 10): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (const model of ['dense', 'ln', 'dln'] as const) {
    for (const attribute of ATTRIBUTES) {
      for (const condition of model === 'dense' ? ['clean'] : ['10dB', '0dB']) {
        for (let seed = 0; seed < seeds; seed++) {
          for (let epoch = 1; epoch <= epochs; epoch++) {
            const progress = 1 - Math.exp(-epoch / 3);
            rows.push({
              model,
              attribute,
              condition,
              seed,
              epoch,
              trainLoss: 1.2 - 0.6 * progress + 0.01 * seed,
              reconLoss: model === 'dense' ? NaN : 0.8 - 0.4 * progress,
              devCcc: 0.55 * progress - 0.01 * seed,
            });
          }
        }
      }
    }
  }
  return rows;
}

export function syntheticEmbedding(): EmbeddingRow[] {
  return ATTRIBUTES.flatMap((attribute, a) =>
    CONDITIONS.map((condition, c) => ({
      attribute,
      condition,
      cccEmotion: PAPER_MEANS.dln![attribute][c],
      cccReconstruction: (a - 1) * 0.01 - 0.005 * c,
      mseEmotion: 0.9 - 0.1 * a + 0.02 * c,
      mseReconstruction: 0.3 + 0.01 * c,
      mseZ1Emotion: 0.5 + 0.01 * c,
      mseZ1Reconstruction: 0.4 + 0.01 * c,
      mseZ2rEmotion: 0.7,
      mseZ2rReconstruction: 0.2,
      mseNoLateralEmotion: a === 0 ? NaN : 1.2 + 0.1 * c,
      mseNoLateralReconstruction: a === 0 ? NaN : 0.8 + 0.1 * c,
      mseNoLateralsEmotion: a === 0 ? NaN : 1.5,
      mseNoLateralsReconstruction: a === 0 ? NaN : 1.1,
    })),
  );
}

export const SAMPLE_HEADER: RunHeader = {
  title: 'Test run <default>',
  config: { run: 'runs/test', train: { epochs: 20, seeds: 5, note: 'a `tick` and </pre>' } },
  setSizes: [
    { set: 'train', utterances: 1200, speakers: 40 },
    { set: 'test-clean', utterances: 300, speakers: 10 },
    { set: 'test-10dB', utterances: 300, speakers: 10 },
  ],
  stageTimings: [
    { stage: 'ingest', seconds: 2.5, status: 'done' },
    { stage: 'features', seconds: 81.25, status: 'done' },
  ],
  softwareVersions: { node: '20.19.0', 'onnxruntime-node': '1.30.0' },
  generatedAt: '2026-01-01T00:00:00Z',
};

/** A whole report's input: the paper-shaped results summarised, history, embedding analysis and header. */
export function sampleReportInput(): ReportInput {
  return {
    header: SAMPLE_HEADER,
    conditions: PAPER_CONDITIONS,
    summary: summarize(syntheticResults(5), { intervals: [{ model: 'dln', attribute: 'arousal', condition: '10dB', ciLow: 0.45, ciHigh: 0.52 }] }),
    history: syntheticHistory(),
    embedding: syntheticEmbedding(),
  };
}
