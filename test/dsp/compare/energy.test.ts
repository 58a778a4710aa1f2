import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeEnergySpectralLlds } from '../../../dsp/compare/energySpectralLlds.js';
import { rmsEnergy, zeroCrossingRates } from './energySpectralModule.js';

const FS = 16000;
const tone = (n: number, hz: number, amplitude = 1, phase = 0.3) => new Float32Array(n).map((_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / FS + phase));

test('pcm_RMSenergy of a sine over whole periods is A/√2', () => {
  const x = tone(2000, 1000, 0.5); // 16 samples per period, a 320-sample frame holds 20 periods
  assert.ok(Math.abs(rmsEnergy(x, 160, 320) - 0.5 / Math.SQRT2) < 1e-6);
  assert.equal(rmsEnergy(new Float32Array(400), 0, 320), 0);
});

test('pcm_RMSenergy uses only the frame it is given', () => {
  const x = new Float32Array(640);
  x.fill(2, 320);
  assert.equal(rmsEnergy(x, 0, 320), 0);
  assert.equal(rmsEnergy(x, 320, 320), 2);
});

/** pcm_zcr of frame [start, start + 960) by its definition: crossings at samples start+1..start+958, over 960. */
function zcrByDefinition(x: Float32Array, start: number): number {
  let crossings = 0;
  for (let i = start + 1; i < start + 959; i++) if (x[i - 1] * x[i] < 0 || (x[i] === 0 && x[i - 1] * x[i + 1] <= 0)) crossings++;
  return Math.fround(crossings / 960);
}

const zcrContour = (x: Float32Array) => computeEnergySpectralLlds(x).contours[3];

test('pcm_zcr of a tone is 2f/fs', () => {
  const x = tone(4000, 1000); // 2·1000/16000 = 0.125 crossings per sample
  const zcr = zeroCrossingRates(x.subarray(480), 960, 160, 1)[0];
  assert.ok(Math.abs(zcr - 0.125) <= 2 / 960, `zcr ${zcr}`);
});

test('pcm_zcr counts an exact zero between opposite signs once, and silence as (L−2)/L', () => {
  const x = new Float32Array([1, 0, -1, -1, 0, -1, 2, 3]);
  // i=1: x=0 between 1 and −1 → crossing; i=4: 0 between −1 and −1 → none; i=5→6 sign change → crossing
  assert.equal(zeroCrossingRates(x, 8, 8, 1)[0], 2 / 8);
  assert.equal(zeroCrossingRates(new Float32Array(960), 960, 160, 1)[0], Math.fround(958 / 960));
});

test('the running pcm_zcr contour, over several 160-frame blocks, equals the per-frame count', () => {
  let seed = 7;
  const x = new Float32Array(60_000).map(() => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % 5 === 0 ? 0 : (seed / 2 ** 32 - 0.5) * (seed % 3);
  });
  const contour = zcrContour(x);
  assert.equal(contour.length, Math.floor((x.length - 960) / 160) + 1);
  for (let t = 0; t < contour.length; t++) assert.equal(contour[t], zcrByDefinition(x, t * 160), `frame ${t}`);
});

test('pcm_zcr counts the crossings of single-sample dips on both sides of a block boundary (frame 160, sample 25600)', () => {
  const x = new Float32Array(40_000).fill(1);
  const dips = [25_441, 25_599, 25_601, 26_400, 26_558];
  for (const p of dips) x[p] = -1;
  const contour = zcrContour(x);
  for (let t = 0; t < contour.length; t++) {
    // A dip at p crosses at p and p + 1; frame t counts samples 160t+1 .. 160t+958.
    const crossings = dips.flatMap((p) => [p, p + 1]).filter((i) => i >= 160 * t + 1 && i <= 160 * t + 958).length;
    assert.equal(contour[t], Math.fround(crossings / 960), `frame ${t}`);
  }
  assert.equal(contour[160], Math.fround(5 / 960));
});

test('pcm_zcr with 31 crossings in frame 0 (31/960·960 is not 31 in double) still counts every frame over several blocks', () => {
  let seed = 3;
  const x = new Float32Array(60_000).map(() => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32 - 0.5;
  });
  x.fill(1, 0, 960);
  // 15 dips cross twice each, one at sample 958 once (sample 959 is past frame 0's last counted sample).
  for (let d = 0; d < 15; d++) x[10 + 60 * d] = -1;
  x[958] = -1;
  assert.notEqual((31 / 960) * 960, 31);
  const contour = zcrContour(x);
  assert.equal(contour[0], Math.fround(31 / 960));
  for (let t = 0; t < contour.length; t++) assert.equal(contour[t], zcrByDefinition(x, t * 160), `frame ${t}`);
});

test('a signal whose last 160-frame block holds 20 ms frames only (26,160 samples: 162 of them, 158 of 60 ms) gives every contour', () => {
  const x = tone(26_160, 440, 0.5);
  const { contours } = computeEnergySpectralLlds(x);
  assert.equal(contours[3].length, 158);
  assert.equal(contours[0].length, 162);
  for (let t = 0; t < 158; t++) assert.equal(contours[3][t], zcrByDefinition(x, t * 160), `frame ${t}`);
});
