import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computePitchJitter, type PitchJitterContours } from '../../../../dsp/compare/voicing/pitchJitter.js';

/**
 * The jitter module's growth path (assembly/pitchJitter.ts's layScratch): its scratch starts with room
 * for a read of 4 frames and the lags of one frame. At F0 8 Hz (periods of 2,000 samples, longer than
 * two 60 ms frames) the period search needs more lags and the average period more room than that, and
 * the read, which must hold two maximal periods, grows frame by frame (the unread rest carries over)
 * past 4 frames: the module re-lays its scratch (for the lags at the first frame, for the read some
 * frames later) and grows its memory each time. The contours
 * must then still give the known answers of a periodic pulse train and of known period and amplitude
 * perturbations. (Without either re-lay, or without the memory's growth, the module traps or the values
 * are wrong.)
 */

const FS_HZ = 16000;
const OPTIONS = { sampleRateHz: FS_HZ, frameLengthSamples: 960, hopSamples: 160 };
const PERIOD = 2000;
const SECONDS = 6;

/** A damped 700 Hz resonance started at each period, the periods' lengths and amplitudes cycling through the lists. */
function glottalPulses(periodsSamples: readonly number[], amplitudes: readonly number[]): Float32Array {
  const x = new Float32Array(SECONDS * FS_HZ);
  for (let k = 0, start = 0; start < x.length; start += periodsSamples[k % periodsSamples.length], k++) {
    const length = periodsSamples[k % periodsSamples.length];
    const end = Math.min(x.length, start + length);
    for (let t = start; t < end; t++) x[t] = amplitudes[k % amplitudes.length] * Math.exp((-6 * (t - start)) / length) * Math.sin((2 * Math.PI * 700 * (t - start)) / FS_HZ);
  }
  return x;
}

/** The contours at a constant F0 of FS_HZ / PERIOD. */
function contoursOf(x: Float32Array): PitchJitterContours {
  const frames = Math.floor((x.length - OPTIONS.frameLengthSamples) / OPTIONS.hopSamples) + 1;
  return computePitchJitter(x, new Float32Array(frames).fill(FS_HZ / PERIOD), OPTIONS);
}

/** Mean of the second half's frames (the first periods are accepted only after the read has grown). */
const laterMean = (c: Float32Array) => c.subarray(c.length >> 1).reduce((a, b) => a + b, 0) / (c.length - (c.length >> 1));

test('jitter at periods longer than two frames (the module grows its scratch and memory): 0 for a periodic train (logHNR too: its noise part is exactly 0)', () => {
  const c = contoursOf(glottalPulses([PERIOD], [0.5]));
  for (const name of ['jitterLocal', 'jitterDDP', 'shimmerLocal', 'logHNR'] as const) {
    const nonZero = c[name].find((v) => v !== 0);
    assert.equal(nonZero, undefined, `${name}: ${nonZero}`);
  }
});

test('jitter at periods longer than two frames: mean|ΔT|/T for alternating periods, mean|ΔA|/A for alternating amplitudes', () => {
  // Periods 1,960, 2,040, …: |ΔT| = 80 samples, T = 2,000 → jitterLocal 0.04; |ΔT| constant → DDP 0.
  const periods = contoursOf(glottalPulses([PERIOD - 40, PERIOD + 40], [0.5]));
  const jitter = laterMean(periods.jitterLocal);
  assert.ok(Math.abs(jitter - 0.04) < 0.05 * 0.04, `jitterLocal ${jitter}`);
  assert.ok(laterMean(periods.jitterDDP) < 2e-3, `jitterDDP ${laterMean(periods.jitterDDP)}`);
  // Amplitudes 0.5, 0.6, …: |ΔA| = 0.1, A = 0.55.
  const amplitudes = contoursOf(glottalPulses([PERIOD], [0.5, 0.6]));
  const shimmer = laterMean(amplitudes.shimmerLocal);
  assert.ok(Math.abs(shimmer - 0.1 / 0.55) < 0.02 * (0.1 / 0.55), `shimmer ${shimmer}`);
  assert.ok(laterMean(amplitudes.jitterLocal) < 1e-3, `jitterLocal ${laterMean(amplitudes.jitterLocal)}`);
});
