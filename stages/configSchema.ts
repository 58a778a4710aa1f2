import * as z from 'zod';
import { ATTRIBUTES } from '../data/attributes.js';
import { isMultiCondition, MODEL_NAMES } from '../models/names.js';

// A process parses its config once or twice (each section's default here, then the file), so zod's
// JIT, which generates a function for each object schema on its first parse, costs more than it
// saves: a third of loading this module, in every command's start-up. Parsing gives the same result.
z.config({ jitless: true });

/**
 * The one typed configuration of a run. Every section has defaults, so `{}` is a valid config
 * (the built-in demo corpus). Unknown fields are errors: a typo must not silently fall back to a
 * default. Each stage hashes only the sections it reads, so editing one section re-runs only the
 * stages that depend on it.
 */

const splitFractions = z
  .strictObject({
    train: z.number().min(0).max(1).default(0.7),
    dev: z.number().min(0).max(1).default(0.15),
    test: z.number().min(0).max(1).default(0.15),
  })
  .refine((f) => Math.abs(f.train + f.dev + f.test - 1) < 1e-6, { message: 'train + dev + test must sum to 1' });

/** The corpus's rating scale; labels outside it are rejected as typos. */
const labelScale = z
  .strictObject({
    min: z.number().default(1),
    max: z.number().default(7),
  })
  .refine((s) => s.min < s.max, { message: 'min must be below max' });

const demoCorpus = z.strictObject({
  seed: z.number().int().default(1),
  labelledSpeakers: z.number().int().min(3).default(16),
  utterancesPerLabelledSpeaker: z.number().int().min(1).default(38),
  unlabelledSpeakers: z.number().int().min(1).default(12),
  utterancesPerUnlabelledSpeaker: z.number().int().min(1).default(50),
  minDurationS: z.number().positive().default(1.5),
  maxDurationS: z.number().positive().default(4),
  noiseClips: z.number().int().min(1).default(10),
  noiseClipDurationS: z.number().positive().default(32),
});

/** Real noisy recordings of one condition, when the user has them (as in the paper's booth). */
const realCondition = z.strictObject({
  test: z.string().optional().describe('folder of noisy test recordings named like the clean test files'),
  unlabelled: z.string().optional().describe('folder of unlabelled noisy recordings'),
  speechCalibration: z.string().optional().describe('speech-only calibration recording'),
  noiseCalibration: z.string().optional().describe('noise-only calibration recording'),
});

const corpus = z
  .strictObject({
    kind: z.enum(['demo', 'folder', 'msp-podcast']).default('demo'),
    audio: z.string().optional().describe('folder tree of audio files (kind "folder")'),
    labels: z.string().optional().describe('labels CSV with FileName and any of EmoAct, EmoVal, EmoDom, SpkrID, Split_Set (kind "folder")'),
    root: z.string().optional().describe('MSP-Podcast root with Audios/ and Labels/labels_consensus.csv (kind "msp-podcast")'),
    testSplits: z.array(z.string()).default(['Test1']).describe('Split_Set values that form test-clean'),
    splitSeed: z.number().int().default(7),
    splitFractions: splitFractions.default({ train: 0.7, dev: 0.15, test: 0.15 }),
    labelScale: labelScale.default({ min: 1, max: 7 }).describe("range of every label (EmoAct, EmoVal, EmoDom); MSP-Podcast's and the demo corpus's is 1 to 7"),
    demo: demoCorpus.default(demoCorpus.parse({})),
    noisy: z.record(z.string(), realCondition).default({}).describe('real noisy recordings per condition name'),
    unknownConditionFolder: z.string().optional().describe('folder of unlabelled noisy recordings of unknown condition, assigned by blind SNR'),
    folds: z
      .number()
      .int()
      .min(2)
      .optional()
      .describe(
        'speaker k-fold cross-validation: the labelled speakers (SpkrID) in this many folds, each the test set of one run directory runs/<name>/folds/<k>; Split_Set is ignored',
      ),
    testFold: z.number().int().min(1).optional().describe('with folds: the fold this run directory tests (pipeline run sets it in each fold directory)'),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'folder' && !c.audio) ctx.addIssue({ code: 'custom', path: ['audio'], message: 'required when corpus.kind is "folder"' });
    if (c.kind === 'msp-podcast' && !c.root) ctx.addIssue({ code: 'custom', path: ['root'], message: 'required when corpus.kind is "msp-podcast"' });
    if (c.testFold !== undefined && (c.folds === undefined || c.testFold > c.folds))
      ctx.addIssue({ code: 'custom', path: ['testFold'], message: `must name one of the corpus.folds folds (1 to ${c.folds ?? 'corpus.folds, which is not set'})` });
  });

const condition = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only (it names sets and folders)'),
  speechDistanceIn: z.number().positive(),
  noiseDistanceIn: z.number().positive(),
  targetSnrDb: z.number().optional(),
});

/** The paper's Table 1. */
export const PAPER_CONDITIONS = [
  { name: '10dB', speechDistanceIn: 5, noiseDistanceIn: 35 },
  { name: '5dB', speechDistanceIn: 10, noiseDistanceIn: 30 },
  { name: '0dB', speechDistanceIn: 15, noiseDistanceIn: 25 },
];

const ingest = z.strictObject({
  minDurationS: z.number().nonnegative().default(0.5),
  sampleRateHz: z.literal(16000).default(16000),
});

const booth = z.strictObject({
  floorLengthFt: z.number().positive().default(13),
  floorWidthFt: z.number().positive().default(13),
  heightFt: z.number().positive().default(7),
  absorption: z.number().min(0).max(0.99).default(0.5).describe('energy absorption of every surface; about 0.5 for a treated booth'),
  sourceHeightM: z.number().positive().default(1),
  rirLengthS: z.number().positive().default(0.25),
  diffuseFromS: z.number().positive().default(0.03).describe('image-source response up to here, then a diffuse tail at the Eyring RT60'),
});

const agc = z.strictObject({
  enabled: z.boolean().default(true),
  targetLevelDbov: z.number().default(-26),
  timeConstantS: z.number().positive().default(1.5),
  maxGainDb: z.number().default(20),
  minGainDb: z.number().default(-20),
});

const mic = z.strictObject({
  highPassHz: z.number().positive().default(100),
  lowPassHz: z.number().positive().default(7000),
  selfNoiseLevelDbov: z.number().default(-80),
  agc: agc.default(agc.parse({})),
});

const codec = z.strictObject({
  kind: z.enum(['none', 'amr-wb', 'opus']).default('none').describe('phone codec applied through ffmpeg'),
  bitrateKbps: z.number().positive().default(23.85),
});

/**
 * The share of the noise pool's files kept for multi-condition training when simulate.trainingNoiseFraction
 * is not set. The multi-condition fields have no zod default: a config without them keeps its simulate
 * section, and so its run directory's simulated recordings, as they were.
 */
export const TRAINING_NOISE_FRACTION = 0.25;

const simulate = z.strictObject({
  seed: z.number().int().default(11),
  noiseFolder: z.string().optional().describe('folder of noise recordings (radio shows); default: the demo corpus noise pool'),
  trainingNoiseFolder: z
    .string()
    .optional()
    .describe(
      'multi-condition training (dense_mct, dln_mct): folder of noise recordings for the booth copies of the train and dev sets; default: a share of the noise pool (trainingNoiseFraction) that the test, unlabelled and calibration recordings then do not use',
    ),
  trainingNoiseFraction: z
    .number()
    .gt(0)
    .lt(1)
    .optional()
    .describe(
      `without trainingNoiseFolder, the share of the noise pool's files (drawn with simulate.seed, at least one on each side) kept for the training copies; default ${TRAINING_NOISE_FRACTION}`,
    ),
  multiCondition: z
    .boolean()
    .optional()
    .describe('also record the train and dev sets in every condition (multi-condition training); set when train.models has dense_mct or dln_mct'),
  noiseLevelDb: z.number().default(3.6).describe("noise loudspeaker level relative to the corpus's mean active speech level at the loudspeakers, dB"),
  calibrationDurationS: z.number().positive().default(60),
  unlabelledFromLabelled: z.boolean().default(false).describe('with no unlabelled audio in the corpus, use the train and dev audio with its labels dropped'),
  maxUnlabelledPerCondition: z.number().int().positive().optional(),
  booth: booth.default(booth.parse({})),
  mic: mic.default(mic.parse({})),
  codec: codec.default(codec.parse({})),
});

const calibrate = z.strictObject({
  blindMethod: z.enum(['noiseFloor', 'wada']).default('noiseFloor').describe('per-file blind SNR estimator'),
  assignUnknown: z.boolean().default(true).describe('assign recordings of unknown condition to the nearest condition by blind SNR'),
});

const features = z.strictObject({
  excludeSets: z.array(z.string()).default(['unlabelled-clean', 'unlabelled-unknown']).describe('sets whose features are not needed'),
});

const normalize = z.strictObject({
  lowerPercentile: z.number().min(0).max(50).default(0.5),
  upperPercentile: z.number().min(50).max(100).default(99.5),
  clip: z.number().positive().default(10),
});

const adam = z.strictObject({
  beta1: z.number().min(0).max(1).default(0.9),
  beta2: z.number().min(0).max(1).default(0.999),
  eps: z.number().positive().default(1e-8),
});

/** Defaults are the paper's (§4.3, §4.4) and, where it is silent, the PyTorch reference's. */
const train = z.strictObject({
  models: z
    .array(z.enum(MODEL_NAMES))
    .min(1)
    .default([...MODEL_NAMES])
    .describe(
      '<model>_adabn (dense, ln, dln) is the trained model with its batch norm re-estimated on a condition’s unlabelled set: each condition’s for Dense, its own for a ladder',
    ),
  attributes: z
    .array(z.enum(ATTRIBUTES))
    .min(1)
    .default([...ATTRIBUTES]),
  multiTask: z.boolean().default(false).describe('one network with three outputs and summed 1 − CCC losses instead of one per attribute'),
  seeds: z.number().int().min(1).default(20).describe('runs with different initial weights per model, attribute and condition'),
  epochs: z.number().int().min(1).default(100),
  batchSize: z.number().int().min(2).default(256),
  learningRate: z.number().positive().default(5e-5),
  adam: adam.default(adam.parse({})),
  hiddenUnits: z.tuple([z.number().int().positive(), z.number().int().positive()]).default([256, 256]),
  emotionUnits: z.number().int().positive().default(128).describe('DLN: units of the last hidden layer in the emotion embedding'),
  denseDropout: z.number().min(0).max(0.95).default(0.5),
  inputDropout: z.number().min(0).max(0.95).default(0.1),
  noiseStd: z.number().min(0).default(0.3).describe('ladders: Gaussian noise on the input and every normalised layer of the corrupted pass (Rasmus et al.; the reference)'),
  amlpCells: z.number().int().positive().default(4),
  reconstructionWeight: z.number().min(0).default(1).describe('λ of every reconstruction cost'),
  checkpointEveryEpochs: z.number().int().positive().default(5),
  keepCheckpoints: z
    .boolean()
    .default(false)
    .describe('keep each finished run’s last checkpoint (checkpoint.bin: optimiser state, best weights and history), about 5× the weights'),
  convergenceWarnFraction: z.number().min(0).max(1).default(0.05).describe('warn when the best epoch is in this last fraction of the budget'),
  parallelRuns: z.number().int().min(0).default(0).describe('runs trained at the same time; 0: --jobs'),
  threads: z.number().int().min(0).default(0).describe('onnxruntime threads per run; 0: --jobs divided among the parallel runs'),
});

const evaluate = z.strictObject({
  alpha: z.number().gt(0).lt(1).default(0.05).describe("significance level of the two-tailed Welch's t-tests and the paired speaker-bootstrap tests"),
  bootstrapDraws: z.number().int().min(100).default(1000).describe('speaker-level bootstrap draws per confidence interval and per paired test'),
  bootstrapSeed: z.number().int().default(1),
  inputLateralAblation: z
    .boolean()
    .default(true)
    .describe(
      "Figure 3b analysis: also compute the input reconstruction with the input layer's lateral connection cut (its AMLP's weights on the corrupted input zeroed), then with every layer's, a test of why the routing does not matter there",
    ),
});

/**
 * Where the training grid runs: the local worker pool, or a Slurm cluster sharing the run directory's
 * filesystem (`pipeline run train --slurm`). No stage reads it, so changing it never retrains anything.
 */
const cluster = z.strictObject({
  kind: z.enum(['local', 'slurm']).default('local'),
  partition: z.string().optional().describe("sbatch --partition; default: the cluster's default partition"),
  timeLimit: z.string().optional().describe('sbatch --time of one training run, e.g. "02:00:00"'),
  cpusPerTask: z.number().int().min(1).default(2).describe('CPUs per training run (its onnxruntime threads) and for the publish job'),
  memory: z.string().optional().describe('sbatch --mem of one training run, e.g. "8G"'),
  maxConcurrent: z.number().int().min(1).optional().describe("runs of the grid at once (the array job's %N)"),
  extraSbatchArgs: z.array(z.string()).default([]).describe('passed to sbatch as they are, e.g. ["--account=lab", "--qos=long"]'),
  pollSeconds: z.number().positive().default(10).describe('how often --wait looks at the grid'),
});

export const configSchema = z
  .strictObject({
    corpus: corpus.default(corpus.parse({})),
    conditions: z
      .array(condition)
      .min(1)
      .default(PAPER_CONDITIONS)
      .refine((cs) => new Set(cs.map((c) => c.name)).size === cs.length, { message: 'condition names must be unique' }),
    ingest: ingest.default(ingest.parse({})),
    simulate: simulate.default(simulate.parse({})),
    calibrate: calibrate.default(calibrate.parse({})),
    features: features.default(features.parse({})),
    normalize: normalize.default(normalize.parse({})),
    train: train.default(train.parse({})),
    evaluate: evaluate.default(evaluate.parse({})),
    cluster: cluster.default(cluster.parse({})),
  })
  .superRefine((c, ctx) => {
    const names = c.conditions.map((x) => x.name);
    for (const name of Object.keys(c.corpus.noisy)) {
      if (!names.includes(name)) ctx.addIssue({ code: 'custom', path: ['corpus', 'noisy', name], message: `no condition of that name in conditions (${names.join(', ')})` });
    }
  })
  // The simulate stage reads its own section only: it learns from this flag that a model needs the booth copies of the labelled sets.
  .transform((c) => (c.train.models.some(isMultiCondition) ? { ...c, simulate: { ...c.simulate, multiCondition: true } } : c));

export type Config = z.infer<typeof configSchema>;
export type CorpusConfig = Config['corpus'];
export type ConditionConfig = Config['conditions'][number];
export type TrainConfig = Config['train'];
export type ClusterConfig = Config['cluster'];
