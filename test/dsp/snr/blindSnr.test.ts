import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blindSnrDb, type BlindSnrMethod } from '../../../dsp/snr/blindSnr.js';
import { noiseFloorSnr } from '../../../dsp/snr/noiseFloorSnr.js';
import { createRng, gaussianNoise } from '../../../dsp/random.js';
import { snrErrorByLevel } from '../../../dsp/snr/snrErrorByLevel.js';
import { buildWadaTable, erf, expectedLogAbsNormal } from '../../../dsp/snr/wadaTable.js';
import { defaultWadaTable, wadaSnrDb } from '../../../dsp/snr/wadaSnr.js';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { activeSpeechLevel, rmsLevelDbov } from '../../../dsp/snr/activeSpeechLevel.js';
import { SHARED_DIR, SKIP_NO_SHARED } from '../../support/paths.js';
import { gammaSamples, voicedSpeechLike } from './signals.js';
import { noisySnrItems, readMonoWav } from './sharedData.js';

const FS = 16000;
const EULER_GAMMA = 0.5772156649015329;

test('erf and E ln|N(r,1)| match closed forms', () => {
  assert.ok(Math.abs(erf(0.5) - 0.5204998778130465) < 1e-15);
  assert.ok(Math.abs(erf(-1) + 0.8427007929497149) < 1e-15);
  assert.ok(Math.abs(erf(3) - 0.9999779095030014) < 1e-15);
  // E ln|N(0,1)| = ½(ψ(½) + ln 2) = −(γ + ln 2)/2.
  assert.ok(Math.abs(expectedLogAbsNormal(0) + (EULER_GAMMA + Math.LN2) / 2) < 1e-14);
  // Series and asymptotic branches meet at r = 40.
  assert.ok(Math.abs(expectedLogAbsNormal(40 - 1e-9) - expectedLogAbsNormal(40 + 1e-9)) < 1e-9);
  // Large r: ln r − 1/(2r²) to leading order.
  assert.ok(Math.abs(expectedLogAbsNormal(20) - (Math.log(20) - 1 / 800)) < 1e-5);
});

test('the WADA table is increasing and meets its noise-only and speech-only limits', () => {
  const { snrDb, statistic } = defaultWadaTable();
  assert.equal(snrDb[0], -20);
  assert.equal(snrDb[snrDb.length - 1], 100);
  for (let i = 1; i < statistic.length; i++) assert.ok(statistic[i] > statistic[i - 1]);
  // Gaussian noise alone: ln E|n| − E ln|n| = ln√(2/π) + (γ + ln 2)/2.
  const noiseOnly = Math.log(Math.sqrt(2 / Math.PI)) + (EULER_GAMMA + Math.LN2) / 2;
  assert.ok(Math.abs(statistic[0] - noiseOnly) < 1e-3, `${statistic[0]} vs ${noiseOnly}`);
  // Gamma(0.4) alone: ln α − ψ(α), with ψ(0.4) = −2.5613845445851163.
  const speechOnly = Math.log(0.4) + 2.5613845445851164;
  // The approach is slow (the Gamma density piles up near zero, where any noise dominates): at 300 dB it is ~2e-6 short.
  const atVeryHighSnr = buildWadaTable({ minSnrDb: 300, maxSnrDb: 300 }).statistic[0];
  assert.ok(Math.abs(atVeryHighSnr - speechOnly) < 1e-5, `${atVeryHighSnr} vs ${speechOnly}`);
});

test('WADA recovers the SNR of Gamma(0.4) speech in Gaussian noise (Monte Carlo check of the table)', () => {
  const count = 400_000;
  const amplitude = gammaSamples(count, 0.4, 21);
  const sign = createRng(22).uniform;
  const speech = Float32Array.from(amplitude, (a) => (sign() < 0.5 ? -a : a));
  const speechPower = speech.reduce((s, v) => s + v * v, 0) / count;
  for (const snr of [0, 10, 20]) {
    const noise = gaussianNoise(count, 23 + snr, Math.sqrt(speechPower / 10 ** (snr / 10)));
    const estimate = wadaSnrDb(speech.map((v, i) => v + noise[i]));
    assert.ok(Math.abs(estimate - snr) < 0.3, `${snr} dB: ${estimate}`);
  }
});

test('noise-floor SNR of voiced speech-like talkspurts in stationary noise follows the truth', () => {
  // Talk half of the time, as in conversation; 25 s.
  const talkspurts: [number, number][] = [
    [1, 4],
    [8, 4],
    [15, 4],
    [21, 2],
  ];
  const speechLevelDbov = -26;
  const errors = [0, 5, 10, 15].map((snr) => {
    const speech = voicedSpeechLike(talkspurts, 25, speechLevelDbov);
    const noiseLevelDbov = speechLevelDbov - snr;
    const noise = gaussianNoise(speech.length, 41 + snr, 10 ** (noiseLevelDbov / 20));
    const result = noiseFloorSnr(
      speech.map((v, i) => v + noise[i]),
      FS,
    );
    assert.ok(Math.abs(result.noiseLevelDbov - noiseLevelDbov) <= 1, `${snr} dB: noise ${result.noiseLevelDbov} vs ${noiseLevelDbov}`);
    return result.snrDb - snr;
  });
  // Measured errors −2.8, −2.1, −0.7, −0.8 dB: at 0 dB the noise's own frame-to-frame spread enters the
  // speech estimate and lowers the active level.
  assert.ok(Math.abs(errors[0]) <= 3, `0 dB: error ${errors[0]}`);
  for (const e of errors.slice(1)) assert.ok(Math.abs(e) <= 2.5, `errors ${errors}`);
  assert.ok(Number.isNaN(noiseFloorSnr(new Float32Array(FS), FS).snrDb));
  assert.ok(Number.isNaN(noiseFloorSnr(new Float32Array(100), FS).snrDb));
});

test('snrErrorByLevel groups by rounded level and pools', () => {
  const rows = snrErrorByLevel(
    [
      { trueSnrDb: 0, estimatedSnrDb: 1 },
      { trueSnrDb: 0.31, estimatedSnrDb: -0.69 },
      { trueSnrDb: 5, estimatedSnrDb: 8 },
      { trueSnrDb: 30, estimatedSnrDb: 30 },
    ],
    { maxLevelDb: 15 },
  );
  assert.deepEqual(
    rows.map((r) => [r.levelDb, r.count, r.meanAbsoluteErrorDb, r.maxAbsoluteErrorDb]),
    [
      [0, 2, 1, 1],
      [5, 1, 3, 3],
      [NaN, 3, 5 / 3, 3],
    ],
  );
  assert.ok(Math.abs(rows[0].biasDb) < 1e-12);
  assert.ok(Math.abs(rows[2].biasDb - 1) < 1e-12);
  assert.throws(() => snrErrorByLevel([{ trueSnrDb: 0, estimatedSnrDb: NaN }]), /NaN/);
});

test('blind SNR on the real noisy speech of noisy-snr (NOIZEUS, 0–15 dB): per-level MAE and bias', { skip: SKIP_NO_SHARED }, (t) => {
  const items = noisySnrItems().filter((item) => item.corpus === 'NOIZEUS');
  const signals = items.map((item) => readMonoWav(item.noisyPath));
  const summaries = (['noiseFloor', 'wada'] as BlindSnrMethod[]).map((method) => {
    const rows = snrErrorByLevel(
      items.map((item, i) => ({ trueSnrDb: item.snrDb, estimatedSnrDb: blindSnrDb(signals[i].signal, signals[i].sampleRateHz, method) })),
      { minLevelDb: 0, maxLevelDb: 15 },
    );
    for (const r of rows) {
      const level = Number.isNaN(r.levelDb) ? 'all' : `${r.levelDb} dB`;
      t.diagnostic(`${method} ${level}: n=${r.count} MAE ${r.meanAbsoluteErrorDb.toFixed(2)} bias ${r.biasDb.toFixed(2)} max ${r.maxAbsoluteErrorDb.toFixed(2)}`);
    }
    return { method, rows, pooled: rows[rows.length - 1] };
  });
  const [noiseFloor, wada] = summaries;
  assert.equal(noiseFloor.pooled.count, 32);
  // Measured: noiseFloor pooled MAE 1.63 dB (per level 2.71 / 1.27 / 0.87 / 1.67); WADA 2.35 dB (bias +2.3 dB).
  assert.ok(noiseFloor.pooled.meanAbsoluteErrorDb <= 2, `noiseFloor MAE ${noiseFloor.pooled.meanAbsoluteErrorDb}`);
  for (const r of noiseFloor.rows) assert.ok(r.meanAbsoluteErrorDb <= 3, `noiseFloor ${r.levelDb} dB: MAE ${r.meanAbsoluteErrorDb}`);
  assert.ok(wada.pooled.meanAbsoluteErrorDb <= 2.6, `WADA MAE ${wada.pooled.meanAbsoluteErrorDb}`);
  assert.ok(noiseFloor.pooled.meanAbsoluteErrorDb < wada.pooled.meanAbsoluteErrorDb);
});

test('blind SNR on the room-recorded SpEAR files follows the known SNR (−6 to 16 dB)', { skip: SKIP_NO_SHARED }, (t) => {
  const items = noisySnrItems().filter((item) => item.corpus === 'SpEAR');
  const estimates = items.map((item) => {
    const { signal, sampleRateHz } = readMonoWav(item.noisyPath);
    return { trueSnrDb: item.snrDb, estimatedSnrDb: blindSnrDb(signal, sampleRateHz) };
  });
  const pooled = snrErrorByLevel(estimates).at(-1)!;
  t.diagnostic(`noiseFloor SpEAR: n=${pooled.count} MAE ${pooled.meanAbsoluteErrorDb.toFixed(2)} bias ${pooled.biasDb.toFixed(2)}`);
  // Measured MAE 1.50 dB, reading low at the high end (16.08 dB → 12.0 dB).
  assert.ok(pooled.meanAbsoluteErrorDb <= 2, `MAE ${pooled.meanAbsoluteErrorDb}`);
  const sorted = [...estimates].sort((a, b) => a.trueSnrDb - b.trueSnrDb);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].estimatedSnrDb > sorted[i - 1].estimatedSnrDb, 'not monotonic');
});

test('blind SNR on emotional speech mixed with the shared real noises (music, babble, radio, talkers) at 0–15 dB', { skip: SKIP_NO_SHARED }, (t) => {
  // Every 4th RAVDESS utterance (76) × 4 SNRs, each with the next of the 14 noise clips at a fixed offset; the SNR is set
  // on the P.56 active level, as NOIZEUS does. Radio shows are the paper's noise: this is the case that matters.
  const speechDir = resolve(SHARED_DIR, 'data', 'emotion', 'Audios');
  const noiseDir = resolve(SHARED_DIR, 'data', 'noise');
  const speechFiles = readdirSync(speechDir)
    .filter((f) => f.endsWith('.wav'))
    .sort()
    .filter((_, i) => i % 4 === 0);
  const noises = readdirSync(noiseDir)
    .filter((f) => f.endsWith('.wav'))
    .sort()
    .map((f) => readMonoWav(resolve(noiseDir, f)).signal);
  const estimates: Record<BlindSnrMethod, { trueSnrDb: number; estimatedSnrDb: number }[]> = { noiseFloor: [], wada: [] };
  let mixture = 0;
  for (const file of speechFiles) {
    const speech = readMonoWav(resolve(speechDir, file)).signal;
    const speechLevelDbov = activeSpeechLevel(speech, FS).activeLevelDbov;
    for (const snrDb of [0, 5, 10, 15]) {
      mixture++;
      const noise = noises[mixture % noises.length];
      const offset = (mixture * 7919) % (noise.length - speech.length);
      const segment = noise.subarray(offset, offset + speech.length);
      const gain = 10 ** ((speechLevelDbov - snrDb - rmsLevelDbov(segment)) / 20);
      const noisy = speech.map((v, i) => v + gain * segment[i]);
      for (const method of ['noiseFloor', 'wada'] as BlindSnrMethod[]) {
        estimates[method].push({ trueSnrDb: snrDb, estimatedSnrDb: blindSnrDb(noisy, FS, method) });
      }
    }
  }
  const pooled = (method: BlindSnrMethod) => {
    const rows = snrErrorByLevel(estimates[method]);
    for (const r of rows) {
      const level = Number.isNaN(r.levelDb) ? 'all' : `${r.levelDb} dB`;
      t.diagnostic(`${method} ${level}: n=${r.count} MAE ${r.meanAbsoluteErrorDb.toFixed(2)} bias ${r.biasDb.toFixed(2)}`);
    }
    return rows[rows.length - 1];
  };
  const noiseFloor = pooled('noiseFloor');
  const wada = pooled('wada');
  // Measured (76 utterances × 4 SNRs): noiseFloor MAE 2.97 dB, bias +1.84 (+4.3 at 0 dB, where talkers, music
  // and radio shows read as speech); WADA MAE 3.16 dB, bias +1.56. Neither reaches 2 dB on this noise: the
  // calibrated SNR is the one to trust for it.
  assert.equal(noiseFloor.count, 4 * speechFiles.length);
  assert.ok(noiseFloor.meanAbsoluteErrorDb <= 3.5, `noiseFloor MAE ${noiseFloor.meanAbsoluteErrorDb}`);
  assert.ok(wada.meanAbsoluteErrorDb <= 3.5, `WADA MAE ${wada.meanAbsoluteErrorDb}`);
});
