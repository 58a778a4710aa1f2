import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeEnergySpectralLlds } from '../../../dsp/compare/energySpectralLlds.js';
import { spectralMoments } from './energySpectralModule.js';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('moments of two equal lines: centroid midway, variance (Δ/2)², skewness 0, kurtosis 1', () => {
  const power = new Float32Array(257);
  power[32] = 2;
  power[96] = 2;
  const [c, v, s, k] = spectralMoments(power, 1, 256, 31.25);
  close(c, 64 * 31.25, 1e-9, 'centroid');
  close(v, (32 * 31.25) ** 2, 1e-6, 'variance');
  close(s, 0, 1e-9, 'skewness');
  close(k, 1, 1e-9, 'kurtosis');
});

test('an asymmetric pair is skewed towards the weaker line', () => {
  const power = new Float32Array(257);
  power[20] = 3;
  power[60] = 1;
  const [c, , s] = spectralMoments(power, 1, 256, 31.25);
  close(c, 30 * 31.25, 1e-9, 'centroid');
  assert.ok(s > 0);
});

test('a single line and silence give zero spread, skewness and kurtosis', () => {
  const power = new Float32Array(257);
  power[50] = 1;
  assert.deepEqual([...spectralMoments(power, 1, 256, 31.25)], [50 * 31.25, 0, 0, 0]);
  assert.deepEqual([...spectralMoments(new Float32Array(257), 1, 256, 31.25)], [0, 0, 0, 0]);
});

test('centroid of a 1 kHz tone is 1 kHz', () => {
  const x = new Float32Array(4000).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 16000 + 0.2));
  const { names, contours } = computeEnergySpectralLlds(x);
  for (const v of contours[names.indexOf('pcm_fftMag_spectralCentroid')]) close(v, 1000, 2, 'centroid');
});
