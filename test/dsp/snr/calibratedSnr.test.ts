import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibratedSnr, calibrationRecordingProblems } from '../../../dsp/snr/calibratedSnr.js';
import { gaussianNoise } from '../../../dsp/random.js';
import { SKIP_NO_SHARED } from '../../support/paths.js';
import { MINUTE_OF_TALKSPURTS, speechLike } from './signals.js';
import { noisySnrItems, readMonoWav } from './sharedData.js';

const FS = 16000;

test('calibrated SNR of synthetic speech-only and noise-only recordings at −5…20 dB is within 0.5 dB', () => {
  for (let targetDb = -5; targetDb <= 20; targetDb += 5) {
    const speech = speechLike(MINUTE_OF_TALKSPURTS, 60, -24, 100 + targetDb);
    const noiseLevelDbov = speech.talkLevelDbov - targetDb;
    // Noise that rises and falls by ±6 dB every few seconds, like a radio programme.
    const noise = gaussianNoise(60 * FS, 200 + targetDb);
    let energy = 0;
    for (let i = 0; i < noise.length; i++) {
      noise[i] *= 10 ** ((6 * Math.sin((2 * Math.PI * i) / (7.3 * FS))) / 20);
      energy += noise[i] * noise[i];
    }
    const gain = Math.sqrt(10 ** (noiseLevelDbov / 10) / (energy / noise.length));
    const scaledNoise = noise.map((v) => v * gain);
    const result = calibratedSnr(speech.signal, scaledNoise, FS);
    assert.ok(Math.abs(result.snrDb - targetDb) <= 0.5, `target ${targetDb}: got ${result.snrDb}`);
    assert.ok(Math.abs(result.noiseLevelDbov - noiseLevelDbov) < 1e-3);
  }
});

test('calibrated SNR reproduces the NOIZEUS nominal SNRs (defined on the P.56 active level) within 0.2 dB', { skip: SKIP_NO_SHARED }, () => {
  const items = noisySnrItems().filter((item) => item.corpus === 'NOIZEUS');
  assert.equal(items.length, 32);
  for (const item of items) {
    const noisy = readMonoWav(item.noisyPath);
    const clean = readMonoWav(item.cleanPath).signal;
    // NOIZEUS noise was added digitally: noisy − clean is exactly the noise that was added.
    const noise = noisy.signal.map((v, i) => v - clean[i]);
    const { snrDb } = calibratedSnr(clean, noise, noisy.sampleRateHz);
    assert.ok(Math.abs(snrDb - item.snrDb) <= 0.2, `${item.noisyPath}: ${snrDb} vs ${item.snrDb}`);
  }
});

test('calibration recordings that are silent, clipped, too short or not finite are reported with a reason', () => {
  const good = speechLike(MINUTE_OF_TALKSPURTS.slice(0, 2), 10, -20, 11).signal;
  assert.deepEqual(calibrationRecordingProblems(good, FS), []);
  assert.deepEqual(calibrationRecordingProblems(gaussianNoise(5 * FS, 12, 0.01), FS), []);

  assert.deepEqual(calibrationRecordingProblems(new Float32Array(5 * FS), FS), ['silent: every sample is zero']);
  const nearSilent = calibrationRecordingProblems(gaussianNoise(5 * FS, 13, 1e-5), FS);
  assert.equal(nearSilent.length, 1);
  assert.match(nearSilent[0], /^silent: level -100\.\d dBov is below -70 dBov$/);

  // Driven into a limiter at 0.5 (−6 dBFS): the flat tops give it away although it never reaches full scale.
  const clippedAtHalf = good.map((v) => Math.max(-0.5, Math.min(0.5, v * 8)));
  const clipped = calibrationRecordingProblems(clippedAtHalf, FS);
  assert.equal(clipped.length, 1);
  assert.match(clipped[0], /^clipped: \d+\.\d\d % of samples sit in flat runs at the peak \(-6\.0 dBFS\)/);

  assert.match(calibrationRecordingProblems(good.subarray(0, FS / 2), FS)[0], /^too short: 0\.50 s, need at least 1 s$/);
  const withNaN = good.slice();
  withNaN[123] = NaN;
  assert.deepEqual(calibrationRecordingProblems(withNaN, FS), ['contains a non-finite sample at index 123']);
});
