import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeSpeechLevel, rmsLevelDbov } from '../../../dsp/snr/activeSpeechLevel.js';
import { gaussianNoise } from '../../../dsp/random.js';
import { MINUTE_OF_TALKSPURTS, speechLike } from './signals.js';

const FS = 16000;

test('active level of speech-like talkspurts with pauses is within 0.3 dB of the talkspurt level', () => {
  for (const [levelDbov, seed] of [
    [-26, 1],
    [-40, 2],
    [-12, 3],
  ]) {
    const { signal, talkLevelDbov, talkFraction } = speechLike(MINUTE_OF_TALKSPURTS, 60, levelDbov, seed);
    const result = activeSpeechLevel(signal, FS);
    assert.ok(Math.abs(result.activeLevelDbov - talkLevelDbov) <= 0.3, `${result.activeLevelDbov} vs ${talkLevelDbov}`);
    // P.56 counts the talkspurts plus up to ~0.2 s hangover and the envelope's decay after each of them.
    const hangoverAllowance = (MINUTE_OF_TALKSPURTS.length * 0.3) / 60;
    assert.ok(result.activityFactor >= talkFraction - 0.01, `activity ${result.activityFactor} < ${talkFraction}`);
    assert.ok(result.activityFactor <= talkFraction + hangoverAllowance, `activity ${result.activityFactor}`);
    // The active level exceeds the long-term level by exactly the pause fraction.
    assert.ok(Math.abs(result.longTermLevelDbov - rmsLevelDbov(signal)) < 1e-9);
    assert.ok(Math.abs(result.activeLevelDbov - result.longTermLevelDbov + 10 * Math.log10(result.activityFactor)) < 1e-9);
  }
});

test('short pauses inside speech are bridged by the hangover; long pauses are not', () => {
  // 0.1 s gaps (shorter than the 0.2 s hangover) every second: P.56 counts them as speech.
  const bridged: [number, number][] = Array.from({ length: 20 }, (_, i) => [i, 0.9]);
  const shortGaps = activeSpeechLevel(speechLike(bridged, 20, -26, 4).signal, FS);
  assert.ok(shortGaps.activityFactor > 0.97, `activity ${shortGaps.activityFactor}`);
  // 1 s talk, 1 s pause: activity about half (plus hangover).
  const halves: [number, number][] = Array.from({ length: 10 }, (_, i) => [2 * i, 1]);
  const longGaps = activeSpeechLevel(speechLike(halves, 20, -26, 5).signal, FS);
  assert.ok(longGaps.activityFactor > 0.5 && longGaps.activityFactor < 0.66, `activity ${longGaps.activityFactor}`);
});

test('level follows gain exactly and is independent of the sample rate', () => {
  const { signal } = speechLike(MINUTE_OF_TALKSPURTS, 60, -30, 6);
  const louder = signal.map((v) => v * 10);
  const a = activeSpeechLevel(signal, FS);
  const b = activeSpeechLevel(louder, FS);
  assert.ok(Math.abs(b.activeLevelDbov - a.activeLevelDbov - 20) < 0.05, `${a.activeLevelDbov} ${b.activeLevelDbov}`);
  const at8k = speechLike(MINUTE_OF_TALKSPURTS, 60, -30, 6, 8000);
  const c = activeSpeechLevel(at8k.signal, 8000);
  assert.ok(Math.abs(c.activeLevelDbov - at8k.talkLevelDbov) <= 0.3);
});

test('continuous noise is all active; a full-scale square wave is 0 dBov; silence is −∞', () => {
  const noise = gaussianNoise(FS * 10, 9, 0.05);
  const n = activeSpeechLevel(noise, FS);
  assert.ok(n.activityFactor > 0.99, `activity ${n.activityFactor}`);
  assert.ok(Math.abs(n.activeLevelDbov - 20 * Math.log10(0.05)) < 0.1);
  // Up to 0.1 dB high: the envelope needs a few time constants to rise at the start.
  const square = Float32Array.from({ length: FS * 2 }, (_, i) => (Math.floor(i / 40) % 2 ? 1 : -1));
  const squareLevel = activeSpeechLevel(square, FS);
  assert.equal(squareLevel.longTermLevelDbov, 0);
  assert.ok(squareLevel.activeLevelDbov >= 0 && squareLevel.activeLevelDbov < 0.1, `${squareLevel.activeLevelDbov}`);
  const silent = activeSpeechLevel(new Float32Array(FS), FS);
  assert.equal(silent.activeLevelDbov, -Infinity);
  assert.equal(silent.activityFactor, 0);
});
