import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPARE_FEATURE_NAMES, F0_COPY_NAME, LLD_CSV_NAMES } from '../../../dsp/compare/featureNames.js';
import { extractCompareFeatures, extractCompareFunctionals, extractCompareLlds, smoothAndDelta } from '../../../dsp/compare/extract.js';

const SAMPLE_RATE_HZ = 16000;

/** Deterministic pseudo-random noise in [−amplitude, amplitude]. */
function noise(length: number, amplitude: number, seed = 1): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return amplitude * (state / 2 ** 31 - 1);
  });
}

/** A 200 Hz tone with harmonics, voiced from 0.2 s to 0.8 s, over light noise. */
function voicedTone(seconds: number): Float32Array {
  const n = Math.round(seconds * SAMPLE_RATE_HZ);
  const x = noise(n, 0.002);
  for (let i = 0; i < n; i++) {
    const t = i / SAMPLE_RATE_HZ;
    if (t < 0.2 || t > 0.8) continue;
    for (let h = 1; h <= 5; h++) x[i] += (0.3 / h) * Math.sin(2 * Math.PI * 200 * h * t);
  }
  return x;
}

const indexOf = (name: string): number => COMPARE_FEATURE_NAMES.indexOf(name);
const assertAllFinite = (v: Float32Array, what: string): void => {
  const bad = Array.from(v).findIndex((x) => !Number.isFinite(x));
  assert.equal(bad, -1, `${what}: ${COMPARE_FEATURE_NAMES[bad]} = ${v[bad]}`);
};

test('audio shorter than one 60 ms frame is rejected with a reason', () => {
  assert.throws(() => extractCompareFunctionals(new Float32Array(959)), /too short.*960 samples/);
  assert.throws(() => extractCompareLlds(new Float32Array(100)), /too short/);
});

test('a voiced tone gives 6,373 finite features and a plausible F0', () => {
  const features = extractCompareFunctionals(voicedTone(1));
  assert.equal(features.length, 6373);
  assertAllFinite(features, 'tone');
  const f0Mean = features[indexOf('F0final_sma_amean')];
  assert.ok(Math.abs(f0Mean - 200) < 10, `F0 mean ${f0Mean}`);
  const voicedShare = features[indexOf(`${F0_COPY_NAME}_nnz`)];
  assert.ok(voicedShare > 0.45 && voicedShare < 0.75, `voiced share ${voicedShare}`);
});

test('silence, unvoiced noise and a one-frame signal give finite features (empty voicing block → 0)', () => {
  for (const [what, signal] of [
    ['silence', new Float32Array(SAMPLE_RATE_HZ / 2)],
    ['noise', noise(SAMPLE_RATE_HZ / 2, 0.3)],
    ['one frame', noise(960, 0.3)],
  ] as const) {
    const features = extractCompareFunctionals(signal);
    assertAllFinite(features, what);
    if (what !== 'noise') assert.equal(features[indexOf('F0final_sma_amean')], 0, what);
  }
});

test('extractCompareLlds gives 130 named columns of n60 frames', () => {
  const signal = voicedTone(0.5);
  const n60 = Math.floor((signal.length - 960) / 160) + 1;
  const llds = extractCompareLlds(signal);
  assert.deepEqual(llds.names, LLD_CSV_NAMES);
  assert.equal(llds.columns.length, 130);
  for (const c of llds.columns) assert.equal(c.length, n60);
  assert.equal(llds.frameTimesS.length, n60);
  assert.ok(Math.abs(llds.frameTimesS[n60 - 1] - (n60 - 1) * 0.01) < 1e-12);
  const both = extractCompareFeatures(signal);
  assert.deepEqual(both.functionals, extractCompareFunctionals(signal));
  assert.deepEqual(both.llds.columns, llds.columns);
});

test('smoothAndDelta: noZero smoothing for voicing, energy level cut to n60 + 1 frames', () => {
  const n60 = 5;
  const voicing = Array.from({ length: 6 }, () => Float32Array.from([0, 3, 6, 0, 0]));
  // 20 ms contours have n60 + 4 frames; the zcr (index 3) has n60
  const energySpectral = Array.from({ length: 59 }, (_, i) => (i === 3 ? Float32Array.from([0, 3, 6, 0, 3]) : Float32Array.from([0, 3, 6, 0, 0, 3, 3, 3, 9])));
  const s = smoothAndDelta(voicing, energySpectral, n60);
  assert.deepEqual(Array.from(s.voicing[0]), [0, 4.5, 4.5, 0, 0]);
  // energy level: real 20 ms frames up to n60 + 1 feed smoothed frame n60, then it ends
  assert.deepEqual(Array.from(s.energySpectral[0]), [1, 3, 3, 2, 1, 2]);
  // zcr: its last frame is repeated
  assert.deepEqual(Array.from(s.energySpectral[3]), [1, 3, 3, 3, 2, 3]);
  // spectral contours keep their frames
  assert.deepEqual(Array.from(s.energySpectral[4]), [1, 3, 3, 2, 1, 2, 3, 5, 7]);
  // the energy delta repeats smoothed frame n60 at the end: d[5] = (1·(2 − 1) + 2·(2 − 2))/10
  assert.equal(s.energySpectralDeltas[0][5], Math.fround(0.1));
  assert.equal(s.voicingDeltas.length, 6);
  assert.equal(s.energySpectralDeltas.length, 59);
});
