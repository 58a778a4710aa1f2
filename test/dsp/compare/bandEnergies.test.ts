import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spectralBand } from '../../../dsp/compare/bandEnergies.js';
import { bandEnergy } from './energySpectralModule.js';

test('fband250-650 and fband1000-4000 on a flat spectrum: edge bins weighted by the fraction inside, divided by 256', () => {
  const power = new Float32Array(257).fill(1);
  const low = spectralBand(250, 650, 31.25);
  // 250 Hz is bin 8 exactly (whole bin), 650 Hz is 0.8 of the way into bin 20.
  assert.deepEqual([low.firstBin, low.lastBin, low.firstWeight], [8, 20, 1]);
  assert.ok(Math.abs(low.lastWeight - 0.8) < 1e-12);
  assert.ok(Math.abs(bandEnergy(power, low, 256) - (1 + 11 + 0.8) / 256) < 1e-12);
  const high = spectralBand(1000, 4000, 31.25);
  assert.deepEqual(high, { firstBin: 32, lastBin: 128, firstWeight: 1, lastWeight: 1 });
  assert.ok(Math.abs(bandEnergy(power, high, 256) - 97 / 256) < 1e-12);
});

test('band energy ignores power outside the band', () => {
  const power = new Float32Array(257);
  power[7] = 5;
  power[21] = 5;
  power[14] = 2;
  assert.equal(bandEnergy(power, spectralBand(250, 650, 31.25), 256), 2 / 256);
});
