import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mfccTables } from '../../../dsp/compare/mfcc.js';
import { mfccs } from './energySpectralModule.js';

const TABLES = mfccTables();

const SCALE = 32767 * 32767;

test('MFCCs of a flat log mel spectrum are all 0', () => {
  const out = mfccs(new Float32Array(26).fill(1000 / SCALE), TABLES);
  for (const c of out) assert.ok(Math.abs(c) < 1e-5, `${c}`);
});

test('a cosine of index 3 in the log mel spectrum gives only c3 = √(2/26)·13·(1 + 11·sin(3π/22))', () => {
  const bands = new Float32Array(26).map((_, m) => Math.exp(5 + Math.cos((Math.PI * 3 * (m + 0.5)) / 26)) / SCALE);
  const out = mfccs(bands, TABLES);
  const expected = Math.sqrt(2 / 26) * 13 * (1 + 11 * Math.sin((3 * Math.PI) / 22));
  out.forEach((c, i) => assert.ok(Math.abs(c - (i + 1 === 3 ? expected : 0)) < 1e-4, `c${i + 1} = ${c}`));
});

test('band energies below 1 (after ×32767²) are floored at 1, i.e. ln = 0', () => {
  const out = mfccs(new Float32Array(26).fill(1e-12), TABLES);
  assert.ok(out.every((c) => c === 0));
});
