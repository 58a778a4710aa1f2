/**
 * Every stage's declaration: what it reads and writes, its upstream stages, config sections and version,
 * one place per stage. `pipeline status` and `pipeline stages` need only these, so a stage's code
 * (stages/<name>.ts, its `run`) is imported when the stage runs, not before, and the fingerprints of
 * what it reads outside the run directory when they are asked for.
 */
import { AUDIO_STAGES, PREDICTIONS_DIR, RUN_FILES, RUNS_CSV } from './layout.js';
import { declareStage, implementedBy } from './types.js';

export const ingestDeclaration = declareStage({
  name: 'ingest',
  description: 'Lists the corpus (demo, folder + labels CSV, or MSP-Podcast), splits it by speaker, decodes every file to 16 kHz mono (cached) and rejects bad files with a reason',
  // The corpus's audio and labels, outside the run directory (see corpusFingerprint).
  inputs: [],
  outputs: ['ingest/utterances.csv', 'ingest/rejected.csv', 'ingest/calibration.csv', 'ingest/noise_pool.csv', 'ingest/summary.json'],
  dependsOn: [],
  configSections: ['corpus', 'ingest'],
  // 2: non-finite audio rejected, symlinks followed; the audio cache's entries carry their length and checksum (new paths in utterances.csv).
  version: 2,
  externalFingerprint: async (config) => (await import('./externalFingerprints.js')).corpusFingerprint(config),
});

export const simulateDeclaration = declareStage({
  name: 'simulate',
  description:
    "Records the clean test set and the unlabelled pool in a simulated sound booth per condition (the paper's §4.1): room impulse responses, a continuous radio-noise stream, the phone's microphone; for multi-condition training also the train and dev sets, with noise kept apart from the test side's",
  // Also the noise pool's audio (simulate.noiseFolder, or the files noise_pool.csv lists; simulate.trainingNoiseFolder) and the decoded corpus audio in cache/.
  inputs: ['ingest/utterances.csv', 'ingest/noise_pool.csv'],
  outputs: ['simulate/audio/*/*.wav', 'simulate/utterances.csv', 'simulate/calibration/*/*.wav', 'simulate/calibration.csv', 'simulate/conditions.json'],
  dependsOn: ['ingest'],
  configSections: ['conditions', 'simulate', 'corpus'],
  version: 1,
  externalFingerprint: async (config) => (await import('./externalFingerprints.js')).noiseFoldersFingerprint(config),
});

export const calibrateDeclaration = declareStage({
  name: 'calibrate',
  description:
    "Measures each condition's SNR from its speech-only and noise-only recordings (ITU-T P.56 active level minus noise level; the paper's Table 1), a blind SNR for every noisy recording, and assigns recordings of unknown condition",
  // Also the recordings' audio the lists name (simulate/calibration/, simulate/audio/, the decoded corpus in cache/).
  inputs: ['ingest/utterances.csv', 'ingest/calibration.csv', 'simulate/utterances.csv', 'simulate/calibration.csv', 'simulate/calibration/*/*.wav', 'simulate/audio/*/*.wav'],
  outputs: ['calibrate/conditions.csv', 'calibrate/files.csv', 'calibrate/utterances.csv'],
  dependsOn: ['ingest', 'simulate'],
  configSections: ['conditions', 'calibrate'],
  version: 2,
});

export const featuresDeclaration = declareStage({
  name: 'features',
  description: 'Extracts the 6,373 ComParE_2016 functionals of every set, in parallel across cores',
  // Also the audio the lists name (simulate/audio/, the decoded corpus in cache/).
  inputs: ['ingest/utterances.csv', 'simulate/utterances.csv', 'calibrate/utterances.csv', 'simulate/audio/*/*.wav'],
  outputs: ['features/*.arrow', 'features/rejected.csv'],
  dependsOn: [...AUDIO_STAGES],
  configSections: ['features'],
  version: 2,
});

export const normalizeDeclaration = declareStage({
  name: 'normalize',
  description: "z-normalises every set with the train set's mean and std over its 0.5-99.5 percentile range, clipped to ±10 (paper §4.2)",
  inputs: ['features/*.arrow'],
  outputs: ['normalize/stats.json', 'normalize/*.arrow'],
  dependsOn: ['features'],
  configSections: ['normalize'],
  version: 1,
});

export const trainDeclaration = declareStage({
  name: 'train',
  description:
    'Trains Dense, LN, DLN and DLN+he, and the multi-condition baselines Dense+MCT and DLN+MCT, for every attribute, condition and seed through exported ONNX training graphs (onnxruntime-node), and adapts Dense, LN and DLN by AdaBN where asked',
  inputs: ['normalize/*.arrow', 'normalize/stats.json', 'ingest/utterances.csv', 'simulate/utterances.csv', 'calibrate/utterances.csv'],
  // weights.bin for Dense, DLN (and their MCT runs) and each model adapted by AdaBN, or every run with train.keepCheckpoints, which also keeps each run's latest checkpoint.bin.
  outputs: [
    'train/*/train_step.onnx',
    ...[RUN_FILES.infer, RUN_FILES.weights, RUN_FILES.history, RUN_FILES.result, RUN_FILES.targetScale, RUN_FILES.checkpoint].map((f) => `train/runs/*/*/*/*/${f}`),
    `train/${RUNS_CSV}`,
  ],
  dependsOn: ['ingest', 'simulate', 'calibrate', 'normalize'],
  configSections: ['train', 'conditions'],
  // 4: one random generator (dsp/random.ts) draws the initial weights, noise and batch order.
  // 5: the input layer's reconstruction cost is summed in blocks of columns (models/nn/blockedCost.ts):
  // the same weights, its logged value differs in the last float32 digits.
  // 6: the train step in fewer passes, the same mathematics in another float32 rounding (weights differ in
  // their last digits): Adam's step size folded into its denominator, the decoder's batch norm folded into
  // its combinator's weights (models/nn/amlp.ts), a weight's two gradient products summed inside one Gemm,
  // batch sums as products with a row of ones (columnSums in models/onnx/ops.ts).
  // 7: the input layer's weight gradient as the transpose of a product on the small operand
  // (transposedTimes in models/onnx/ops.ts), Adam's (1-b1) folded into the Gemm that made a weight's
  // gradient (scaledInto) and its g^2 term from that: weights differ in their last float32 digits.
  // 8: Dense+MCT and DLN+MCT runs keep weights.bin too (the same weights; version 7's runs lack the file).
  // 9: Adam's second moment held divided by (1-b2)/(1-b1)^2 (models/training/adam.ts), one full-size pass
  // fewer per parameter: the same mathematics in another float32 rounding (weights differ in their last
  // digits), and a checkpoint's v means v / k.
  version: 9,
  resumable: true,
});

export const evaluateDeclaration = declareStage({
  name: 'evaluate',
  description:
    "Scores every trained model's infer.onnx on dev, test-clean and each noisy test set (CCC), with seed statistics, Welch's t-tests and paired speaker-bootstrap tests of Table 2's comparisons, speaker-bootstrap intervals and the embedding analysis of Figure 3",
  inputs: [
    `train/${RUNS_CSV}`,
    `train/runs/*/*/*/*/${RUN_FILES.infer}`,
    `train/runs/*/*/*/*/${RUN_FILES.weights}`,
    `train/runs/*/*/*/*/${RUN_FILES.targetScale}`,
    'features/*.arrow',
    'normalize/*.arrow',
    'ingest/utterances.csv',
    'simulate/utterances.csv',
    'calibrate/utterances.csv',
  ],
  outputs: ['evaluate/results.csv', 'evaluate/summary.csv', 'evaluate/summary.json', 'evaluate/embedding.csv', `evaluate/${PREDICTIONS_DIR}/*.arrow`],
  dependsOn: ['ingest', 'simulate', 'calibrate', 'features', 'normalize', 'train'],
  configSections: ['evaluate', 'train', 'conditions'],
  // 3: summary.csv/json carry the paired speaker-bootstrap p of each Table 2 comparison and its marks.
  // 4: embedding.csv has every decoder layer's cost under both routings, and the input's with its lateral connection cut.
  // 5: summary.csv/json carry each multi-condition model's comparison with its base (pVsBase, beatsBase, …).
  // 6: every prediction is kept, in predictions/<set>.arrow.
  version: 6,
});

export const reportDeclaration = declareStage({
  name: 'report',
  description:
    "Writes the run's report: Table 1 (conditions, calibrated SNR), Table 2 (CCC with † and * marks by Welch's t-test, ‡ and § by the paired speaker bootstrap), Figure 3, training curves and CCC against SNR as SVG, with the config, corpus sizes, timings and versions",
  inputs: [
    'calibrate/conditions.csv',
    'simulate/conditions.json',
    'evaluate/summary.json',
    'evaluate/embedding.csv',
    `train/${RUNS_CSV}`,
    `train/runs/*/*/*/*/${RUN_FILES.history}`,
    'ingest/utterances.csv',
    'simulate/utterances.csv',
    'calibrate/utterances.csv',
  ],
  outputs: ['report/report.md', 'report/report.html', 'report/figures/*.svg'],
  dependsOn: ['ingest', 'simulate', 'calibrate', 'train', 'evaluate'],
  configSections: ['corpus', 'conditions', 'ingest', 'simulate', 'calibrate', 'features', 'normalize', 'train', 'evaluate'],
  // 2: Table 2 marks speaker-bootstrap significance (‡ §) beside Welch's († *); the detail table lists both p.
  version: 2,
});

export const ingestStage = implementedBy(ingestDeclaration, () => import('./ingest.js'));
export const simulateStage = implementedBy(simulateDeclaration, () => import('./simulate.js'));
export const calibrateStage = implementedBy(calibrateDeclaration, () => import('./calibrate.js'));
export const featuresStage = implementedBy(featuresDeclaration, () => import('./features.js'));
export const normalizeStage = implementedBy(normalizeDeclaration, () => import('./normalize.js'));
export const trainStage = implementedBy(trainDeclaration, () => import('./train.js'));
export const evaluateStage = implementedBy(evaluateDeclaration, () => import('./evaluate.js'));
export const reportStage = implementedBy(reportDeclaration, () => import('./report.js'));
