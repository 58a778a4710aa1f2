import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AUDITORY_FLOOR,
  auditoryCompress,
  auditoryCompressLinear,
  equalLoudnessWeight,
  equalLoudnessWeights,
  lengthL1Norm,
  logBandPower,
  RastaFilter,
} from '../../../dsp/compare/auditorySpectrum.js';
import { applyMelFilterbank, createMelFilterbank, hzToMel, melToHz } from '../../../dsp/compare/melFilterbank.js';

const BIN_HZ = 31.25;

test('HTK mel scale: 1000 Hz ≈ 1000 mel, and melToHz inverts hzToMel', () => {
  assert.ok(Math.abs(hzToMel(1000) - 1000) < 0.1);
  for (const f of [20, 440, 8000]) assert.ok(Math.abs(melToHz(hzToMel(f)) - f) < 1e-9);
});

test('mel filterbank: 26 triangles equally spaced in mel between 20 and 8000 Hz, peaks of 1, weights summing to 1', () => {
  const fb = createMelFilterbank(257, BIN_HZ);
  assert.equal(fb.bandCount, 26);
  assert.equal(fb.firstBin, 2); // strictly above round(20/31.25) = 1
  assert.equal(fb.lastBin, 255); // strictly below round(8000/31.25) = 256
  const stepMel = (hzToMel(8000) - hzToMel(20)) / 27;
  // float32 mel points (cMelspec): within float32 precision of the exact ones (~3000 mel · 6e-8).
  for (let m = 0; m < 26; m++) assert.ok(Math.abs(hzToMel(fb.centreFrequenciesHz[m]) - hzToMel(20) - (m + 1) * stepMel) < 1e-3);
  // One bin of power 1 between the first and last centres spreads exactly 1 over two adjacent bands.
  const power = new Float32Array(257);
  const bands = new Float64Array(26);
  for (let k = 4; k <= 240; k += 17) {
    power.fill(0);
    power[k] = 1;
    applyMelFilterbank(fb, power, bands);
    const nonZero = [...bands.keys()].filter((m) => bands[m] > 0);
    assert.ok(nonZero.length <= 2 && (nonZero.length < 2 || nonZero[1] === nonZero[0] + 1), `bin ${k}`);
    assert.ok(Math.abs(bands.reduce((a, b) => a + b, 0) - 1) < 1e-7, `bin ${k}`);
    // Each weight is the triangle's height: the linear mel distance to the far edge.
    const mel = hzToMel(k * BIN_HZ);
    const m = nonZero[0];
    const upperCentre = hzToMel(fb.centreFrequenciesHz[m]);
    const lowerEdge = m === 0 ? hzToMel(20) : hzToMel(fb.centreFrequenciesHz[m - 1]);
    const upperEdge = m === 25 ? hzToMel(8000) : hzToMel(fb.centreFrequenciesHz[m + 1]);
    const expected = mel <= upperCentre ? (mel - lowerEdge) / (upperCentre - lowerEdge) : (upperEdge - mel) / (upperEdge - upperCentre);
    assert.ok(Math.abs(bands[m] - expected) < 1e-5, `bin ${k}: ${bands[m]} vs ${expected}`);
  }
  // Bins outside 2..255 are ignored.
  power.fill(0);
  power[1] = 1;
  power[256] = 1;
  assert.ok(applyMelFilterbank(fb, power, bands).every((v) => v === 0));
});

test('equal-loudness curve: ≈1 at 1 kHz, tiny at low frequencies, peaking near 3 kHz', () => {
  assert.ok(Math.abs(equalLoudnessWeight(1000) - 1) < 0.01);
  assert.ok(equalLoudnessWeight(100) < 0.01);
  assert.ok(equalLoudnessWeight(3000) > equalLoudnessWeight(2000) && equalLoudnessWeight(3000) > equalLoudnessWeight(4000));
  assert.ok(equalLoudnessWeight(8000) < 0.2);
});

test("auditory spectrum: (max(p, floor)·E)^0.33 in both domains; the silent RASTA spectrum is openSMILE's constant", () => {
  const fb = createMelFilterbank(257, BIN_HZ);
  const weights = equalLoudnessWeights(fb.centreFrequenciesHz);
  const logWeights = Float32Array.from(weights, Math.log);
  const out = new Float32Array(26);
  const logs = new Float64Array(26);
  const twos = new Float64Array(26).fill(2);
  auditoryCompressLinear(twos, weights, out);
  for (let m = 0; m < 26; m++) assert.ok(Math.abs(out[m] - Math.pow(2 * weights[m], 0.33)) < 1e-6 * out[m]);
  auditoryCompress(logBandPower(twos, logs), logWeights, out);
  for (let m = 0; m < 26; m++) assert.ok(Math.abs(out[m] - Math.pow(2 * weights[m], 0.33)) < 1e-6 * out[m]);
  auditoryCompressLinear(new Float64Array(26), weights, out);
  assert.ok(Math.abs(out[3] - Math.pow(AUDITORY_FLOOR * weights[3], 0.33)) < 1e-6 * out[3]);
  auditoryCompress(logBandPower(new Float64Array(26), logs), logWeights, out);
  assert.ok(Math.abs(out[3] - Math.pow(AUDITORY_FLOOR * weights[3], 0.33)) < 1e-6 * out[3]);
  // RASTA output 0 → E^0.33 per band: openSMILE prints 0.1292162 for band 0 and 0.9883412 for the mean.
  auditoryCompress(new Float64Array(26), logWeights, out);
  assert.ok(Math.abs(out[0] - 0.1292162) < 1e-6);
  assert.ok(Math.abs(lengthL1Norm(out) - 0.9883412) < 1e-6);
});

test('lengthL1Norm is the mean, not the sum', () => {
  assert.equal(lengthL1Norm(new Float32Array([1, 2, 3, 6])), 3);
  // Summed in float32 (cVectorOperation): 2^24 + 1 is lost, as in openSMILE.
  assert.equal(lengthL1Norm(new Float32Array([2 ** 24, 1])), 2 ** 23);
});

test('RASTA: zero for 5 frames, then the band-pass difference equation; a constant input gives 0', () => {
  const c = Math.cos(2 * Math.PI * 29 * 0.01);
  const norm = Math.sqrt(10 * (32 * c * c + 8));
  const b = [2 / norm, (-4 * c) / norm, 0, (4 * c) / norm, -2 / norm];
  assert.ok(Math.abs(b[0] - 0.20021) < 1e-5 && Math.abs(b[1] - 0.09958) < 1e-5);
  const rho = 1 - Math.sin(2 * Math.PI * 0.01);
  const filter = new RastaFilter(2);
  const x = [3, -1, 4, 1, -5, 9, 2, -6, 5, 3, 5, -8, 9, 7];
  const expected: number[] = [];
  for (let t = 0; t < x.length; t++) {
    if (t < 5) {
      expected.push(0);
      continue;
    }
    let y = 0;
    for (let i = 0; i < 5; i++) y += b[i] * x[t - i];
    expected.push(y + (t > 5 ? rho * expected[t - 1] : 0));
  }
  const out = new Float64Array(2);
  for (let t = 0; t < x.length; t++) {
    filter.process([x[t], 42], out);
    // float32 coefficients and state (cPlp): float32 precision of the exact recursion.
    assert.ok(Math.abs(out[0] - expected[t]) < 1e-5, `frame ${t}: ${out[0]} vs ${expected[t]}`);
    assert.ok(Math.abs(out[1]) < 1e-5, 'constant band');
  }
});
