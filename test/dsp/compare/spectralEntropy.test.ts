import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spectralEntropy } from './energySpectralModule.js';

test('entropy of a flat spectrum over 256 bins is 8 bits', () => {
  assert.ok(Math.abs(spectralEntropy(new Float32Array(257).fill(0.5), 1, 256) - 8) < 1e-12);
});

test("entropy of two equal peaks is 1 bit, plus the floored bins' small share", () => {
  const power = new Float32Array(257);
  power[10] = 1;
  power[20] = 1;
  const total = 2;
  const p = 1e-7 / total;
  // The peaks contribute −2·(½·log2 ½) = 1 bit; the 254 floored bins 1e-7 each.
  const expected = 1 - 254 * p * Math.log2(p);
  assert.ok(Math.abs(spectralEntropy(power, 1, 256) - expected) < 1e-9);
});

test('silence gives a finite entropy near 0 (powers and sum floored at 1e-7)', () => {
  const e = spectralEntropy(new Float32Array(257), 1, 256);
  assert.ok(Number.isFinite(e) && Math.abs(e) < 1e-4, `${e}`);
});
