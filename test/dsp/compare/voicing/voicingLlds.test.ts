import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PitchCandidateFinder } from '../../../../dsp/compare/voicing/pitchCandidates.js';
import { computePitchJitter } from '../../../../dsp/compare/voicing/pitchJitter.js';
import { smoothPitchViterbi } from '../../../../dsp/compare/voicing/viterbiPitchSmoother.js';
import { VOICING_LLD_NAMES, computeVoicingLlds } from '../../../../dsp/compare/voicing/voicingLlds.js';

// Synthetic signals (16 kHz) with known pitch, jitter, shimmer and noise.

const FS_HZ = 16000;

/** Deterministic uniform generator (LCG), so the tests do not depend on Math.random. */
function uniformRng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}

/** Standard normal samples by Box–Muller. */
function gaussianNoise(length: number, rms: number, seed: number): Float32Array {
  const r = uniformRng(seed);
  const x = new Float32Array(length);
  for (let i = 0; i < length; i++) x[i] = rms * Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r());
  return x;
}

/** Sum of harmonics 1..count of f0Hz with amplitudes 1/h (a sawtooth-like complex). */
function harmonicComplex(f0Hz: number, durationS: number, count = 10, amplitude = 0.15): Float32Array {
  const x = new Float32Array(Math.round(durationS * FS_HZ));
  for (let i = 0; i < x.length; i++) {
    let v = 0;
    for (let h = 1; h <= count; h++) v += Math.sin((2 * Math.PI * f0Hz * h * i) / FS_HZ) / h;
    x[i] = amplitude * v;
  }
  return x;
}

/**
 * Glottal-like pulse train: each period starts a damped 700 Hz resonance (a one-formant vocal tract
 * excited once per period). Period lengths and amplitudes cycle through the given lists, which
 * gives known jitter and shimmer.
 */
function pulseTrain(periodsSamples: number[], amplitudes: number[], durationS: number): Float32Array {
  const x = new Float32Array(Math.round(durationS * FS_HZ));
  let t = 0;
  for (let k = 0; t < x.length; k++) {
    const P = periodsSamples[k % periodsSamples.length];
    const A = amplitudes[k % amplitudes.length];
    for (let i = 0; i < P && t + i < x.length; i++) x[t + i] = A * Math.exp(-i / (P / 6)) * Math.sin((2 * Math.PI * 700 * i) / FS_HZ);
    t += P;
  }
  return x;
}

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / x.length);
}

/** Mean of x over frames [from, x.length − to) where keep(k) holds. */
function meanWhere(x: Float32Array, keep: (k: number) => boolean, from = 0, to = 0): number {
  let s = 0;
  let n = 0;
  for (let k = from; k < x.length - to; k++) {
    if (keep(k)) {
      s += x[k];
      n++;
    }
  }
  return n ? s / n : NaN;
}

const JITTER_OPTIONS = { sampleRateHz: FS_HZ, frameLengthSamples: 960, hopSamples: 160 };

/** Jitter contours for a constant F0 over the whole signal (bypasses the pitch tracker). */
function jitterAtConstantF0(x: Float32Array, f0Hz: number) {
  const n = Math.floor((x.length - 960) / 160) + 1;
  return computePitchJitter(x, new Float32Array(n).fill(f0Hz), JITTER_OPTIONS);
}

const all = () => true;

test('peak enhancement keeps ±2 bins around each maximum, then [1 2 1]/4 smoothing', () => {
  const finder = new PitchCandidateFinder({ binCount: 40, binSpacingHz: 100 });
  const a = finder.spectrum.fill(1);
  a[10] = 5;
  a[30] = 4;
  a[0] = 2; // the first bin is a maximum too (2 > 1)
  finder.shape();
  // Kept: bins 0..2, 8..12 and 28..39; smoothing spreads each kept run by one bin.
  for (let j = 0; j < 40; j++) {
    const nonZero = j <= 3 || (j >= 7 && j <= 13) || j >= 27;
    assert.equal(a[j] !== 0, nonZero, `bin ${j} = ${a[j]}`);
  }
  assert.deepEqual([a[0], a[3], a[7], a[9], a[10], a[12], a[13], a[27], a[39]], [5 / 4, 1 / 4, 1 / 4, 8 / 4, 12 / 4, 3 / 4, 1 / 4, 1 / 4, 1]);
  // One maximum (the last bin): openSMILE keeps bins 0..2 → [1, 2, 3, 0, 0, 0] before smoothing.
  const single = new PitchCandidateFinder({ binCount: 6, binSpacingHz: 100 });
  single.spectrum.set([1, 2, 3, 4, 5, 6]);
  single.shape();
  assert.deepEqual(Array.from(single.spectrum), [1, 2, 2, 0.75, 0, 0]);
  // Maxima at bins 2 and 5, too close for any bin between them to be cleared: smoothing alone, the last bin left as is.
  single.spectrum.set([0, 0, 4, 0, 0, 8]);
  single.shape();
  assert.deepEqual(Array.from(single.spectrum), [0, 1, 2, 1, 2, 8]);
});

test('octave-scale resampling reproduces a spectrum linear in log2 frequency, times the auditory weight', () => {
  const binSpacingHz = 15.625;
  const finder = new PitchCandidateFinder({ binCount: 513, binSpacingHz });
  // Magnitude equal to the log2 frequency of each bin: a natural cubic spline through a straight
  // line is that line, so every target point returns its own log2 frequency.
  const mag = finder.spectrum;
  for (let k = 1; k < 513; k++) mag[k] = Math.log2(k * binSpacingHz);
  mag[0] = 2 * mag[1] - mag[2];
  finder.octaveScale();
  const out = finder.octaveSpectrum;
  const P = 513 / Math.log2(8000 / 25);
  assert.ok(Math.abs(finder.octave.pointsPerOctave - P) < 1e-5);
  const s = P * Math.log2(65 / 50) - 1;
  for (const i of [0, 1, 100, 256, 400, 512]) {
    const log2f = Math.log2(25) + (i * Math.log2(8000 / 25)) / 512;
    const weight = 0.5 + Math.atan((3 * (i + 1 - s)) / P) / Math.PI;
    assert.ok(Math.abs(out[i] - log2f * weight) < 1e-5 * log2f, `point ${i}: ${out[i]} vs ${log2f * weight}`);
  }
  // Negative interpolated values become 0.
  for (let k = 0; k < 513; k++) mag[k] = -mag[k];
  finder.octaveScale();
  assert.ok(out.every((v) => v === 0));
});

test('SHS puts the fundamental of a harmonic spectrum first, within 1%', () => {
  const finder = new PitchCandidateFinder({ binCount: 513, binSpacingHz: 15.625 });
  for (const f0 of [90, 155, 240, 410]) {
    // Line spectrum: Gaussian lobes at the harmonics, 1/h amplitudes.
    const mag = finder.spectrum.fill(0);
    for (let h = 1; f0 * h < 7800; h++) for (let k = 1; k < 513; k++) mag[k] += Math.exp(-0.5 * ((k * 15.625 - f0 * h) / 8) ** 2) / h;
    finder.octaveScale();
    const c = finder.detect();
    assert.ok(c.count >= 1);
    assert.ok(Math.abs(c.f0Hz[0] - f0) / f0 < 0.01, `F0 ${f0}: got ${c.f0Hz[0]}`);
    assert.ok(c.voicing[0] > 0.7, `voicing ${c.voicing[0]}`);
    for (let i = 1; i < c.f0Hz.length; i++) if (c.f0Hz[i] > 0) assert.ok(c.score[i] <= c.score[0] && c.f0Hz[i] >= 52 && c.f0Hz[i] <= 620);
  }
  // A flat spectrum has no peak: no candidate.
  finder.octaveSpectrum.fill(1);
  const none = finder.detect();
  assert.equal(none.count, 0);
  assert.ok(none.f0Hz.every((f) => f === 0) && none.voicing.every((v) => v === 0));
});

test('pitch candidates of a frame: a spectrum with one peak keeps only bins 0..3 after shaping, silence gives none', () => {
  const finder = new PitchCandidateFinder({ binCount: 513, binSpacingHz: 15.625 });
  // One smooth lobe at 200 Hz and nothing else: openSMILE's single-maximum quirk clears it, so no
  // candidate comes near 200 Hz.
  const mag = new Float32Array(513);
  for (let k = 0; k < 513; k++) mag[k] = Math.exp(-0.5 * ((k * 15.625 - 200) / 20) ** 2);
  const c = finder.find(mag);
  assert.ok(finder.spectrum.subarray(4).every((v) => v === 0));
  assert.ok(
    c.f0Hz.every((f) => Math.abs(f - 200) > 20),
    Array.from(c.f0Hz).join(' '),
  );
  const silent = finder.find(new Float32Array(513));
  assert.equal(silent.count, 0);
  assert.ok(silent.f0Hz.every((f) => f === 0));
});

test('find() in one call gives what shape(), octaveScale() and detect() give one by one', () => {
  const stepwise = new PitchCandidateFinder({ binCount: 513, binSpacingHz: 15.625 });
  const oneCall = new PitchCandidateFinder({ binCount: 513, binSpacingHz: 15.625 });
  // Harmonics of 180 Hz with a 1/h roll-off, over a floor that varies from bin to bin.
  const mag = Float32Array.from({ length: 513 }, (_, k) => {
    let v = 0.001 * (1 + Math.sin(k * 1.7));
    for (let h = 1; h <= 20; h++) v += Math.exp(-0.5 * ((k * 15.625 - 180 * h) / 12) ** 2) / h;
    return v;
  });
  stepwise.spectrum.set(mag);
  stepwise.shape();
  stepwise.octaveScale();
  const expected = stepwise.detect();
  assert.ok(expected.count > 0 && Math.abs(expected.f0Hz[0] - 180) < 5, `stepwise F0 ${expected.f0Hz[0]}`);
  const got = oneCall.find(mag);
  assert.deepEqual(oneCall.spectrum, stepwise.spectrum);
  assert.deepEqual(oneCall.octaveSpectrum, stepwise.octaveSpectrum);
  assert.deepEqual(got, expected);
});

test('F0 of pure tones and of a clipped tone within 0.5% on every frame', () => {
  const tone = (f0Hz: number, amplitude: number) => Float32Array.from({ length: 9600 }, (_, i) => amplitude * Math.sin((2 * Math.PI * f0Hz * i) / FS_HZ));
  const cases: [string, Float32Array, number][] = [
    ['tone 120 Hz', tone(120, 0.3), 120],
    ['tone 200 Hz', tone(200, 0.3), 200],
    ['tone 330 Hz', tone(330, 0.3), 330],
    ['tone 150 Hz clipped at 20%', tone(150, 1).map((v) => Math.max(-0.2, Math.min(0.2, v))), 150],
  ];
  for (const [name, x, f0] of cases) {
    const [F0, voicing] = computeVoicingLlds(x).contours;
    for (let k = 0; k < F0.length; k++) {
      assert.ok(Math.abs(F0[k] - f0) / f0 < 0.005, `${name} frame ${k}: ${F0[k]}`);
      assert.ok(voicing[k] > 0.7, `${name} frame ${k}: voicing ${voicing[k]}`);
    }
  }
});

test('Viterbi smoother bridges a one-frame candidate error and leaves weak frames unvoiced', () => {
  const nCand = 2;
  const n = 30;
  const f0 = new Float32Array(n * nCand);
  const v = new Float32Array(n * nCand);
  for (let t = 0; t < n; t++) {
    const strong = t < 20;
    f0[t * nCand] = 200 + t; // a slowly rising track
    v[t * nCand] = strong ? 0.9 : 0.3;
    f0[t * nCand + 1] = 120;
    v[t * nCand + 1] = strong ? 0.75 : 0.2;
  }
  // Frame 10: the detector prefers a spurious 130 Hz candidate, the track is second.
  f0[10 * nCand] = 130;
  v[10 * nCand] = 0.92;
  f0[10 * nCand + 1] = 210;
  v[10 * nCand + 1] = 0.88;
  const out = smoothPitchViterbi(f0, v, nCand);
  for (let t = 0; t < 20; t++) assert.equal(out.f0Hz[t], t === 10 ? 210 : 200 + t, `frame ${t}`);
  assert.ok(Math.abs(out.voicing[10] - 0.88) < 1e-6);
  for (let t = 20; t < n; t++) {
    assert.equal(out.f0Hz[t], 0, `frame ${t}`);
    assert.ok(Math.abs(out.voicing[t] - 0.3) < 1e-6, 'unvoiced frames report the first candidate voicing');
  }
});

test('Viterbi smoother: frames decided before the input ends are those all paths agree on', () => {
  const n = 12;
  const f0 = new Float32Array(n).fill(150);
  const voicing = new Float32Array(n).fill(0.9);
  // One clear candidate per frame: every path runs through it, so only the newest frame is undecided.
  assert.equal(smoothPitchViterbi(f0, voicing, 1).decidedFrames, n - 1);
  // A weak tail of 3 frames: the best path ending voiced stays on the track, the one ending
  // unvoiced leaves it where the tail starts, so the tail is undecided until the input ends.
  voicing.fill(0.3, n - 3);
  const out = smoothPitchViterbi(f0, voicing, 1);
  assert.equal(out.decidedFrames, n - 3);
  assert.deepEqual(Array.from(out.f0Hz), [...new Array<number>(n - 3).fill(150), 0, 0, 0]);
  // The buffer forces a decision once a frame is bufferFrames old.
  assert.equal(smoothPitchViterbi(f0, voicing, 1, { bufferFrames: 2 }).decidedFrames, n - 1);
});

test('computeVoicingLlds: names and frame count n60 = floor((N − 960)/160) + 1', () => {
  const r = computeVoicingLlds(new Float32Array(16000));
  assert.deepEqual(r.names, [...VOICING_LLD_NAMES]);
  assert.deepEqual(r.names, ['F0final', 'voicingFinalUnclipped', 'jitterLocal', 'jitterDDP', 'shimmerLocal', 'logHNR']);
  for (const c of r.contours) assert.equal(c.length, 95);
  assert.equal(computeVoicingLlds(new Float32Array(1119)).contours[0].length, 1);
  assert.equal(computeVoicingLlds(new Float32Array(1120)).contours[0].length, 2);
  for (const c of computeVoicingLlds(new Float32Array(959)).contours) assert.equal(c.length, 0);
  assert.equal(computeVoicingLlds(new Float32Array(959)).framesBeforeEndOfInput, 0);
  const decided = computeVoicingLlds(harmonicComplex(150, 0.6)).framesBeforeEndOfInput;
  assert.ok(decided >= 1 && decided < Math.floor((0.6 * 16000 - 960) / 160) + 1, `${decided}`);
});

test('F0 of harmonic complexes and a glottal-like pulse train within 1% on every frame', () => {
  const cases: [string, Float32Array, number][] = [
    ['harmonic 100 Hz', harmonicComplex(100, 0.6), 100],
    ['harmonic 150 Hz', harmonicComplex(150, 0.6), 150],
    ['harmonic 220 Hz', harmonicComplex(220, 0.6), 220],
    ['harmonic 300 Hz', harmonicComplex(300, 0.6), 300],
    ['pulse train 125 Hz', pulseTrain([128], [0.5], 0.6), 125],
    ['pulse train 160 Hz', pulseTrain([100], [0.5], 0.6), 160],
  ];
  for (const [name, x, f0] of cases) {
    const [F0, voicing] = computeVoicingLlds(x).contours;
    for (let k = 0; k < F0.length; k++) {
      assert.ok(Math.abs(F0[k] - f0) / f0 < 0.01, `${name} frame ${k}: ${F0[k]}`);
      assert.ok(voicing[k] > 0.7, `${name} frame ${k}: voicing ${voicing[k]}`);
    }
  }
});

test('white noise and silence are unvoiced; silence has logHNR −100 and voicing 0', () => {
  const noise = computeVoicingLlds(gaussianNoise(16000, 0.1, 3)).contours;
  assert.equal(noise[0].filter((f) => f > 0).length, 0, 'no voiced frame in white noise');
  assert.ok(meanWhere(noise[1], all) < 0.6);
  for (const c of noise.slice(2, 5)) assert.ok(c.every((v) => v === 0));
  assert.ok(noise[5].every((v) => v === -100));
  const silence = computeVoicingLlds(new Float32Array(16000)).contours;
  for (let i = 0; i < 5; i++)
    assert.ok(
      silence[i].every((v) => v === 0),
      VOICING_LLD_NAMES[i],
    );
  assert.ok(silence[5].every((v) => v === -100));
});

test('energy gate: a quiet harmonic complex (Gauss-windowed RMS ≤ 0.001) gets F0 and voicing 0', () => {
  const loud = computeVoicingLlds(harmonicComplex(150, 0.4, 10, 0.01)).contours;
  assert.ok(loud[0].every((f) => f > 0));
  const quiet = computeVoicingLlds(harmonicComplex(150, 0.4, 10, 0.001)).contours;
  assert.ok(quiet[0].every((f) => f === 0) && quiet[1].every((v) => v === 0));
});

test('jitter: 0 for a periodic pulse train, ≈ mean|ΔT|/T for known period perturbations', () => {
  const periodic = jitterAtConstantF0(pulseTrain([100], [0.5], 1), 160);
  assert.ok(meanWhere(periodic.jitterLocal, all, 5, 5) < 1e-3);
  assert.ok(meanWhere(periodic.jitterDDP, all, 5, 5) < 1e-3);

  // Periods 98, 102, 98, …: |ΔT| = 4 samples, T = 100 → jitterLocal 0.04; |ΔT| constant → DDP 0.
  const alternating = jitterAtConstantF0(pulseTrain([98, 102], [0.5], 1), 160);
  const jl = meanWhere(alternating.jitterLocal, all, 5, 5);
  assert.ok(Math.abs(jl - 0.04) < 0.15 * 0.04, `jitterLocal ${jl}`);
  assert.ok(meanWhere(alternating.jitterDDP, all, 5, 5) < 2e-3);

  // Periods 100, 102, 100, 106: |ΔT| = 2, 2, 6, 6 → jitterLocal 4/102; ||ΔT_i| − |ΔT_i−1|| = 0, 4 → DDP 2/102.
  const pattern = jitterAtConstantF0(pulseTrain([100, 102, 100, 106], [0.5], 1), 16000 / 102);
  const pl = meanWhere(pattern.jitterLocal, all, 5, 5);
  const pd = meanWhere(pattern.jitterDDP, all, 5, 5);
  assert.ok(Math.abs(pl - 4 / 102) < 0.15 * (4 / 102), `jitterLocal ${pl}`);
  assert.ok(Math.abs(pd - 2 / 102) < 0.2 * (2 / 102), `jitterDDP ${pd}`);
});

test('shimmer: 0 for constant amplitude, mean|ΔA|/A for alternating amplitudes', () => {
  assert.ok(meanWhere(jitterAtConstantF0(pulseTrain([100], [0.5], 1), 160).shimmerLocal, all, 5, 5) < 1e-3);
  const s = meanWhere(jitterAtConstantF0(pulseTrain([100], [0.5, 0.6], 1), 160).shimmerLocal, all, 5, 5);
  assert.ok(Math.abs(s - 0.1 / 0.55) < 0.02 * (0.1 / 0.55), `shimmer ${s}`);
});

test('logHNR of a periodic signal plus white noise follows the SNR', () => {
  // The average period is taken over only 2–3 periods, so it keeps part of the noise: the estimate
  // sits about 2–3 dB above the true ratio.
  const clean = harmonicComplex(160, 1);
  const power = rms(clean);
  const measured: number[] = [];
  for (const snrDb of [0, 10, 20, 30]) {
    const noise = gaussianNoise(clean.length, power / 10 ** (snrDb / 20), 11 + snrDb);
    const x = clean.map((v, i) => v + noise[i]);
    const hnr = meanWhere(jitterAtConstantF0(x, 160).logHNR, all, 5, 5);
    assert.ok(hnr > snrDb && hnr < snrDb + 5, `SNR ${snrDb} dB: logHNR ${hnr}`);
    measured.push(hnr);
  }
  for (let i = 1; i < measured.length; i++) assert.ok(Math.abs(measured[i] - measured[i - 1] - 10) < 2.5, measured.join(' '));
});

test('the voicing LLDs of a signal do not depend on the signals before it (the reused Viterbi and jitter instances)', () => {
  // Perturbed periods and amplitudes with a little noise: jitter, shimmer and logHNR all vary.
  const voiced = pulseTrain([120, 126, 117, 123], [0.3, 0.25, 0.33], 1);
  const noise = gaussianNoise(voiced.length, 0.01, 5);
  const speechLike = voiced.map((v, i) => v + noise[i]);
  const first = computeVoicingLlds(speechLike);
  assert.ok(first.contours[2].some((v) => v > 0) && first.contours[4].some((v) => v > 0), 'jitter and shimmer not all 0');
  // A longer signal with other pitches and noise grows the instances' memory and leaves other state behind.
  const other = new Float32Array(3 * FS_HZ);
  other.set(harmonicComplex(220, 1.5));
  other.set(gaussianNoise(FS_HZ, 0.05, 3), 2 * FS_HZ);
  computeVoicingLlds(other);
  assert.deepEqual(computeVoicingLlds(speechLike), first);
});
