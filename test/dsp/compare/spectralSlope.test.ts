import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spectralSlopeConstants } from '../../../dsp/compare/spectralSlope.js';
import { spectralSlope } from './energySpectralModule.js';

const constants = spectralSlopeConstants(1, 256, 31.25);
const slopeOf = (power: Float32Array): number => spectralSlope(power, 1, 256, 31.25, constants);

test('slope of a linear power spectrum is its slope per Hz times 255 (openSMILE legacy scale)', () => {
  const power = new Float32Array(257).map((_, k) => 2 + 0.001 * k * 31.25);
  const slope = slopeOf(power);
  assert.ok(Math.abs(slope - 0.001 * 255) < 1e-8, `${slope}`);
});

test('slope of a flat spectrum is 0, of a falling one negative', () => {
  assert.ok(Math.abs(slopeOf(new Float32Array(257).fill(3))) < 1e-15);
  assert.ok(slopeOf(new Float32Array(257).map((_, k) => 1 / (k + 1))) < 0);
});
