import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smoothMovingAverage, smoothSma3 } from '../../../dsp/compare/smoothing.js';

const f32 = (a: number[]): Float32Array => Float32Array.from(a);

test('smoothSma3 is a centred 3-frame mean with the edge frames repeated', () => {
  const y = smoothSma3(f32([3, 6, 0, 9, 12]));
  // edges: (3+3+6)/3 = 4 and (9+12+12)/3 = 11
  assert.deepEqual(Array.from(y), [4, 3, 5, 7, 11]);
});

test('smoothSma3 keeps a constant and a linear ramp (interior) unchanged', () => {
  assert.deepEqual(Array.from(smoothSma3(f32([2.5, 2.5, 2.5, 2.5]))), [2.5, 2.5, 2.5, 2.5]);
  const ramp = smoothSma3(f32([0, 1, 2, 3, 4, 5]));
  assert.deepEqual(Array.from(ramp.subarray(1, 5)), [1, 2, 3, 4]);
});

test('smoothSma3 noZero: zeros stay zero and are left out of their neighbours', () => {
  const y = smoothSma3(f32([0, 3, 6, 0, 0, 9, -100, 0]), true);
  assert.deepEqual(Array.from(y), [0, 4.5, 4.5, 0, 0, -45.5, -45.5, 0].map(Math.fround));
});

test('smoothSma3 on a single frame and an empty contour', () => {
  assert.deepEqual(Array.from(smoothSma3(f32([7]))), [7]);
  assert.equal(smoothSma3(new Float32Array(0)).length, 0);
  // Frames past an empty contour have no frame to repeat: NaN, as the JavaScript loop gave, not a trap in the module.
  assert.deepEqual(Array.from(smoothMovingAverage(new Float32Array(0), false, 3, new Float32Array(2))), [NaN, NaN]);
});

test('smoothSma3 rounds like openSMILE float32 (sum in float32, then divide)', () => {
  const x = f32([0.1, 0.2, 0.7]);
  const expected = Math.fround(Math.fround(Math.fround(x[1] + x[0]) + x[2]) / 3);
  assert.equal(smoothSma3(x)[1], expected);
});

test('smoothMovingAverage rejects an even window', () => {
  assert.throws(() => smoothMovingAverage(f32([1, 2]), false, 2), /odd/);
  assert.deepEqual(Array.from(smoothMovingAverage(f32([5, 0, 0, 0, 5]), false, 5)), [3, 2, 2, 2, 3]);
});
