import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { decodeAudio } from '../data/audio/decodeAudio.js';
import { blindSnrDb, type BlindSnrMethod } from '../dsp/snr/blindSnr.js';
import { calibratedSnr } from '../dsp/snr/calibratedSnr.js';
import { snrErrorByLevel, type SnrEstimate } from '../dsp/snr/snrErrorByLevel.js';
import { HAVE_SHARED, SHARED_DIR } from './support.js';

const FS = 16000;

function printTable(title: string, estimates: SnrEstimate[]): void {
  console.log(title);
  console.log('  level    n   MAE dB   bias dB   max dB');
  for (const r of snrErrorByLevel(estimates, { levelStepDb: 5 })) {
    const level = Number.isNaN(r.levelDb) ? 'pooled' : `${r.levelDb} dB`;
    console.log(
      `  ${level.padEnd(7)} ${String(r.count).padStart(3)} ${r.meanAbsoluteErrorDb.toFixed(2).padStart(8)} ${r.biasDb.toFixed(2).padStart(9)} ${r.maxAbsoluteErrorDb.toFixed(2).padStart(8)}`,
    );
  }
}

/**
 * SNR estimation on the real noisy speech with known SNR (../shared/data/noisy-snr): the blind
 * estimators per file against the corpus's SNR, and the calibrated SNR (P.56 active level of the clean
 * file minus the level of noisy − clean) as the reference method.
 */
export async function snrAccuracyBench(): Promise<void> {
  console.log('## SNR estimation on real noisy speech (NOIZEUS and SpEAR)');
  if (!HAVE_SHARED) {
    console.log(`skipped: ${SHARED_DIR} is absent`);
    return;
  }
  const dir = join(SHARED_DIR, 'data', 'noisy-snr');
  const labels: { FileName: string; CleanFile: string; SNR_dB: string }[] = parse(readFileSync(join(dir, 'snr_labels.csv'), 'utf8'), { columns: true });
  const estimates: Record<BlindSnrMethod | 'calibrated', SnrEstimate[]> = { noiseFloor: [], wada: [], calibrated: [] };
  const noizeus: Record<BlindSnrMethod, SnrEstimate[]> = { noiseFloor: [], wada: [] };
  for (const l of labels) {
    const noisy = (await decodeAudio(join(dir, l.FileName), FS)).samples;
    const clean = (await decodeAudio(join(dir, l.CleanFile), FS)).samples;
    const trueSnrDb = Number(l.SNR_dB);
    for (const method of ['noiseFloor', 'wada'] as const) {
      const e = { trueSnrDb, estimatedSnrDb: blindSnrDb(noisy, FS, method) };
      estimates[method].push(e);
      if (l.FileName.includes('noizeus')) noizeus[method].push(e);
    }
    const noise = noisy.map((x, i) => x - (clean[i] ?? 0));
    if (l.FileName.includes('noizeus')) estimates.calibrated.push({ trueSnrDb, estimatedSnrDb: calibratedSnr(clean, noise, FS).snrDb });
  }
  printTable('blind, noise-floor estimator (the default), NOIZEUS 0-15 dB (aim: MAE ≤ 2 dB):', noizeus.noiseFloor);
  printTable('blind, WADA-SNR (Kim & Stern 2008), NOIZEUS 0-15 dB:', noizeus.wada);
  printTable('blind, noise-floor estimator, all files incl. SpEAR (−6 to 16 dB):', estimates.noiseFloor);
  printTable('calibrated (P.56 active level of the clean part minus the noise level), NOIZEUS:', estimates.calibrated);
}
