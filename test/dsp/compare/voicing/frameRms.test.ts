import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gaussianWindow } from '../../../../dsp/compare/framing.js';
import { windowedFrameRms } from '../../../../dsp/compare/voicing/frameRms.js';

/** The sum as the JavaScript wrote it: four partial sums of (x·w)² in doubles (i mod 4), the rest into the first. */
function referenceRms(x: Float32Array, start: number, window: Float32Array): number {
  const e = [0, 0, 0, 0];
  const L = window.length;
  let i = 0;
  for (; i + 3 < L; i += 4) {
    for (let j = 0; j < 4; j++) {
      const v = x[start + i + j] * window[i + j];
      e[j] += v * v;
    }
  }
  for (; i < L; i++) {
    const v = x[start + i] * window[i];
    e[0] += v * v;
  }
  return Math.fround(Math.sqrt((e[0] + e[1] + (e[2] + e[3])) / L));
}

test('windowedFrameRms: a constant, and a sine over whole periods with a rectangular window', () => {
  assert.deepEqual(Array.from(windowedFrameRms(new Float32Array(100).fill(0.5), new Float32Array(8).fill(1), 10, 10)), new Array(10).fill(0.5));
  // 0.8·sin over 16 samples a period: RMS 0.8/√2 in every frame of 32 samples.
  const sine = Float32Array.from({ length: 400 }, (_, i) => 0.8 * Math.sin((2 * Math.PI * i) / 16));
  for (const r of windowedFrameRms(sine, new Float32Array(32).fill(1), 3, 100)) assert.ok(Math.abs(r - 0.8 / Math.SQRT2) < 1e-6, `${r}`);
  assert.deepEqual(windowedFrameRms(sine, new Float32Array(32).fill(1), 3, 0), new Float32Array(0));
});

test('windowedFrameRms is the four-sum double RMS bit for bit, over several blocks of frames and odd window lengths', () => {
  let state = 12345;
  const x = Float32Array.from({ length: 60000 }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  });
  for (const [window, hop] of [
    [gaussianWindow(960), 160],
    [gaussianWindow(7), 3],
    [gaussianWindow(400), 160],
  ] as const) {
    const frames = Math.floor((x.length - window.length) / hop) + 1;
    const expected = Float32Array.from({ length: frames }, (_, k) => referenceRms(x, k * hop, window));
    assert.deepEqual(windowedFrameRms(x, window, hop, frames), expected, `window ${window.length}, hop ${hop}`);
  }
});
