import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../dsp/random.js';
import { dftMagnitudes } from './dftReference.js';
import { RealFftMagnitude } from '../../../dsp/compare/realFft.js';

test('magnitudes match the DFT for every radix-4/radix-2 layout, odd and even frame lengths', () => {
  const rng = createRng(11);
  const random = (): number => rng.uniform() - 0.5;
  for (const [fftSize, frameLength] of [
    [8, 8],
    [16, 13],
    [32, 32],
    [64, 50],
    [128, 127],
    [512, 320],
    [1024, 960],
  ]) {
    const signal = Float32Array.from({ length: frameLength + 7 }, random);
    const window = Float32Array.from({ length: frameLength }, (_, i) => 0.5 + 0.5 * Math.cos(i));
    const frame = Float32Array.from({ length: frameLength }, (_, i) => signal[5 + i] * window[i]);
    const fft = new RealFftMagnitude(fftSize);
    assert.equal(fft.binCount, fftSize / 2 + 1);
    const ours = fft.compute(signal, 5, window, new Float32Array(fft.binCount));
    const expected = dftMagnitudes(frame, fftSize);
    const scale = Math.max(...expected);
    // float32 output: agreement to its precision relative to the largest bin.
    expected.forEach((v, k) => assert.ok(Math.abs(ours[k] - v) <= 1e-6 * scale, `N=${fftSize} bin ${k}: ${ours[k]} vs ${v}`));
  }
});

test('a cosine at bin 10 of a 1024-point transform peaks at bin 10 with N/2 amplitude', () => {
  const n = 1024;
  const signal = Float32Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 10 * i) / n));
  const out = new RealFftMagnitude(n).compute(signal, 0, new Float32Array(n).fill(1), new Float32Array(n / 2 + 1));
  assert.ok(Math.abs(out[10] - n / 2) < 1e-3);
  out.forEach((v, k) => k !== 10 && assert.ok(v < 1e-3, `bin ${k}: ${v}`));
});

test('sizes that are not a power of 2 are refused', () => {
  assert.throws(() => new RealFftMagnitude(960), /power of 2/);
});
