import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AudioCache, readAudio16k } from '../data/audio/audioCache.js';
import { AudioRejected } from '../data/audio/decodeAudio.js';
import { ffmpegCodecRoundTrip } from '../data/audio/ffmpeg.js';
import { writeWav } from '../data/audio/writeWav.js';
import { listAudioFiles } from '../data/corpus/listCorpus.js';
import { readUtterances, UTTERANCE_COLUMNS, type UtteranceRow } from '../data/utterances.js';
import { createRng, deriveSeed } from '../dsp/random.js';
import type { PhoneMicOptions } from '../dsp/room/phoneMic.js';
import { activeSpeechLevel, meanSquare, powerToDb } from '../dsp/snr/activeSpeechLevel.js';
import { calibratedSnr } from '../dsp/snr/calibratedSnr.js';
import { boothPaths, type BoothPaths } from '../dsp/simulation/booth.js';
import { recordInBooth } from '../dsp/simulation/boothRecording.js';
import { NoiseStream } from '../dsp/simulation/noiseStream.js';
import { boothCopyOf, LABELLED_SETS } from '../data/labelledSets.js';
import { sharedRecording, splitNoisePool } from '../data/noiseSplit.js';
import { TRAINING_NOISE_FRACTION, type Config, type ConditionConfig } from './configSchema.js';
import { UTTERANCES_CSV } from './layout.js';
import type { simulateDeclaration } from './declarations.js';
import type { ContextOf } from './types.js';

type Ctx = ContextOf<typeof simulateDeclaration>;

const SAMPLE_RATE_HZ = 16000;
const CROSSFADE_S = 0.05;
const GAP_BETWEEN_SENTENCES_S = 0.3;
const TARGET_SNR_TOLERANCE_DB = 0.05;
const MAX_TARGET_ITERATIONS = 6;

function micOptions(config: Pick<Config, 'simulate'>, seed: number, withAgc: boolean): PhoneMicOptions {
  const { agc, ...mic } = config.simulate.mic;
  const { enabled, ...agcOptions } = agc;
  return { ...mic, seed, agc: withAgc && enabled ? agcOptions : null };
}

interface NoiseFile {
  path: string;
  samples: Float32Array;
}

/** The decoded recordings of a noise folder, or of the files noise_pool.csv lists (the demo corpus's); an undecodable one is skipped with a warning. */
async function loadNoiseFiles(ctx: Ctx, folder: string | undefined): Promise<NoiseFile[]> {
  let paths: string[];
  if (folder) {
    const listing = await listAudioFiles(folder);
    for (const r of listing.rejected) ctx.log.warn(`noise recording ${r.path} skipped: ${r.reason}`);
    paths = listing.files.map((f) => join(folder, f));
  } else {
    const rows: { path: string }[] = parse(await readFile(join(ctx.inputDir('ingest'), 'noise_pool.csv'), 'utf8'), { columns: true });
    paths = rows.map((r) => r.path);
    if (!paths.length) throw new Error('no noise pool: set simulate.noiseFolder to a folder of noise recordings (the demo corpus brings its own)');
  }
  const cache = new AudioCache(ctx.cacheDir);
  const files: NoiseFile[] = [];
  for (const path of paths) {
    try {
      files.push({ path, samples: (await cache.load(path, ctx.log.warn)).samples });
    } catch (e) {
      if (!(e instanceof AudioRejected)) throw e;
      ctx.log.warn(`noise recording ${path} skipped: ${e.message}`);
    }
  }
  return files;
}

/**
 * The noise the test, unlabelled and calibration recordings play, and (multi-condition training) the noise
 * the booth copies of the labelled sets play. `checkPool` sees the whole pool first: a pool too short for
 * any recording says so before it is split.
 */
async function loadNoise(
  ctx: Ctx,
  checkPool: (pool: { clips: Float32Array[]; source: string }) => void,
): Promise<{ test: NoiseFile[]; testSource: string; training?: NoiseFile[]; trainingSource?: string }> {
  const sim = ctx.config.simulate;
  const pool = await loadNoiseFiles(ctx, sim.noiseFolder);
  const source = sim.noiseFolder ?? 'the demo corpus noise pool';
  checkPool({ clips: pool.map((f) => f.samples), source });
  if (!sim.multiCondition) return { test: pool, testSource: source };
  if (sim.trainingNoiseFolder) {
    const training = await loadNoiseFiles(ctx, sim.trainingNoiseFolder);
    const shared = sharedRecording(training, pool);
    if (shared)
      throw new Error(`simulate.trainingNoiseFolder: ${shared[0]} holds the same audio as ${shared[1]} of the test noise pool; keep the training noise apart from the test noise`);
    return { test: pool, testSource: source, training, trainingSource: sim.trainingNoiseFolder };
  }
  const fraction = sim.trainingNoiseFraction ?? TRAINING_NOISE_FRACTION;
  const split = splitNoisePool(pool, fraction, sim.seed, `the noise pool (${source})`);
  return {
    test: split.test,
    testSource: `${source}, the files not kept for training`,
    training: split.training,
    trainingSource: `${source}, ${split.training.length} of its ${pool.length} files (simulate.trainingNoiseFraction ${fraction})`,
  };
}

const totalSamples = (clips: readonly Float32Array[]) => clips.reduce((a, c) => a + c.length, 0);

/** Fails unless a noise pool holds enough audio for its longest recording without looping, naming what needs it. */
function requireNoiseFor(
  pool: { clips: Float32Array[]; source: string },
  rows: readonly UtteranceRow[],
  calibration: { samples: number; durationS: number } | null,
  rirLength: number,
) {
  const longestFile = rows.reduce<UtteranceRow | undefined>((a, r) => (a && a.duration_s >= r.duration_s ? a : r), undefined);
  const longestFileSamples = longestFile ? Math.round(longestFile.duration_s * SAMPLE_RATE_HZ) : 0;
  const calibrationSamples = calibration?.samples ?? 0;
  const longest = Math.max(calibrationSamples, longestFileSamples);
  const poolSamples = totalSamples(pool.clips);
  if (poolSamples >= longest + rirLength) return;
  // Name what needs the noise: the calibration recording, or a corpus file longer than it.
  const [needer, fix] =
    longestFile && longestFileSamples > calibrationSamples
      ? [`${longestFile.path}, ${longestFile.duration_s.toFixed(1)} s long`, 'add noise, or leave that file out']
      : [`the ${calibration?.durationS} s calibration recording`, 'add noise or lower simulate.calibrationDurationS'];
  throw new Error(
    `the noise pool (${pool.source}) holds ${(poolSamples / SAMPLE_RATE_HZ).toFixed(1)} s of audio; one recording needs ` +
      `${((longest + rirLength) / SAMPLE_RATE_HZ).toFixed(1)} s without looping (${needer}): ${fix}`,
  );
}

/** Power-weighted level of a pool's noise, dBov. */
const poolLevelDb = (clips: readonly Float32Array[]) => powerToDb(clips.reduce((a, c) => a + meanSquare(c) * c.length, 0) / totalSamples(clips));

/** About `durationS` of speech: the given utterances back to back with short pauses, as in a calibration session. */
async function speechCalibrationMaterial(ctx: Ctx, rows: UtteranceRow[], durationS: number): Promise<Float32Array> {
  const out = new Float32Array(Math.round(durationS * SAMPLE_RATE_HZ));
  if (!rows.length) throw new Error('no clean utterances to play for the speech calibration recording');
  let t = 0;
  for (let k = 0; t < out.length; k++) {
    const row = rows[k % rows.length];
    const x = await readAudio16k(join(ctx.runDir, row.audio), { source: row.path, warn: ctx.log.warn });
    out.set(x.subarray(0, Math.min(x.length, out.length - t)), t);
    t += x.length + Math.round(GAP_BETWEEN_SENTENCES_S * SAMPLE_RATE_HZ);
  }
  return out;
}

interface ConditionPlan {
  condition: ConditionConfig;
  paths: BoothPaths;
  noiseGain: number;
  calibratedSnrDb: number;
}

/** Renders the two calibration recordings of a condition (no AGC, which would level them separately). */
function calibrationRecordings(config: Pick<Config, 'simulate'>, plan: Omit<ConditionPlan, 'calibratedSnrDb'>, speech: Float32Array, noise: Float32Array, seed: number) {
  const n = speech.length;
  const mic = micOptions(config, seed, false);
  const speechOnly = recordInBooth(n, { speech, noise: null, speechGain: 1, noiseGain: 0 }, plan.paths.speechRir, plan.paths.noiseRir, SAMPLE_RATE_HZ, mic);
  const noiseOnly = recordInBooth(n, { speech: null, noise, speechGain: 0, noiseGain: plan.noiseGain }, plan.paths.speechRir, plan.paths.noiseRir, SAMPLE_RATE_HZ, {
    ...mic,
    seed: seed + 1,
  });
  return { speechOnly, noiseOnly, snrDb: calibratedSnr(speechOnly, noiseOnly, SAMPLE_RATE_HZ).snrDb };
}

export async function run(ctx: Ctx): Promise<void> {
  const { config } = ctx;
  const sim = config.simulate;
  // Where a file written to outDir lies once the stage's outputs are published.
  const published = (path: string) => join(ctx.publishedDir, relative(ctx.outDir, path));
  const all = await readUtterances(join(ctx.inputDir('ingest'), UTTERANCES_CSV));
  const testClean = all.filter((r) => r.set === 'test-clean');
  let pool = all.filter((r) => r.set === 'unlabelled-clean');
  let unlabelledNote = 'the corpus’s unlabelled audio';
  if (!pool.length) {
    if (!sim.unlabelledFromLabelled) {
      throw new Error(
        'the corpus has no unlabelled audio for the ladder networks: add unlabelled files, or set simulate.unlabelledFromLabelled to use the train and dev audio with its labels dropped',
      );
    }
    pool = all.filter((r) => r.set === 'train' || r.set === 'dev').map((r) => ({ ...r, EmoAct: undefined, EmoVal: undefined, EmoDom: undefined }));
    unlabelledNote = 'the train and dev audio with the labels dropped (simulate.unlabelledFromLabelled)';
    ctx.log.warn(`no unlabelled audio: using ${unlabelledNote}`);
  }
  if (sim.maxUnlabelledPerCondition) pool = createRng(sim.seed).shuffle(pool).slice(0, sim.maxUnlabelledPerCondition);

  const rirLength = Math.ceil(sim.booth.rirLengthS * SAMPLE_RATE_HZ);
  const calibrationSamples = Math.round(sim.calibrationDurationS * SAMPLE_RATE_HZ);
  const testSideNeeds = (noisePool: { clips: Float32Array[]; source: string }) =>
    requireNoiseFor(noisePool, testClean.concat(pool), { samples: calibrationSamples, durationS: sim.calibrationDurationS }, rirLength);
  const noise = await loadNoise(ctx, testSideNeeds);
  const clips = noise.test.map((f) => f.samples);
  const noiseSource = noise.testSource;
  // The test side again when part of the pool went to training.
  if (noise.training) testSideNeeds({ clips, source: noiseSource });
  // Multi-condition training: the corpus's labelled sets, recorded in every condition with the training noise.
  const labelled = sim.multiCondition ? LABELLED_SETS.map((set) => [set, all.filter((r) => r.set === set)] as const) : [];
  const trainingClips = noise.training?.map((f) => f.samples) ?? [];
  if (noise.training)
    requireNoiseFor(
      { clips: trainingClips, source: noise.trainingSource! },
      labelled.flatMap(([, rows]) => rows),
      null,
      rirLength,
    );

  // The noise loudspeaker's level is set against the corpus's own active speech level.
  const speechMaterial = await speechCalibrationMaterial(ctx, testClean.length ? testClean : pool, sim.calibrationDurationS);
  const speechSourceDb = activeSpeechLevel(speechMaterial, SAMPLE_RATE_HZ).activeLevelDbov;
  const noiseSourceDb = poolLevelDb(clips);
  const baseNoiseGain = Math.pow(10, (speechSourceDb + sim.noiseLevelDb - noiseSourceDb) / 20);
  // The training noise plays at the test noise's level: the same calibrated SNR per condition.
  const trainingGainRatio = trainingClips.length ? Math.pow(10, (noiseSourceDb - poolLevelDb(trainingClips)) / 20) : 1;

  const real = config.corpus.noisy;
  const calibrationRows: Record<string, string | number>[] = [];
  const rows: UtteranceRow[] = [];
  const plans: (ConditionPlan & { simulated: string[] })[] = [];
  const jobs: { plan: ConditionPlan; row: UtteranceRow; set: string; training: boolean }[] = [];

  for (const condition of config.conditions) {
    const provided = real[condition.name] ?? {};
    const seed = deriveSeed(sim.seed, condition.name);
    const paths = boothPaths(condition.speechDistanceIn, condition.noiseDistanceIn, sim.booth, SAMPLE_RATE_HZ, seed);
    const calibrationNoise = new NoiseStream(clips, createRng(seed), Math.round(CROSSFADE_S * SAMPLE_RATE_HZ)).take(calibrationSamples + rirLength - 1);
    let noiseGain = baseNoiseGain;
    let recording = calibrationRecordings(config, { condition, paths, noiseGain }, speechMaterial, calibrationNoise, seed);
    // Self-noise makes the level only nearly linear in the gain: a few corrections converge.
    for (let i = 0; condition.targetSnrDb !== undefined && i < MAX_TARGET_ITERATIONS && Math.abs(recording.snrDb - condition.targetSnrDb) > TARGET_SNR_TOLERANCE_DB; i++) {
      noiseGain *= Math.pow(10, (recording.snrDb - condition.targetSnrDb) / 20);
      recording = calibrationRecordings(config, { condition, paths, noiseGain }, speechMaterial, calibrationNoise, seed);
    }
    const plan: ConditionPlan = { condition, paths, noiseGain, calibratedSnrDb: recording.snrDb };
    const simulated: string[] = [];
    if (!(provided.speechCalibration && provided.noiseCalibration)) {
      for (const [kind, samples] of [
        ['speech', recording.speechOnly],
        ['noise', recording.noiseOnly],
      ] as const) {
        const path = join(ctx.outDir, 'calibration', condition.name, `${kind}.wav`);
        await writeWav(path, samples, SAMPLE_RATE_HZ);
        calibrationRows.push({ condition: condition.name, kind, path: published(path), duration_s: samples.length / SAMPLE_RATE_HZ, audio: relative(ctx.runDir, published(path)) });
      }
      simulated.push('calibration');
    }
    const sets: [string, UtteranceRow[]][] = [];
    if (!provided.test) sets.push([`test-${condition.name}`, testClean]);
    if (!provided.unlabelled) sets.push([`unlabelled-${condition.name}`, pool]);
    for (const [set, source] of sets) {
      for (const row of source) jobs.push({ plan, row, set, training: false });
      simulated.push(set);
    }
    for (const [set, source] of labelled) {
      const copy = boothCopyOf(set, condition.name);
      for (const row of source) jobs.push({ plan, row, set: copy, training: true });
      simulated.push(copy);
    }
    plans.push({ ...plan, simulated });
    ctx.log.info(
      `${condition.name}: speech at ${condition.speechDistanceIn} in, noise at ${condition.noiseDistanceIn} in, calibrated SNR ${recording.snrDb.toFixed(2)} dB${condition.targetSnrDb !== undefined ? ` (target ${condition.targetSnrDb} dB)` : ''}`,
    );
  }

  const progress = ctx.progress('recording in the simulated booth', jobs.length, 'files');
  const streams = new Map(
    plans.map((p) => [p.condition.name, new NoiseStream(clips, createRng(deriveSeed(sim.seed, `${p.condition.name}/stream`)), Math.round(CROSSFADE_S * SAMPLE_RATE_HZ))]),
  );
  const trainingStreams = new Map(
    trainingClips.length
      ? plans.map((p) => [
          p.condition.name,
          new NoiseStream(trainingClips, createRng(deriveSeed(sim.seed, `${p.condition.name}/training-stream`)), Math.round(CROSSFADE_S * SAMPLE_RATE_HZ)),
        ])
      : [],
  );
  for (const job of jobs) {
    if (ctx.signal.aborted) throw ctx.signal.reason as Error;
    const speech = await readAudio16k(join(ctx.runDir, job.row.audio), { source: job.row.path, warn: ctx.log.warn });
    const noiseSamples = (job.training ? trainingStreams : streams).get(job.plan.condition.name)!.take(speech.length + rirLength - 1);
    const seed = deriveSeed(sim.seed, `${job.set}/${job.row.id}`);
    let recorded = recordInBooth(
      speech.length,
      { speech, noise: noiseSamples, speechGain: 1, noiseGain: job.training ? job.plan.noiseGain * trainingGainRatio : job.plan.noiseGain },
      job.plan.paths.speechRir,
      job.plan.paths.noiseRir,
      SAMPLE_RATE_HZ,
      micOptions(config, seed, true),
    );
    if (sim.codec.kind !== 'none') recorded = await ffmpegCodecRoundTrip(recorded, sim.codec.kind, sim.codec.bitrateKbps, job.row.path);
    const file = join(ctx.outDir, 'audio', job.set, `${job.row.id}.wav`);
    await mkdir(dirname(file), { recursive: true });
    await writeWav(file, recorded, SAMPLE_RATE_HZ);
    rows.push({ ...job.row, path: published(file), set: job.set, condition: job.plan.condition.name, audio: relative(ctx.runDir, published(file)) });
    progress.tick();
  }
  progress.done();

  await writeFile(join(ctx.outDir, 'utterances.csv'), stringify(rows, { header: true, columns: [...UTTERANCE_COLUMNS] }));
  await writeFile(join(ctx.outDir, 'calibration.csv'), stringify(calibrationRows, { header: true, columns: ['condition', 'kind', 'path', 'duration_s', 'audio'] }));
  await writeFile(
    join(ctx.outDir, 'conditions.json'),
    JSON.stringify(
      {
        noisePool: noiseSource,
        ...(noise.training && {
          noiseSplit: {
            training: { source: noise.trainingSource, files: noise.training.map((f) => f.path), seconds: totalSamples(trainingClips) / SAMPLE_RATE_HZ },
            test: { source: noiseSource, files: noise.test.map((f) => f.path), seconds: totalSamples(clips) / SAMPLE_RATE_HZ },
          },
        }),
        unlabelledSource: unlabelledNote,
        speechSourceActiveLevelDbov: speechSourceDb,
        noiseSourceLevelDbov: noiseSourceDb,
        conditions: plans.map((p) => ({
          name: p.condition.name,
          speechDistanceIn: p.condition.speechDistanceIn,
          noiseDistanceIn: p.condition.noiseDistanceIn,
          targetSnrDb: p.condition.targetSnrDb ?? null,
          noiseGainDb: 20 * Math.log10(p.noiseGain),
          simulatedCalibratedSnrDb: p.calibratedSnrDb,
          rt60S: p.paths.rt60S,
          simulated: p.simulated,
        })),
      },
      null,
      2,
    ) + '\n',
  );
}
