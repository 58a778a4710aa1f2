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
