import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spectralHarmonicity } from './energySpectralModule.js';

test('harmonicity of a comb: half the summed peak-to-valley swings, over 256 bins', () => {
  // 1 + cos(2πk/8): maxima 2 at k ≡ 0 mod 8, minima 0 at k ≡ 4 mod 8. Bins 3..254 hold the
  // 63 extrema 4, 8, …, 252, so 62 swings of 2.
  const power = new Float32Array(257).map((_, k) => 1 + Math.cos((2 * Math.PI * k) / 8));
  assert.ok(Math.abs(spectralHarmonicity(power, 1, 256) - (62 * 2) / 2 / 256) < 1e-6);
});

test('a flat spectrum or a single peak has harmonicity 0; plateaus are not extrema', () => {
  assert.equal(spectralHarmonicity(new Float32Array(257).fill(1), 1, 256), 0);
  const power = new Float32Array(257);
  power[100] = 5;
  assert.equal(spectralHarmonicity(power, 1, 256), 0);
  power[101] = 5; // a 2-bin plateau: not a strict maximum
  power[150] = 3;
  power[200] = 4; // maxima 3 and 4: one swing of 1 (the zeros between are flat, not minima)
  assert.ok(Math.abs(spectralHarmonicity(power, 1, 256) - 1 / 2 / 256) < 1e-9);
});
