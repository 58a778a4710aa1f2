import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { ATTRIBUTES } from '../data/attributes.js';
import { isMultiCondition, MODEL_NAMES } from '../models/names.js';

// zod/mini's functions, not zod's chained methods: every command builds this schema at start-up, and
// the chained API's schemas and module cost several times as much to build and to load. zod/mini
// loads no error messages of its own: these are the chained API's English ones. A process parses its
// config once or twice (each section's default here, then the file), so zod's JIT, which generates a
// function for each object schema on its first parse, costs more than it saves. Fields are described
// in doc comments, not with z.describe: each description would be one more check and one more copy of
// its field's schema built at every start, and nothing reads them at run time.
z.config({ ...en(), jitless: true });

/**
 * The one typed configuration of a run. Every section has defaults, so `{}` is a valid config
 * (the built-in demo corpus). Unknown fields are errors: a typo must not silently fall back to a
 * default. Each stage hashes only the sections it reads, so editing one section re-runs only the
 * stages that depend on it.
 */

const splitFractions = z
  .strictObject({
    train: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.7),
    dev: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.15),
    test: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.15),
  })
  .check(z.refine((f) => Math.abs(f.train + f.dev + f.test - 1) < 1e-6, { message: 'train + dev + test must sum to 1' }));

/** The corpus's rating scale; labels outside it are rejected as typos. */
const labelScale = z
  .strictObject({
    min: z._default(z.number(), 1),
    max: z._default(z.number(), 7),
  })
  .check(z.refine((s) => s.min < s.max, { message: 'min must be below max' }));

const demoCorpus = z.strictObject({
  seed: z._default(z.int(), 1),
  labelledSpeakers: z._default(z.int().check(z.minimum(3)), 16),
  utterancesPerLabelledSpeaker: z._default(z.int().check(z.minimum(1)), 38),
  unlabelledSpeakers: z._default(z.int().check(z.minimum(1)), 12),
  utterancesPerUnlabelledSpeaker: z._default(z.int().check(z.minimum(1)), 50),
  minDurationS: z._default(z.number().check(z.positive()), 1.5),
  maxDurationS: z._default(z.number().check(z.positive()), 4),
  noiseClips: z._default(z.int().check(z.minimum(1)), 10),
  noiseClipDurationS: z._default(z.number().check(z.positive()), 32),
});

/** Real noisy recordings of one condition, when the user has them (as in the paper's booth). */
const realCondition = z.strictObject({
  /** folder of noisy test recordings named like the clean test files */
  test: z.optional(z.string()),
  /** folder of unlabelled noisy recordings */
  unlabelled: z.optional(z.string()),
  /** speech-only calibration recording */
  speechCalibration: z.optional(z.string()),
  /** noise-only calibration recording */
  noiseCalibration: z.optional(z.string()),
});

const corpus = z
  .strictObject({
    kind: z._default(z.enum(['demo', 'folder', 'msp-podcast']), 'demo'),
    /** folder tree of audio files (kind "folder") */
    audio: z.optional(z.string()),
    /** labels CSV with FileName and any of EmoAct, EmoVal, EmoDom, SpkrID, Split_Set (kind "folder") */
    labels: z.optional(z.string()),
    /** MSP-Podcast root with Audios/ and Labels/labels_consensus.csv (kind "msp-podcast") */
    root: z.optional(z.string()),
    /** Split_Set values that form test-clean */
    testSplits: z._default(z.array(z.string()), ['Test1']),
    splitSeed: z._default(z.int(), 7),
    splitFractions: z._default(splitFractions, { train: 0.7, dev: 0.15, test: 0.15 }),
    /** range of every label (EmoAct, EmoVal, EmoDom); MSP-Podcast's and the demo corpus's is 1 to 7 */
    labelScale: z._default(labelScale, { min: 1, max: 7 }),
    demo: z._default(demoCorpus, demoCorpus.parse({})),
    /** real noisy recordings per condition name */
    noisy: z._default(z.record(z.string(), realCondition), {}),
    /** folder of unlabelled noisy recordings of unknown condition, assigned by blind SNR */
    unknownConditionFolder: z.optional(z.string()),
    /** speaker k-fold cross-validation: the labelled speakers (SpkrID) in this many folds, each the test set of one run directory runs/<name>/folds/<k>; Split_Set is ignored */
    folds: z.optional(z.int().check(z.minimum(2))),
    /** with folds: the fold this run directory tests (pipeline run sets it in each fold directory) */
    testFold: z.optional(z.int().check(z.minimum(1))),
  })
  .check(
    z.superRefine((c, ctx) => {
      if (c.kind === 'folder' && !c.audio) ctx.addIssue({ code: 'custom', path: ['audio'], message: 'required when corpus.kind is "folder"' });
      if (c.kind === 'msp-podcast' && !c.root) ctx.addIssue({ code: 'custom', path: ['root'], message: 'required when corpus.kind is "msp-podcast"' });
      if (c.testFold !== undefined && (c.folds === undefined || c.testFold > c.folds))
        ctx.addIssue({ code: 'custom', path: ['testFold'], message: `must name one of the corpus.folds folds (1 to ${c.folds ?? 'corpus.folds, which is not set'})` });
    }),
  );

const condition = z.strictObject({
  name: z.string().check(z.regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only (it names sets and folders)')),
  speechDistanceIn: z.number().check(z.positive()),
  noiseDistanceIn: z.number().check(z.positive()),
  targetSnrDb: z.optional(z.number()),
});

/** The paper's Table 1. */
export const PAPER_CONDITIONS = [
  { name: '10dB', speechDistanceIn: 5, noiseDistanceIn: 35 },
  { name: '5dB', speechDistanceIn: 10, noiseDistanceIn: 30 },
  { name: '0dB', speechDistanceIn: 15, noiseDistanceIn: 25 },
];

const ingest = z.strictObject({
  minDurationS: z._default(z.number().check(z.nonnegative()), 0.5),
  sampleRateHz: z._default(z.literal(16000), 16000),
});

const booth = z.strictObject({
  floorLengthFt: z._default(z.number().check(z.positive()), 13),
  floorWidthFt: z._default(z.number().check(z.positive()), 13),
  heightFt: z._default(z.number().check(z.positive()), 7),
  /** energy absorption of every surface; about 0.5 for a treated booth */
  absorption: z._default(z.number().check(z.minimum(0), z.maximum(0.99)), 0.5),
  sourceHeightM: z._default(z.number().check(z.positive()), 1),
  rirLengthS: z._default(z.number().check(z.positive()), 0.25),
  /** image-source response up to here, then a diffuse tail at the Eyring RT60 */
  diffuseFromS: z._default(z.number().check(z.positive()), 0.03),
});

const agc = z.strictObject({
  enabled: z._default(z.boolean(), true),
  targetLevelDbov: z._default(z.number(), -26),
  timeConstantS: z._default(z.number().check(z.positive()), 1.5),
  maxGainDb: z._default(z.number(), 20),
  minGainDb: z._default(z.number(), -20),
});

const mic = z.strictObject({
  highPassHz: z._default(z.number().check(z.positive()), 100),
  lowPassHz: z._default(z.number().check(z.positive()), 7000),
  selfNoiseLevelDbov: z._default(z.number(), -80),
  agc: z._default(agc, agc.parse({})),
});

const codec = z.strictObject({
  /** phone codec applied through ffmpeg */
  kind: z._default(z.enum(['none', 'amr-wb', 'opus']), 'none'),
  bitrateKbps: z._default(z.number().check(z.positive()), 23.85),
});

/**
 * The share of the noise pool's files kept for multi-condition training when simulate.trainingNoiseFraction
 * is not set. The multi-condition fields have no zod default: a config without them keeps its simulate
 * section, and so its run directory's simulated recordings, as they were.
 */
export const TRAINING_NOISE_FRACTION = 0.25;

const simulate = z.strictObject({
  seed: z._default(z.int(), 11),
  /** folder of noise recordings (radio shows); default: the demo corpus noise pool */
  noiseFolder: z.optional(z.string()),
  /** multi-condition training (dense_mct, dln_mct): folder of noise recordings for the booth copies of the train and dev sets; default: a share of the noise pool (trainingNoiseFraction) that the test, unlabelled and calibration recordings then do not use */
  trainingNoiseFolder: z.optional(z.string()),
  /** without trainingNoiseFolder, the share of the noise pool's files (drawn with simulate.seed, at least one on each side) kept for the training copies; default TRAINING_NOISE_FRACTION */
  trainingNoiseFraction: z.optional(z.number().check(z.gt(0), z.lt(1))),
  /** also record the train and dev sets in every condition (multi-condition training); set when train.models has dense_mct or dln_mct */
  multiCondition: z.optional(z.boolean()),
  /** noise loudspeaker level relative to the corpus's mean active speech level at the loudspeakers, dB */
  noiseLevelDb: z._default(z.number(), 3.6),
  calibrationDurationS: z._default(z.number().check(z.positive()), 60),
  /** with no unlabelled audio in the corpus, use the train and dev audio with its labels dropped */
  unlabelledFromLabelled: z._default(z.boolean(), false),
  maxUnlabelledPerCondition: z.optional(z.int().check(z.positive())),
  booth: z._default(booth, booth.parse({})),
  mic: z._default(mic, mic.parse({})),
  codec: z._default(codec, codec.parse({})),
});

const calibrate = z.strictObject({
  /** per-file blind SNR estimator */
  blindMethod: z._default(z.enum(['noiseFloor', 'wada']), 'noiseFloor'),
  /** assign recordings of unknown condition to the nearest condition by blind SNR */
  assignUnknown: z._default(z.boolean(), true),
});

const features = z.strictObject({
  /** sets whose features are not needed */
  excludeSets: z._default(z.array(z.string()), ['unlabelled-clean', 'unlabelled-unknown']),
});

const normalize = z.strictObject({
  lowerPercentile: z._default(z.number().check(z.minimum(0), z.maximum(50)), 0.5),
  upperPercentile: z._default(z.number().check(z.minimum(50), z.maximum(100)), 99.5),
  clip: z._default(z.number().check(z.positive()), 10),
});

const adam = z.strictObject({
  beta1: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.9),
  beta2: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.999),
  eps: z._default(z.number().check(z.positive()), 1e-8),
});

/** Defaults are the paper's (§4.3, §4.4) and, where it is silent, the PyTorch reference's. */
const train = z.strictObject({
  /** <model>_adabn (dense, ln, dln) is the trained model with its batch norm re-estimated on a condition’s unlabelled set: each condition’s for Dense, its own for a ladder */
  models: z._default(z.array(z.enum(MODEL_NAMES)).check(z.minLength(1)), [...MODEL_NAMES]),
  attributes: z._default(z.array(z.enum(ATTRIBUTES)).check(z.minLength(1)), [...ATTRIBUTES]),
  /** one network with three outputs and summed 1 − CCC losses instead of one per attribute */
  multiTask: z._default(z.boolean(), false),
  /** runs with different initial weights per model, attribute and condition */
  seeds: z._default(z.int().check(z.minimum(1)), 20),
  epochs: z._default(z.int().check(z.minimum(1)), 100),
  batchSize: z._default(z.int().check(z.minimum(2)), 256),
  learningRate: z._default(z.number().check(z.positive()), 5e-5),
  adam: z._default(adam, adam.parse({})),
  hiddenUnits: z._default(z.tuple([z.int().check(z.positive()), z.int().check(z.positive())]), [256, 256]),
  /** DLN: units of the last hidden layer in the emotion embedding */
  emotionUnits: z._default(z.int().check(z.positive()), 128),
  denseDropout: z._default(z.number().check(z.minimum(0), z.maximum(0.95)), 0.5),
  inputDropout: z._default(z.number().check(z.minimum(0), z.maximum(0.95)), 0.1),
  /** ladders: Gaussian noise on the input and every normalised layer of the corrupted pass (Rasmus et al.; the reference) */
  noiseStd: z._default(z.number().check(z.minimum(0)), 0.3),
  amlpCells: z._default(z.int().check(z.positive()), 4),
  /** λ of every reconstruction cost */
  reconstructionWeight: z._default(z.number().check(z.minimum(0)), 1),
  checkpointEveryEpochs: z._default(z.int().check(z.positive()), 5),
  /** keep each finished run’s last checkpoint (checkpoint.bin: optimiser state, best weights and history), about 5× the weights */
  keepCheckpoints: z._default(z.boolean(), false),
  /** warn when the best epoch is in this last fraction of the budget */
  convergenceWarnFraction: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.05),
  /** runs trained at the same time; 0: --jobs */
  parallelRuns: z._default(z.int().check(z.minimum(0)), 0),
  /** onnxruntime threads per run; 0: --jobs divided among the parallel runs */
  threads: z._default(z.int().check(z.minimum(0)), 0),
});

const evaluate = z.strictObject({
  /** significance level of the two-tailed Welch's t-tests and the paired speaker-bootstrap tests */
  alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
  /** speaker-level bootstrap draws per confidence interval and per paired test */
  bootstrapDraws: z._default(z.int().check(z.minimum(100)), 1000),
  bootstrapSeed: z._default(z.int(), 1),
  /** Figure 3b analysis: also compute the input reconstruction with the input layer's lateral connection cut (its AMLP's weights on the corrupted input zeroed), then with every layer's, a test of why the routing does not matter there */
  inputLateralAblation: z._default(z.boolean(), true),
});

/**
 * Where the training grid runs: the local worker pool, or a Slurm cluster sharing the run directory's
 * filesystem (`pipeline run train --slurm`). No stage reads it, so changing it never retrains anything.
 */
const cluster = z.strictObject({
  kind: z._default(z.enum(['local', 'slurm']), 'local'),
  /** sbatch --partition; default: the cluster's default partition */
  partition: z.optional(z.string()),
  /** sbatch --time of one training run, e.g. "02:00:00" */
  timeLimit: z.optional(z.string()),
  /** CPUs per training run (its onnxruntime threads) and for the publish job */
  cpusPerTask: z._default(z.int().check(z.minimum(1)), 2),
  /** sbatch --mem of one training run, e.g. "8G" */
  memory: z.optional(z.string()),
  /** runs of the grid at once (the array job's %N) */
  maxConcurrent: z.optional(z.int().check(z.minimum(1))),
  /** passed to sbatch as they are, e.g. ["--account=lab", "--qos=long"] */
  extraSbatchArgs: z._default(z.array(z.string()), []),
  /** how often --wait looks at the grid */
  pollSeconds: z._default(z.number().check(z.positive()), 10),
});

export const configSchema = z.pipe(
  z
    .strictObject({
      corpus: z._default(corpus, corpus.parse({})),
      conditions: z
        ._default(z.array(condition).check(z.minLength(1)), PAPER_CONDITIONS)
        .check(z.refine((cs) => new Set(cs.map((c) => c.name)).size === cs.length, { message: 'condition names must be unique' })),
      ingest: z._default(ingest, ingest.parse({})),
      simulate: z._default(simulate, simulate.parse({})),
      calibrate: z._default(calibrate, calibrate.parse({})),
      features: z._default(features, features.parse({})),
      normalize: z._default(normalize, normalize.parse({})),
      train: z._default(train, train.parse({})),
      evaluate: z._default(evaluate, evaluate.parse({})),
      cluster: z._default(cluster, cluster.parse({})),
    })
    .check(
      z.superRefine((c, ctx) => {
        const names = c.conditions.map((x) => x.name);
        for (const name of Object.keys(c.corpus.noisy)) {
          if (!names.includes(name)) ctx.addIssue({ code: 'custom', path: ['corpus', 'noisy', name], message: `no condition of that name in conditions (${names.join(', ')})` });
        }
      }),
    ),
  // The simulate stage reads its own section only: it learns from this flag that a model needs the booth copies of the labelled sets.
  z.transform((c) => (c.train.models.some(isMultiCondition) ? { ...c, simulate: { ...c.simulate, multiCondition: true } } : c)),
);

export type Config = z.infer<typeof configSchema>;
export type CorpusConfig = Config['corpus'];
export type ConditionConfig = Config['conditions'][number];
export type TrainConfig = Config['train'];
export type ClusterConfig = Config['cluster'];
