import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hzToBark, sharpnessWeight, sharpnessWeights } from '../../../dsp/compare/psySharpness.js';
import { psySharpness } from './energySpectralModule.js';

test('Traunmüller Bark: 1 kHz ≈ 8.5 Bark, 4 kHz ≈ 17.3 Bark, with the low and high corrections', () => {
  assert.ok(Math.abs(hzToBark(1000) - 8.5275) < 1e-3);
  assert.ok(Math.abs(hzToBark(4000) - (26.81 / (1 + 1960 / 4000) - 0.53)) < 1e-12);
  const z100 = 26.81 / (1 + 1960 / 100) - 0.53;
  assert.ok(Math.abs(hzToBark(100) - (0.85 * z100 + 0.3)) < 1e-12);
  const z8k = 26.81 / (1 + 1960 / 8000) - 0.53;
  assert.ok(Math.abs(hzToBark(8000) - (1.22 * z8k - 4.422)) < 1e-12);
});

test('Zwicker weight is 1 up to 16 Bark, then grows', () => {
  assert.equal(sharpnessWeight(10), 1);
  assert.equal(sharpnessWeight(16), 1);
  assert.ok(Math.abs(sharpnessWeight(20) - 2) < 1e-12);
});

test('sharpness of a single line is 0.11·z·g(z); of two lines the power-weighted mean', () => {
  const weights = sharpnessWeights(1, 256, 31.25);
  const power = new Float32Array(257);
  power[32] = 4; // 1000 Hz
  const z1 = hzToBark(1000);
  assert.ok(Math.abs(psySharpness(power, 1, 256, weights) - 0.11 * z1) < 1e-6);
  power[224] = 4; // 7000 Hz
  const z2 = hzToBark(7000);
  assert.ok(Math.abs(psySharpness(power, 1, 256, weights) - (0.11 * (z1 + z2 * sharpnessWeight(z2))) / 2) < 1e-6);
  assert.equal(psySharpness(new Float32Array(257), 1, 256, weights), 0);
});
