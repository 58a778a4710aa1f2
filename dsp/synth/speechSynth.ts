import type { Rng } from '../random.js';
import { glottalSource } from './glottalSource.js';
import { resonate } from './resonator.js';

/** The physical parameters of one synthetic utterance (what the demo corpus's labels drive). */
export interface VoiceParams {
  durationS: number;
  f0MeanHz: number;
  /** Peak excursion of the per-syllable pitch accents, in semitones. */
  f0RangeSemitones: number;
  /** Slope of the pitch contour across the utterance on top of the natural declination, semitones per second. */
  f0SlopeSemitonesPerS: number;
  syllablesPerS: number;
  /** RMS level of the utterance, dB re full scale. */
  levelDbfs: number;
  openQuotient: number;
  closingFraction: number;
  jitterFraction: number;
  shimmerFraction: number;
  /** Aspiration noise relative to the voiced excitation. */
  breathiness: number;
  /** Vocal-tract scaling of all formants (1 = adult male, about 1.15-1.2 for adult female). */
  formantScale: number;
  /** Extra scaling of F1 and F2 (lip spreading, as in smiling, raises them). */
  formantShift: number;
}

const BLOCK_SAMPLES = 80;
/** Formants F1-F4 (Hz) of five vowels for an adult male (Peterson & Barney style values). */
const VOWELS: readonly (readonly [number, number, number, number])[] = [
  [730, 1090, 2440, 3400], // a
  [270, 2290, 3010, 3700], // i
  [300, 870, 2240, 3300], // u
  [530, 1840, 2480, 3500], // e
  [570, 840, 2410, 3300], // o
];
const FORMANT_BANDWIDTHS_HZ = [80, 100, 140, 200];

interface Syllable {
  startSample: number;
  consonantSamples: number;
  vowelSamples: number;
  vowel: number;
  accent: number;
}

/** Lays out syllables (optional consonant onset + vowel) with pauses between words, filling the duration. */
function planSyllables(totalSamples: number, p: VoiceParams, sampleRateHz: number, rng: Rng): Syllable[] {
  const syllables: Syllable[] = [];
  const meanSyllableSamples = sampleRateHz / p.syllablesPerS;
  let t = Math.round(0.1 * sampleRateHz);
  const end = totalSamples - Math.round(0.1 * sampleRateHz);
  let inWord = 0;
  const wordLength = () => 1 + rng.int(3);
  let thisWord = wordLength();
  while (t < end) {
    const length = Math.round(meanSyllableSamples * rng.range(0.75, 1.25));
    const consonantSamples = rng.uniform() < 0.7 ? Math.round(length * rng.range(0.2, 0.35)) : 0;
    const vowelSamples = Math.min(length - consonantSamples, end - t - consonantSamples);
    if (vowelSamples < 0.04 * sampleRateHz) break;
    syllables.push({ startSample: t, consonantSamples, vowelSamples, vowel: rng.int(VOWELS.length), accent: rng.uniform() < 0.4 ? rng.range(0.5, 1) : rng.range(-0.2, 0.3) });
    t += consonantSamples + vowelSamples;
    if (++inWord >= thisWord) {
      inWord = 0;
      thisWord = wordLength();
      t += Math.round(sampleRateHz * rng.range(0.04, 0.25));
    }
  }
  return syllables;
}

/**
 * A speech-like utterance from a source-filter model: a Rosenberg glottal pulse train with jitter,
 * shimmer and aspiration noise, through a cascade of four formant resonators gliding between
 * vowels, with noise-burst consonant onsets and pauses between words. Not intelligible speech, but
 * it has the structure (voicing, F0 contour, formants, syllable rhythm, spectral tilt, pauses)
 * that acoustic emotion features respond to.
 */
export function synthesizeUtterance(p: VoiceParams, sampleRateHz: number, rng: Rng): Float32Array {
  const totalSamples = Math.round(p.durationS * sampleRateHz);
  const syllables = planSyllables(totalSamples, p, sampleRateHz, rng);
  const f0Hz = new Float32Array(totalSamples);
  const voicedGain = new Float32Array(totalSamples);
  const fricative = new Float32Array(totalSamples);
  const blocks = Math.ceil(totalSamples / BLOCK_SAMPLES);
  const formantTracks = FORMANT_BANDWIDTHS_HZ.map(() => new Float32Array(blocks));

  for (const s of syllables) {
    const vowelStart = s.startSample + s.consonantSamples;
    const burstGain = rng.range(0.1, 0.35);
    for (let i = 0; i < s.consonantSamples; i++) {
      const envelope = Math.sin((Math.PI * i) / s.consonantSamples);
      fricative[s.startSample + i] = burstGain * envelope * rng.normal();
    }
    for (let i = 0; i < s.vowelSamples; i++) {
      const n = vowelStart + i;
      const tS = n / sampleRateHz;
      const progress = i / s.vowelSamples;
      // Declination (about −2 semitones over the utterance), a global slope, and a rise-fall accent.
      const semitones = -2 * (n / totalSamples) + p.f0SlopeSemitonesPerS * (tS - p.durationS / 2) + p.f0RangeSemitones * s.accent * Math.sin(Math.PI * progress);
      f0Hz[n] = p.f0MeanHz * Math.pow(2, semitones / 12);
      voicedGain[n] = Math.pow(Math.sin(Math.PI * progress), 0.6);
    }
  }
  // Formant targets per 5 ms block: each syllable's vowel, kept through the following gap.
  let current = VOWELS[0];
  let next = 0;
  for (let b = 0; b < blocks; b++) {
    while (next < syllables.length && syllables[next].startSample <= b * BLOCK_SAMPLES) current = VOWELS[syllables[next++].vowel];
    for (let k = 0; k < 4; k++) {
      const shift = k < 2 ? p.formantShift : 1;
      const target = current[k] * p.formantScale * shift;
      // One-pole glide between targets (about 20 ms), as articulators move.
      const previous = b > 0 ? formantTracks[k][b - 1] : target;
      formantTracks[k][b] = previous + 0.25 * (target - previous);
    }
  }

  const { excitation, flow } = glottalSource(
    f0Hz,
    sampleRateHz,
    { openQuotient: p.openQuotient, closingFraction: p.closingFraction, jitterFraction: p.jitterFraction, shimmerFraction: p.shimmerFraction },
    rng,
  );
  const excitationRms = Math.sqrt(excitation.reduce((a, x) => a + x * x, 0) / Math.max(1, excitation.length)) || 1;
  const source = new Float32Array(totalSamples);
  for (let n = 0; n < totalSamples; n++) {
    const aspiration = p.breathiness * excitationRms * (0.3 + flow[n]) * rng.normal() * (f0Hz[n] > 0 ? 1 : 0);
    source[n] = voicedGain[n] * (excitation[n] + aspiration);
  }
  let voiced: Float32Array = source;
  for (let k = 0; k < 4; k++) voiced = resonate(voiced, formantTracks[k], FORMANT_BANDWIDTHS_HZ[k], BLOCK_SAMPLES, sampleRateHz);
  const hiss = resonate(fricative, new Float32Array([4000 * p.formantScale]), 2500, BLOCK_SAMPLES, sampleRateHz);

  const out = new Float32Array(totalSamples);
  const voicedRms = rms(voiced) || 1;
  for (let n = 0; n < totalSamples; n++) out[n] = voiced[n] / voicedRms + hiss[n] * 0.6;
  return scaleToDbfs(out, p.levelDbfs);
}

export function rms(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, x.length));
}

/** Scales a signal in place to an RMS level in dB re full scale; returns it. */
export function scaleToDbfs(x: Float32Array, levelDbfs: number): Float32Array {
  const current = rms(x);
  if (current === 0) return x;
  const gain = Math.pow(10, levelDbfs / 20) / current;
  for (let i = 0; i < x.length; i++) x[i] *= gain;
  return x;
}
