import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpectralSlope } from '../../../dsp/compare/spectralSlope.js';

test('slope of a linear power spectrum is its slope per Hz times 255 (openSMILE legacy scale)', () => {
  const power = new Float32Array(257).map((_, k) => 2 + 0.001 * k * 31.25);
  const slope = new SpectralSlope(1, 256, 31.25).compute(power);
  assert.ok(Math.abs(slope - 0.001 * 255) < 1e-8, `${slope}`);
});

test('slope of a flat spectrum is 0, of a falling one negative', () => {
  const s = new SpectralSlope(1, 256, 31.25);
  assert.ok(Math.abs(s.compute(new Float32Array(257).fill(3))) < 1e-15);
  assert.ok(s.compute(new Float32Array(257).map((_, k) => 1 / (k + 1))) < 0);
});
