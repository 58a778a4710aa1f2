import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { median } from 'simple-statistics';
import { readAudio16k } from '../data/audio/audioCache.js';
import { isBoothCopy } from '../data/labelledSets.js';
import { readUtterances, UTTERANCE_COLUMNS, type UtteranceRow } from '../data/utterances.js';
import { blindSnrDb } from '../dsp/snr/blindSnr.js';
import { calibratedSnr, calibrationRecordingProblems } from '../dsp/snr/calibratedSnr.js';
import { UTTERANCES_CSV } from './layout.js';
import type { calibrateDeclaration } from './declarations.js';
import type { ContextOf } from './types.js';

type Ctx = ContextOf<typeof calibrateDeclaration>;

const SAMPLE_RATE_HZ = 16000;

interface CalibrationRow {
  condition: string;
  kind: 'speech' | 'noise';
  path: string;
  audio: string;
}

/** One row of `calibrate/conditions.csv`: the paper's Table 1 plus the levels behind it. */
export interface ConditionRow {
  condition: string;
  speech_distance_in: number;
  noise_distance_in: number;
  estimated_snr_db: number;
  speech_active_level_dbov: number;
  speech_activity: number;
  noise_level_dbov: number;
  speech_recording: string;
  noise_recording: string;
  /** Median blind SNR of the condition's own recordings: what a recording of unknown condition is compared with. */
  median_blind_snr_db: number;
}

/** The condition whose reference blind SNR is nearest to `snrDb`. */
export function nearestCondition(references: ReadonlyMap<string, number>, snrDb: number): string {
  let best = '';
  for (const [name, ref] of references) if (best === '' || Math.abs(ref - snrDb) < Math.abs(references.get(best)! - snrDb)) best = name;
  return best;
}

async function readCsvIfPresent<T>(path: string): Promise<T[]> {
  return existsSync(path) ? parse<T>(await readFile(path, 'utf8'), { columns: true }) : [];
}

/**
 * Noisy recordings of the run: real ones listed by ingest, simulated ones by simulate. The booth copies
 * of the labelled sets (multi-condition training) play other noise than the deployment's recordings, so
 * they stay out of each condition's blind-SNR reference.
 */
async function noisyRecordings(ctx: Ctx): Promise<UtteranceRow[]> {
  const rows: UtteranceRow[] = [];
  const conditions = ctx.config.conditions.map((c) => c.name);
  for (const stage of ['ingest', 'simulate'] as const) {
    const csv = join(ctx.inputDir(stage), UTTERANCES_CSV);
    if (existsSync(csv)) rows.push(...(await readUtterances(csv)).filter((r) => r.condition !== 'clean' && !isBoothCopy(r.set, conditions)));
  }
  return rows;
}

export async function run(ctx: Ctx): Promise<void> {
  const { config } = ctx;
  // Real calibration recordings (listed by ingest) take precedence over simulated ones.
  const calibrations = [
    ...(await readCsvIfPresent<CalibrationRow>(join(ctx.inputDir('ingest'), 'calibration.csv'))),
    ...(await readCsvIfPresent<CalibrationRow>(join(ctx.inputDir('simulate'), 'calibration.csv'))),
  ];
  const conditionRows: ConditionRow[] = [];
  for (const condition of config.conditions) {
    const recordings: Partial<Record<'speech' | 'noise', { samples: Float32Array; path: string }>> = {};
    for (const kind of ['speech', 'noise'] as const) {
      const row = calibrations.find((c) => c.condition === condition.name && c.kind === kind);
      if (!row) throw new Error(`condition ${condition.name} has no ${kind}-only calibration recording (neither real nor simulated)`);
      const samples = await readAudio16k(join(ctx.runDir, row.audio), { source: row.path, warn: ctx.log.warn });
      const problems = calibrationRecordingProblems(samples, SAMPLE_RATE_HZ);
      if (problems.length) throw new Error(`${kind}-only calibration recording of condition ${condition.name} (${row.path}): ${problems.join('; ')}`);
      recordings[kind] = { samples, path: row.path };
    }
    const snr = calibratedSnr(recordings.speech!.samples, recordings.noise!.samples, SAMPLE_RATE_HZ);
    conditionRows.push({
      condition: condition.name,
      speech_distance_in: condition.speechDistanceIn,
      noise_distance_in: condition.noiseDistanceIn,
      estimated_snr_db: Number(snr.snrDb.toFixed(3)),
      speech_active_level_dbov: Number(snr.speechActiveLevelDbov.toFixed(3)),
      speech_activity: Number(snr.speechActivityFactor.toFixed(4)),
      noise_level_dbov: Number(snr.noiseLevelDbov.toFixed(3)),
      speech_recording: recordings.speech!.path,
      noise_recording: recordings.noise!.path,
      median_blind_snr_db: NaN,
    });
    ctx.log.info(
      `${condition.name}: calibrated SNR ${snr.snrDb.toFixed(2)} dB (speech ${snr.speechActiveLevelDbov.toFixed(1)} dBov active, noise ${snr.noiseLevelDbov.toFixed(1)} dBov)`,
    );
  }
  const noisy = await noisyRecordings(ctx);
  const progress = ctx.progress('blind SNR of each noisy recording', noisy.length, 'files');
  const estimates: { row: UtteranceRow; snrDb: number }[] = [];
  for (const row of noisy) {
    if (ctx.signal.aborted) throw ctx.signal.reason as Error;
    const snrDb = blindSnrDb(await readAudio16k(join(ctx.runDir, row.audio), { source: row.path, warn: ctx.log.warn }), SAMPLE_RATE_HZ, config.calibrate.blindMethod);
    estimates.push({ row, snrDb });
    progress.tick();
  }
  progress.done();

  // Recordings of unknown condition go to the condition whose own recordings' blind estimates sit
  // nearest: blind estimates are biased by the kind of noise, so they are compared with each other,
  // not with the calibrated SNR (which is the fallback for a condition with no recordings of its own).
  const known = estimates.filter((e) => e.row.condition !== 'unknown');
  const reference = new Map<string, number>();
  for (const c of conditionRows) {
    const own = known.filter((e) => e.row.condition === c.condition).map((e) => e.snrDb);
    c.median_blind_snr_db = Number((own.length ? median(own) : c.estimated_snr_db).toFixed(3));
    reference.set(c.condition, c.median_blind_snr_db);
  }
  await writeFile(join(ctx.outDir, 'conditions.csv'), stringify(conditionRows, { header: true }));
  const assigned: UtteranceRow[] = [];
  const fileRows = estimates.map(({ row, snrDb }) => {
    let assignedCondition = '';
    if (row.condition === 'unknown' && config.calibrate.assignUnknown) {
      assignedCondition = nearestCondition(reference, snrDb);
      assigned.push({ ...row, set: `unlabelled-${assignedCondition}`, condition: assignedCondition });
    }
    return { id: row.id, set: row.set, condition: row.condition, blind_snr_db: Number(snrDb.toFixed(3)), assigned_condition: assignedCondition, path: row.path };
  });
  await writeFile(join(ctx.outDir, 'files.csv'), stringify(fileRows, { header: true, columns: ['id', 'set', 'condition', 'blind_snr_db', 'assigned_condition', 'path'] }));
  await writeFile(join(ctx.outDir, 'utterances.csv'), stringify(assigned, { header: true, columns: [...UTTERANCE_COLUMNS] }));
  for (const [name, ref] of reference) {
    const n = assigned.filter((a) => a.condition === name).length;
    ctx.log.info(`${name}: median blind SNR of its recordings ${ref.toFixed(1)} dB${n ? `; ${n} recordings of unknown condition assigned to it` : ''}`);
  }
}
