import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeEnergySpectralLlds } from '../../../dsp/compare/energySpectralLlds.js';
import { spectralRollOffs } from './energySpectralModule.js';

const FRACTIONS = [0.25, 0.5, 0.75, 0.9];

test('roll-off of a flat spectrum: the first bin k ≥ p·256, at k·31.25 Hz', () => {
  const out = spectralRollOffs(new Float32Array(257).fill(1), 1, 256, 31.25, FRACTIONS);
  assert.deepEqual(
    [...out],
    [64, 128, 192, Math.ceil(0.9 * 256)].map((k) => k * 31.25),
  );
});

test('roll-off of a single peak is the peak frequency for every fraction', () => {
  const power = new Float32Array(257);
  power[40] = 3;
  const out = spectralRollOffs(power, 1, 256, 31.25, FRACTIONS);
  assert.deepEqual([...out], [1250, 1250, 1250, 1250]);
});

test('roll-off of white noise is close to p·8000 Hz', () => {
  let seed = 3;
  const noise = new Float32Array(16000).map(() => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  });
  const { names, contours } = computeEnergySpectralLlds(noise);
  FRACTIONS.forEach((p) => {
    const c = contours[names.indexOf(`pcm_fftMag_spectralRollOff${(p * 100).toFixed(1)}`)];
    const mean = c.reduce((a, v) => a + v, 0) / c.length;
    assert.ok(Math.abs(mean - p * 8000) < 0.03 * 8000, `${p}: ${mean}`);
  });
});
