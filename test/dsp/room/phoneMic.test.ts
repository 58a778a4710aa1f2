import { test } from 'node:test';
import assert from 'node:assert/strict';
import { automaticGainControl } from '../../../dsp/room/automaticGainControl.js';
import { applyBiquad, biquadMagnitude, highPassBiquad, lowPassBiquad } from '../../../dsp/room/biquad.js';
import { phoneMic } from '../../../dsp/room/phoneMic.js';
import { rmsLevelDbov } from '../../../dsp/snr/activeSpeechLevel.js';
import { gaussianNoise } from '../../../dsp/random.js';

const FS = 16000;
const db = (ratio: number) => 20 * Math.log10(ratio);

/** Steady-state gain (dB) of a filter for a sine: RMS over the second half of 1 s, against the input's. */
function sineGainDb(filter: (x: Float32Array) => Float32Array, frequencyHz: number): number {
  const sine = Float32Array.from({ length: FS }, (_, i) => Math.sin((2 * Math.PI * frequencyHz * i) / FS));
  const half = (x: Float32Array) => x.subarray(FS / 2);
  return rmsLevelDbov(half(filter(sine))) - rmsLevelDbov(half(sine));
}

test('Butterworth high-pass at 100 Hz and low-pass at 7 kHz: −3 dB at the cutoff, 12 dB/octave beyond', () => {
  const hp = highPassBiquad(100, FS);
  const lp = lowPassBiquad(7000, FS);
  assert.ok(Math.abs(db(biquadMagnitude(hp, 100, FS)) + 3.0103) < 0.01);
  assert.ok(Math.abs(db(biquadMagnitude(lp, 7000, FS)) + 3.0103) < 0.01);
  // Analog Butterworth |H| = 1/√(1 + (fc/f)⁴); at 25 Hz −24.1 dB (the bilinear map barely warps at 100 Hz).
  assert.ok(Math.abs(db(biquadMagnitude(hp, 25, FS)) - db(1 / Math.sqrt(1 + 4 ** 4))) < 0.05);
  assert.ok(db(biquadMagnitude(hp, 1000, FS)) > -0.01 && db(biquadMagnitude(lp, 1000, FS)) > -0.01);
  // The time-domain filter does what the formula says.
  for (const [filter, f] of [
    [hp, 50],
    [hp, 100],
    [hp, 440],
    [lp, 3000],
    [lp, 7000],
  ] as const) {
    const measured = sineGainDb((x) => applyBiquad(x, filter), f);
    assert.ok(Math.abs(measured - db(biquadMagnitude(filter, f, FS))) < 0.05, `${f} Hz: ${measured}`);
  }
  assert.throws(() => lowPassBiquad(9000, FS), /cutoff 9000 Hz/);
});

test('slow AGC: levels a −40 → −20 dBov step to the target, slowly, within its gain range', () => {
  const quiet = gaussianNoise(10 * FS, 1, 10 ** (-40 / 20));
  const loud = gaussianNoise(10 * FS, 2, 10 ** (-20 / 20));
  const input = new Float32Array(20 * FS);
  input.set(quiet);
  input.set(loud, 10 * FS);
  const { signal, gain } = automaticGainControl(input, FS, { targetLevelDbov: -26, timeConstantS: 1.5 });
  assert.ok(Math.abs(rmsLevelDbov(signal.subarray(8 * FS, 10 * FS)) + 26) < 0.5);
  assert.ok(Math.abs(rmsLevelDbov(signal.subarray(18 * FS, 20 * FS)) + 26) < 0.5);
  // 50 ms after the step the gain is still most of the +14 dB it had: the AGC does not chase syllables.
  assert.ok(db(gain[10 * FS + 800]) > 10, `gain ${db(gain[10 * FS + 800])} dB`);
  // Too quiet to reach the target: the gain stops at its +20 dB ceiling.
  const veryQuiet = automaticGainControl(gaussianNoise(10 * FS, 3, 10 ** (-60 / 20)), FS, { maxGainDb: 20 });
  assert.ok(Math.abs(rmsLevelDbov(veryQuiet.signal.subarray(8 * FS)) + 40) < 0.3);
});

test('phone mic: self-noise at its level through the band, deterministic from the seed', () => {
  const silence = new Float32Array(10 * FS);
  const out = phoneMic(silence, FS, { selfNoiseLevelDbov: -70, agc: null, seed: 4 });
  // White noise keeps the fraction ∫|H_hp·H_lp|² df / (fs/2) of its power.
  const hp = highPassBiquad(100, FS);
  const lp = lowPassBiquad(7000, FS);
  let fraction = 0;
  const steps = 8000;
  for (let k = 0; k < steps; k++) {
    const f = ((k + 0.5) / steps) * (FS / 2);
    fraction += (biquadMagnitude(hp, f, FS) * biquadMagnitude(lp, f, FS)) ** 2 / steps;
  }
  const expectedDbov = -70 + 10 * Math.log10(fraction);
  assert.ok(Math.abs(rmsLevelDbov(out) - expectedDbov) < 0.2, `${rmsLevelDbov(out)} vs ${expectedDbov}`);
  assert.deepEqual(phoneMic(silence, FS, { selfNoiseLevelDbov: -70, agc: null, seed: 4 }), out);
  assert.notDeepEqual(phoneMic(silence, FS, { selfNoiseLevelDbov: -70, agc: null, seed: 5 }), out);
  // A 1 kHz tone passes at unity gain; with the AGC on it is brought to the target level.
  const tone = Float32Array.from({ length: 10 * FS }, (_, i) => 0.1 * Math.sin((2 * Math.PI * 1000 * i) / FS));
  const plain = phoneMic(tone, FS, { agc: null });
  assert.ok(Math.abs(rmsLevelDbov(plain.subarray(FS)) - rmsLevelDbov(tone.subarray(FS))) < 0.05);
  const levelled = phoneMic(tone, FS, { agc: { targetLevelDbov: -30 } });
  assert.ok(Math.abs(rmsLevelDbov(levelled.subarray(8 * FS)) + 30) < 0.3);
});
