import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countAtOrAbove, pcm16ToFloat32, scaleSamples } from '../../../data/audio/sampleLoops.js';
import { clippedFraction } from '../../../data/audio/sampleChecks.js';

/** Little-endian int16 bytes of `values`. */
function int16Bytes(values: number[]): Uint8Array {
  return new Uint8Array(Int16Array.from(values).buffer);
}

/** Over 2 pieces of the module's memory (16,384 samples each): every int16 value, 3 times over, in a scrambled order. */
const MANY = Array.from({ length: 3 * 65536 }, (_, i) => (((i * 40503) & 0xffff) << 16) >> 16);

test('pcm16ToFloat32: known int16 values over 32768 and over 32767', () => {
  const bytes = int16Bytes([0, 1, -1, 16384, 32767, -32768]);
  assert.deepEqual(Array.from(pcm16ToFloat32(bytes, 0, 2, new Float32Array(6), 32768)), [0, 1 / 32768, -1 / 32768, 0.5, 32767 / 32768, -1]);
  assert.deepEqual(Array.from(pcm16ToFloat32(bytes, 0, 2, new Float32Array(6), 32767)), [0, 1 / 32767, -1 / 32767, 16384 / 32767, 1, -32768 / 32767].map(Math.fround));
});

test('pcm16ToFloat32 reads one channel of interleaved frames, from any byte offset', () => {
  // Three channels: frame f holds 10f, −10f, 7; the middle channel starts at byte 2, and the data at byte 1 of the buffer.
  const frames = [0, 1, 2, 3].flatMap((f) => [10 * f, -10 * f, 7]);
  const bytes = new Uint8Array(1 + 2 * frames.length);
  bytes.set(int16Bytes(frames), 1);
  assert.deepEqual(
    Array.from(pcm16ToFloat32(bytes, 1 + 2, 6, new Float32Array(4), 32768)),
    [0, -10, -20, -30].map((k) => k / 32768),
  );
});

test('pcm16ToFloat32 is k / fullScale rounded to float32 for every int16, across pieces of its memory', () => {
  const bytes = int16Bytes(MANY);
  for (const fullScale of [32768, 32767]) {
    const got = pcm16ToFloat32(bytes, 0, 2, new Float32Array(MANY.length), fullScale);
    const expected = Float32Array.from(MANY, (k) => k / fullScale);
    assert.deepEqual(got, expected, `over ${fullScale}`);
  }
  // A stride of 2 channels: the even samples.
  const even = pcm16ToFloat32(bytes, 0, 4, new Float32Array(MANY.length / 2), 32768);
  assert.deepEqual(
    even,
    Float32Array.from({ length: MANY.length / 2 }, (_, i) => MANY[2 * i] / 32768),
  );
});

test('scaleSamples multiplies in doubles and rounds to float32, in place, across pieces', () => {
  const x = Float32Array.from(MANY, (k, i) => (k / 32768) * (1 + (i % 7) / 3));
  const expected = Float32Array.from(x, (v) => v * (32768 / 32767));
  assert.equal(scaleSamples(x, 32768 / 32767), x);
  assert.deepEqual(x, expected);
  assert.deepEqual(Array.from(scaleSamples(Float32Array.of(1, -2, 0.5), 3)), [3, -6, 1.5]);
});

test('countAtOrAbove counts magnitudes at or above the level, NaN never, in every piece', () => {
  assert.equal(countAtOrAbove(Float32Array.of(0.99, -0.99, 0.98, NaN, 1, -Infinity, 0), 0.99), 4);
  assert.equal(countAtOrAbove(Float32Array.of(0.5, -0.5, 0.25, -0.75), 0.5), 3);
  const x = new Float32Array(40000);
  for (const i of [0, 16383, 16384, 39999]) x[i] = i % 2 ? -1 : 1;
  assert.equal(countAtOrAbove(x, 0.99), 4);
  assert.equal(countAtOrAbove(new Float32Array(0), 0.5), 0);
});

test('clippedFraction: the fraction of samples within 0.99 of full scale', () => {
  // 32441/32768 is the first int16 at or above 0.99; 32440/32768 is below.
  const x = Float32Array.from([32441, -32441, 32440, -32440, 0, 100, 32767, -32768], (k) => k / 32768);
  assert.equal(clippedFraction(x), 4 / 8);
  assert.equal(clippedFraction(new Float32Array(0)), 0);
});
