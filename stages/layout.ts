/**
 * The run directory's layout: each stage's folder and the files stages hand each other. A stage reaches
 * an upstream folder through ctx.inputDir; what runs without a stage context (a training worker, a
 * cluster task, `pipeline predict`) and the runner itself go through stageDir.
 */
import { join } from 'node:path';
import type { StageName } from './types.js';

/** A stage's (published) output folder. */
export const stageDir = (runDir: string, stage: StageName) => join(runDir, stage);

/** The stages that list audio, each in its utterances.csv: the corpus, the simulated recordings, the recordings' assigned conditions. */
export const AUDIO_STAGES = ['ingest', 'simulate', 'calibrate'] as const satisfies readonly StageName[];

export const UTTERANCES_CSV = 'utterances.csv';

/** Every utterances.csv of the audio stages, as `dirOf` (ctx.inputDir, or stageDir of a run directory) places them. */
export const utteranceLists = (dirOf: (stage: StageName) => string) => AUDIO_STAGES.map((s) => join(dirOf(s), UTTERANCES_CSV));

/** The files of a run's folder. */
export const RUN_FILES = {
  /** The model alone: raw features in, prediction on the label scale out (see models/export/predict.ts). */
  infer: 'infer.onnx',
  /** The best epoch's weights, for evaluation's embedding analysis and AdaBN (Dense and DLN with their MCT runs, or all with train.keepCheckpoints). */
  weights: 'weights.bin',
  history: 'history.csv',
  /** The run's RunResult; its presence says the run is finished. */
  result: 'run.json',
  /** The train labels' mean and std per output: the network predicts standardised targets. */
  targetScale: 'target_scale.json',
  /** Where an interrupted run resumes, and the one before it (see trainResumePoint.ts). */
  checkpoint: 'checkpoint.bin',
  previousCheckpoint: 'checkpoint.prev.bin',
} as const;

/** train/runs.csv inside the train stage's output folder: every finished run of the grid. */
export const RUNS_CSV = 'runs.csv';

/** Inside the evaluate stage's output folder: its predictions of every scored set, `<set>.arrow` (see data/predictionStore.ts). */
export const PREDICTIONS_DIR = 'predictions';
