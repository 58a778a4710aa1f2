import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../dsp/random.js';
import { dftMagnitudes } from './dftReference.js';
import { oouraTables } from '../../../dsp/compare/oouraRealFft32.js';
import { oouraMagnitudes } from './energySpectralModule.js';

test('float32 Ooura magnitudes match the float64 DFT to float32 precision, for every code path (64..2048 points)', () => {
  const rng = createRng(11);
  const random = (): number => rng.uniform() - 0.5;
  // 64 and 128 take cftfx41, 256 and 512 cftleaf, 1024 and 2048 cftrec4; frames shorter than the FFT are centred.
  for (const [fftSize, frameLength] of [
    [64, 50],
    [128, 127],
    [256, 200],
    [512, 320],
    [1024, 960],
    [2048, 2048],
  ]) {
    const signal = Float32Array.from({ length: frameLength + 7 }, random);
    const window = Float32Array.from({ length: frameLength }, (_, i) => 0.5 + 0.5 * Math.cos(i));
    const frame = Float32Array.from({ length: frameLength }, (_, i) => signal[5 + i] * window[i]);
    const ours = oouraMagnitudes(signal, 5, window, fftSize);
    assert.equal(ours.length, fftSize / 2 + 1);
    const expected = dftMagnitudes(frame, fftSize);
    const scale = Math.max(...expected);
    let worst = 0;
    expected.forEach((v, k) => (worst = Math.max(worst, Math.abs(ours[k] - v) / scale)));
    // float32 rounding of ~log2(N) butterfly stages: ~1e-7 of the largest bin, far above float64's 1e-15.
    assert.ok(worst <= 1e-6, `N=${fftSize}: ${worst}`);
    assert.ok(worst > 1e-9, `N=${fftSize}: ${worst} is float64 accuracy, not float32`);
  }
});

test('a cosine at bin 10 of a 1024-point transform peaks at bin 10 with N/2 amplitude', () => {
  const n = 1024;
  const signal = Float32Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 10 * i) / n));
  const out = oouraMagnitudes(signal, 0, new Float32Array(n).fill(1), n);
  assert.ok(Math.abs(out[10] - n / 2) < 1e-3);
  out.forEach((v, k) => k !== 10 && assert.ok(v < 1e-3, `bin ${k}: ${v}`));
});

test('sizes below 64 or not a power of 2 are refused', () => {
  assert.throws(() => oouraTables(960), /power of 2/);
  assert.throws(() => oouraTables(32), /power of 2/);
});
