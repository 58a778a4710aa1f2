import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contourStats } from '../../../../dsp/compare/functionals/contourStats.js';
import { nonXSegments, relativeThresholdSegments } from '../../../../dsp/compare/functionals/segments.js';

const close = (actual: number, expected: number, tol = 1e-6): void => assert.ok(Math.abs(actual - expected) <= tol, `${actual} ≠ ${expected}`);

test('relTh segments of a square wave: boundaries where the 3-frame mean crosses 25% / 75%', () => {
  const x = Float32Array.from({ length: 40 }, (_, t) => (Math.floor(t / 10) % 2 === 1 ? 1 : 0));
  const s = relativeThresholdSegments(x, contourStats(x), 0.01);
  // boundaries at frames 10, 20, 30 (the second crossing of each edge is within segMinLng = 2);
  // lengths measured from −1, then 10 apart: 11, 10, 10 frames
  close(s.meanSegLen, (31 / 3) * 0.01);
  close(s.maxSegLen, 0.11);
  close(s.minSegLen, 0.1);
  close(s.segLenStddev, Math.sqrt(((11 - 31 / 3) ** 2 + 2 * (10 - 31 / 3) ** 2) / 3) * 0.01);
});

test('relTh segments of a flat contour are all zero', () => {
  const x = new Float32Array(50).fill(2);
  assert.deepEqual(Object.values(relativeThresholdSegments(x, contourStats(x), 0.01)), [0, 0, 0, 0]);
});

test('nonX segments: runs of ≥ 3 voiced frames closed by ≥ 2 unvoiced ones, openSMILE lengths', () => {
  const x = Float32Array.from([0, 0, 5, 5, 5, 5, 0, 0, 0, 5, 5, 0, 0, 5, 5, 5]);
  const s = nonXSegments(x, 0.01);
  // run 2..5 (4 frames) is counted as 3; the 2-frame run is too short; the open run 13..15 counts 2
  close(s.meanSegLen, 0.025);
  close(s.maxSegLen, 0.03);
  close(s.minSegLen, 0.02);
  close(s.segLenStddev, 0.005);
});

test('nonX: a single unvoiced frame does not end a segment', () => {
  const s = nonXSegments(Float32Array.from([1, 1, 1, 1, 0, 1, 1, 1, 0, 0]), 0.01);
  close(s.maxSegLen, 0.07);
  close(s.minSegLen, 0.07);
  assert.deepEqual(Object.values(nonXSegments(new Float32Array(20), 0.01)), [0, 0, 0, 0]);
});
