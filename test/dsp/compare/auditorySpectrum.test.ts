import assert from 'node:assert/strict';
import { test } from 'node:test';
import { equalLoudnessWeight, equalLoudnessWeights, RASTA_WARMUP_FRAMES, rastaCoefficients } from '../../../dsp/compare/auditorySpectrum.js';
import { createMelFilterbank, hzToMel, melToHz } from '../../../dsp/compare/melFilterbank.js';
import { auditorySpectrumMean, logf, melBandPowers, rastaAuditorySpectra } from './energySpectralModule.js';

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
  for (let k = 4; k <= 240; k += 17) {
    power.fill(0);
    power[k] = 1;
    const bands = melBandPowers(fb, power);
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
  assert.ok(melBandPowers(fb, power).every((v) => v === 0));
});

test('equal-loudness curve: ≈1 at 1 kHz, tiny at low frequencies, peaking near 3 kHz', () => {
  assert.ok(Math.abs(equalLoudnessWeight(1000) - 1) < 0.01);
  assert.ok(equalLoudnessWeight(100) < 0.01);
  assert.ok(equalLoudnessWeight(3000) > equalLoudnessWeight(2000) && equalLoudnessWeight(3000) > equalLoudnessWeight(4000));
  assert.ok(equalLoudnessWeight(8000) < 0.2);
});

/** openSMILE's melfloor. */
const AUDITORY_FLOOR = 9.3e-10;

test("auditory spectrum: the mean of (max(p, floor)·E)^0.33; the silent RASTA spectrum is openSMILE's constant", () => {
  const fb = createMelFilterbank(257, BIN_HZ);
  const weights = equalLoudnessWeights(fb.centreFrequenciesHz);
  const meanOf = (f: (m: number) => number) => weights.reduce((sum, _, m) => sum + f(m), 0) / 26;
  const twos = auditorySpectrumMean(new Float32Array(26).fill(2), weights);
  assert.ok(Math.abs(twos - meanOf((m) => Math.pow(2 * weights[m], 0.33))) < 1e-6 * twos);
  const floored = auditorySpectrumMean(new Float32Array(26), weights);
  assert.ok(Math.abs(floored - meanOf((m) => Math.pow(AUDITORY_FLOOR * weights[m], 0.33))) < 1e-6 * floored);
  // RASTA output 0 (its warm-up) → E^0.33 per band: openSMILE prints 0.1292162 for band 0 and 0.9883412 for the mean.
  const [{ bands, mean }] = rastaAuditorySpectra([new Float32Array(26).fill(2)], Float32Array.from(weights, logf), ...rastaArgs());
  assert.ok(Math.abs(bands[0] - 0.1292162) < 1e-6);
  assert.ok(Math.abs(mean - 0.9883412) < 1e-6);
  assert.ok(Math.abs(mean - bands.reduce((a, b) => a + b, 0) / 26) < 1e-6, 'lengthL1norm is the mean, not the sum');
});

const rastaArgs = (): [Float32Array, number, number] => {
  const { coefficients, pole } = rastaCoefficients(0.01);
  return [coefficients, pole, RASTA_WARMUP_FRAMES];
};

test('RASTA: zero for 5 frames, then the band-pass difference equation; a constant input gives 0', () => {
  const c = Math.cos(2 * Math.PI * 29 * 0.01);
  const norm = Math.sqrt(10 * (32 * c * c + 8));
  const b = [2 / norm, (-4 * c) / norm, 0, (4 * c) / norm, -2 / norm];
  assert.ok(Math.abs(b[0] - 0.20021) < 1e-5 && Math.abs(b[1] - 0.09958) < 1e-5);
  const rho = 1 - Math.sin(2 * Math.PI * 0.01);
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
  // Log band powers x (band 1 constant), E = 1: each band's output is exp(0.33·y), y the filter's output.
  const frames = rastaAuditorySpectra(
    x.map((v) => new Float32Array([Math.exp(v), Math.exp(42)])),
    new Float32Array(2),
    ...rastaArgs(),
  );
  frames.forEach(({ bands }, t) => {
    const y = Array.from(bands, (v) => Math.log(v) / 0.33);
    // float32 coefficients and state (cPlp): float32 precision of the exact recursion.
    assert.ok(Math.abs(y[0] - expected[t]) < 1e-5, `frame ${t}: ${y[0]} vs ${expected[t]}`);
    assert.ok(Math.abs(y[1]) < 1e-5, 'constant band');
  });
});
