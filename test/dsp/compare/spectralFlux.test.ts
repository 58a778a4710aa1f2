import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeEnergySpectralLlds } from '../../../dsp/compare/energySpectralLlds.js';
import { spectralFlux } from './energySpectralModule.js';

test('flux is the RMS of the magnitude change over bins 1..256', () => {
  const a = new Float32Array(257);
  const b = new Float32Array(257);
  assert.equal(spectralFlux(a, b, 1, 256), 0);
  b.fill(1);
  b[0] = 100; // DC is outside the range
  assert.equal(spectralFlux(a, b, 1, 256), 1);
  a[5] = 17; // one bin changes by 16: sqrt((255·1 + 16²)/256)
  assert.ok(Math.abs(spectralFlux(a, b, 1, 256) - Math.sqrt((255 + 256) / 256)) < 1e-12);
});

test('flux is 0 in the first frame and for a stationary tone', () => {
  const x = new Float32Array(8000).map((_, i) => Math.sin((2 * Math.PI * 1000 * i) / 16000));
  const { names, contours } = computeEnergySpectralLlds(x);
  const flux = contours[names.indexOf('pcm_fftMag_spectralFlux')];
  assert.equal(flux[0], 0);
  // 1 kHz has exactly 16 samples per period and the hop is 160: every frame is the same.
  for (let t = 1; t < flux.length; t++) assert.ok(flux[t] < 1e-4, `${t}: ${flux[t]}`);
});
