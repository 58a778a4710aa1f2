import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import pLimit from 'p-limit';
import { AudioCache } from '../data/audio/audioCache.js';
import { AudioRejected } from '../data/audio/decodeAudio.js';
import { isAllZero, nonFiniteProblem } from '../data/audio/sampleChecks.js';
import { ensureDemoCorpus } from '../data/corpus/demoCorpus.js';
import {
  idOf,
  listAudioFiles,
  listLabelledFolder,
  listRealCondition,
  type CalibrationRecording,
  type CorpusEntry,
  type CorpusListing,
  type Rejection,
} from '../data/corpus/listCorpus.js';
import { UTTERANCE_COLUMNS, type UtteranceRow } from '../data/utterances.js';
import type { ingestDeclaration } from './declarations.js';
import type { ContextOf } from './types.js';

type Ctx = ContextOf<typeof ingestDeclaration>;

function demoDir(ctx: Ctx): string {
  const key = createHash('sha256').update(JSON.stringify(ctx.config.corpus.demo)).digest('hex').slice(0, 12);
  return join(ctx.cacheDir, 'demo', key);
}

async function listCorpus(ctx: Ctx): Promise<CorpusListing & { noisePool: string[] }> {
  const c = ctx.config.corpus;
  const folds = c.folds === undefined || c.testFold === undefined ? undefined : { count: c.folds, test: c.testFold };
  const splitOptions = { testSplits: c.testSplits, splitSeed: c.splitSeed, splitFractions: c.splitFractions, labelScale: c.labelScale, folds };
  if (c.kind === 'demo') {
    const total = c.demo.labelledSpeakers * c.demo.utterancesPerLabelledSpeaker + c.demo.unlabelledSpeakers * c.demo.utterancesPerUnlabelledSpeaker + c.demo.noiseClips;
    const progress = ctx.progress('generating demo corpus', total, 'files');
    const demo = await ensureDemoCorpus(demoDir(ctx), c.demo, () => progress.tick());
    progress.done();
    const listing = await listLabelledFolder({ audioDir: demo.audioDir, labelsCsv: demo.labelsCsv, ...splitOptions });
    const noisePool = (await listAudioFiles(demo.noiseDir)).files.map((f) => join(demo.noiseDir, f));
    return { ...listing, noisePool };
  }
  if (c.kind === 'msp-podcast') {
    const listing = await listLabelledFolder({ audioDir: join(c.root!, 'Audios'), labelsCsv: join(c.root!, 'Labels', 'labels_consensus.csv'), ...splitOptions });
    return { ...listing, noisePool: [] };
  }
  return { ...(await listLabelledFolder({ audioDir: c.audio!, labelsCsv: c.labels, ...splitOptions })), noisePool: [] };
}

/** Why decoded audio is unusable, or undefined when it is fine. */
function audioProblem(samples: Float32Array, sampleRateHz: number, minDurationS: number): string | undefined {
  const durationS = samples.length / sampleRateHz;
  if (durationS < minDurationS) return `too short: ${durationS.toFixed(3)} s < ingest.minDurationS ${minDurationS} s`;
  if (isAllZero(samples)) return 'silent: every sample is zero';
  // Decoding rejects non-finite audio; this catches decodes cached before it did.
  return nonFiniteProblem(samples);
}

export async function run(ctx: Ctx): Promise<void> {
  const { config } = ctx;
  const listing = await listCorpus(ctx);
  const rejected: Rejection[] = [...listing.rejected];
  const calibration: CalibrationRecording[] = [];
  const entries: CorpusEntry[] = [...listing.entries];
  const cleanTest = listing.entries.filter((e) => e.set === 'test-clean');
  for (const [condition, folders] of Object.entries(config.corpus.noisy)) {
    // In cross-validation, another fold tests the recordings of the speakers this one trains on.
    const otherFolds = config.corpus.testFold === undefined ? [] : listing.entries.filter((e) => e.set === 'train' || e.set === 'dev');
    const real = await listRealCondition(condition, folders, cleanTest, otherFolds);
    entries.push(...real.entries);
    rejected.push(...real.rejected);
    calibration.push(...real.calibration);
  }
  if (config.corpus.unknownConditionFolder) {
    const folder = config.corpus.unknownConditionFolder;
    const unknown = await listAudioFiles(folder);
    rejected.push(...unknown.rejected);
    for (const file of unknown.files) entries.push({ id: idOf(file), path: join(folder, file), set: 'unlabelled-unknown', condition: 'unknown', speaker: '' });
  }
  for (const warning of listing.warnings) ctx.log.warn(warning);
  const { folds, testFold } = config.corpus;
  if (folds !== undefined && testFold !== undefined) ctx.log.info(`speaker cross-validation: fold ${testFold} of ${folds} is test-clean; Split_Set is ignored`);
  if (listing.unusedCount) ctx.log.info(`${listing.unusedCount} labelled files are in splits this run does not use (corpus.testSplits: ${config.corpus.testSplits.join(', ')})`);

  const cache = new AudioCache(ctx.cacheDir, config.ingest.sampleRateHz);
  const limit = pLimit(Math.max(1, ctx.jobs));
  const progress = ctx.progress('decoding', entries.length + calibration.length, 'files');
  const rows: (UtteranceRow | undefined)[] = await Promise.all(
    entries.map((e) =>
      limit(async () => {
        if (ctx.signal.aborted) throw ctx.signal.reason as Error;
        try {
          const { samples, cachePath } = await cache.load(e.path, ctx.log.warn);
          const problem = audioProblem(samples, config.ingest.sampleRateHz, config.ingest.minDurationS);
          if (problem) {
            rejected.push({ path: e.path, reason: problem });
            return undefined;
          }
          return { ...e, duration_s: samples.length / config.ingest.sampleRateHz, audio: relative(ctx.runDir, cachePath) };
        } catch (err) {
          if (!(err instanceof AudioRejected)) throw err;
          rejected.push({ path: e.path, reason: err.message });
          return undefined;
        } finally {
          progress.tick();
        }
      }),
    ),
  );
  const calibrationRows = [];
  for (const c of calibration) {
    try {
      const { samples, cachePath } = await cache.load(c.path, ctx.log.warn);
      const problem = audioProblem(samples, config.ingest.sampleRateHz, 1);
      if (problem) throw new Error(`${c.kind}-only calibration recording ${c.path} of condition ${c.condition} is unusable: ${problem}`);
      calibrationRows.push({ ...c, duration_s: samples.length / config.ingest.sampleRateHz, audio: relative(ctx.runDir, cachePath) });
    } catch (err) {
      if (err instanceof AudioRejected) throw new Error(`${c.kind}-only calibration recording ${c.path} of condition ${c.condition}: ${err.message}`, { cause: err });
      throw err;
    } finally {
      progress.tick();
    }
  }
  progress.done();

  const kept = rows.filter((r): r is UtteranceRow => r !== undefined);
  await writeFile(join(ctx.outDir, 'utterances.csv'), stringify(kept, { header: true, columns: [...UTTERANCE_COLUMNS] }));
  rejected.sort((a, b) => a.path.localeCompare(b.path));
  await writeFile(join(ctx.outDir, 'rejected.csv'), stringify(rejected, { header: true, columns: ['path', 'reason'] }));
  await writeFile(join(ctx.outDir, 'calibration.csv'), stringify(calibrationRows, { header: true, columns: ['condition', 'kind', 'path', 'duration_s', 'audio'] }));
  await writeFile(
    join(ctx.outDir, 'noise_pool.csv'),
    stringify(
      listing.noisePool.map((path) => ({ path })),
      { header: true, columns: ['path'] },
    ),
  );

  const counts = new Map<string, { utterances: number; speakers: Set<string>; seconds: number }>();
  for (const r of kept) {
    const c = counts.get(r.set) ?? { utterances: 0, speakers: new Set<string>(), seconds: 0 };
    c.utterances++;
    c.speakers.add(r.speaker);
    c.seconds += r.duration_s;
    counts.set(r.set, c);
  }
  const summary = Object.fromEntries(
    [...counts].sort().map(([set, c]) => [set, { utterances: c.utterances, speakers: c.speakers.size, seconds: Math.round(c.seconds * 10) / 10 }]),
  );
  await writeFile(join(ctx.outDir, 'summary.json'), JSON.stringify({ sets: summary, rejected: rejected.length }, null, 2) + '\n');
  for (const [set, c] of Object.entries(summary)) ctx.log.info(`${set}: ${c.utterances} utterances, ${c.speakers} speakers, ${(c.seconds / 60).toFixed(1)} min`);
  if (rejected.length) ctx.log.warn(`${rejected.length} files rejected, reasons in ingest/rejected.csv (first: ${rejected[0].path}: ${rejected[0].reason})`);
  if (!counts.has('train')) ctx.log.warn('no labelled training utterances: later stages that train will fail');
}
