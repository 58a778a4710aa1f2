import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zeroCrossingRate, zeroCrossingRateContour } from '../../../dsp/compare/energy.js';
import { rmsEnergy } from './energySpectralModule.js';

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

test('pcm_zcr of a tone is 2f/fs', () => {
  const x = tone(4000, 1000); // 2·1000/16000 = 0.125 crossings per sample
  const zcr = zeroCrossingRate(x, 480, 960);
  assert.ok(Math.abs(zcr - 0.125) <= 2 / 960, `zcr ${zcr}`);
});

test('pcm_zcr counts an exact zero between opposite signs once, and silence as (L−2)/L', () => {
  const x = new Float32Array([1, 0, -1, -1, 0, -1, 2, 3]);
  // i=1: x=0 between 1 and −1 → crossing; i=4: 0 between −1 and −1 → none; i=5→6 sign change → crossing
  assert.equal(zeroCrossingRate(x, 0, 8), 2 / 8);
  assert.equal(zeroCrossingRate(new Float32Array(960), 0, 960), 958 / 960);
});

test('the running zcr contour equals the per-frame zcr', () => {
  let seed = 7;
  const x = new Float32Array(5000).map(() => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % 5 === 0 ? 0 : (seed / 2 ** 32 - 0.5) * (seed % 3);
  });
  const frames = Math.floor((x.length - 960) / 160) + 1;
  const contour = zeroCrossingRateContour(x, 960, 160, new Float32Array(frames));
  for (let t = 0; t < frames; t++) assert.equal(contour[t], Math.fround(zeroCrossingRate(x, t * 160, 960)), `frame ${t}`);
});
