import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fftConvolve } from '../../../dsp/room/fftConvolve.js';
import { gaussianNoise } from '../../../dsp/random.js';

function directConvolve(signal: Float32Array, filter: Float32Array): Float64Array {
  const out = new Float64Array(signal.length + filter.length - 1);
  for (let i = 0; i < signal.length; i++) for (let j = 0; j < filter.length; j++) out[i + j] += signal[i] * filter[j];
  return out;
}

test('matches direct convolution for short, long, and odd-sized inputs', () => {
  const cases: [number, number][] = [
    [1, 1],
    [5, 3],
    [3, 5],
    [1000, 1],
    [4001, 257],
    [20000, 3000],
    [100, 900],
  ];
  for (const [signalLength, filterLength] of cases) {
    const signal = gaussianNoise(signalLength, signalLength);
    const filter = gaussianNoise(filterLength, filterLength + 1);
    const expected = directConvolve(signal, filter);
    const actual = fftConvolve(signal, filter);
    assert.equal(actual.length, expected.length);
    let peak = 0;
    for (const v of expected) peak = Math.max(peak, Math.abs(v));
    for (let i = 0; i < expected.length; i++) {
      assert.ok(Math.abs(actual[i] - expected[i]) <= 1e-5 * peak, `${signalLength}×${filterLength} at ${i}: ${actual[i]} vs ${expected[i]}`);
    }
  }
});

test('a delayed, scaled unit impulse delays and scales the signal; empty inputs give empty output', () => {
  const signal = gaussianNoise(5000, 9);
  const filter = new Float32Array(40);
  filter[17] = 0.5;
  const out = fftConvolve(signal, filter);
  for (let i = 0; i < out.length; i++) {
    const expected = i >= 17 && i - 17 < signal.length ? 0.5 * signal[i - 17] : 0;
    assert.ok(Math.abs(out[i] - expected) < 1e-6);
  }
  assert.equal(fftConvolve(new Float32Array(0), filter).length, 0);
  assert.equal(fftConvolve(signal, new Float32Array(0)).length, 0);
});

test('a minute of 16 kHz audio with a 0.25 s response', (t) => {
  const signal = gaussianNoise(60 * 16000, 1);
  const filter = gaussianNoise(4000, 2);
  const started = performance.now();
  const out = fftConvolve(signal, filter);
  t.diagnostic(`60 s ⊛ 0.25 s: ${(performance.now() - started).toFixed(0)} ms`);
  // Spot check a few samples against the direct sum.
  for (const i of [0, 3999, 123456, out.length - 1]) {
    let expected = 0;
    for (let j = 0; j < filter.length; j++) if (i - j >= 0 && i - j < signal.length) expected += signal[i - j] * filter[j];
    assert.ok(Math.abs(out[i] - expected) < 1e-3, `at ${i}: ${out[i]} vs ${expected}`);
  }
});
