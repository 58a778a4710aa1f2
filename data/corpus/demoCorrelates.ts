import type { Rng } from '../../dsp/random.js';
import type { VoiceParams } from '../../dsp/synth/speechSynth.js';

/**
 * How the demo corpus's emotion labels drive the synthesiser: the documented acoustic correlates of
 * arousal, valence and dominance (after Scherer 2003, Juslin & Laukka 2003, Schröder 2001), on
 * MSP-Podcast's 1-7 scale. Each coefficient says how far the parameter moves between the scale's
 * midpoint (4) and its end (1 or 7). Every utterance also gets random variation, so the labels are
 * predictable from the acoustics only in part, as with real speech.
 */

export interface EmotionLabels {
  arousal: number;
  valence: number;
  dominance: number;
}

/** The stable voice of one synthetic speaker. */
export interface SpeakerVoice {
  id: string;
  gender: 'Female' | 'Male';
  f0MeanHz: number;
  formantScale: number;
  syllablesPerS: number;
  levelDbfs: number;
  jitterFraction: number;
  shimmerFraction: number;
  breathiness: number;
}

export function randomSpeaker(id: string, rng: Rng): SpeakerVoice {
  const female = rng.uniform() < 0.5;
  return {
    id,
    gender: female ? 'Female' : 'Male',
    f0MeanHz: female ? rng.range(175, 235) : rng.range(95, 135),
    formantScale: female ? rng.range(1.12, 1.22) : rng.range(0.95, 1.05),
    syllablesPerS: rng.range(3.8, 5.2),
    levelDbfs: rng.range(-29, -23),
    jitterFraction: rng.range(0.006, 0.014),
    shimmerFraction: rng.range(0.035, 0.07),
    breathiness: rng.range(0.06, 0.18),
  };
}

/** Labels drawn around the neutral midpoint; dominance goes with arousal in part, as in MSP-Podcast. */
export function randomLabels(rng: Rng): EmotionLabels {
  const clamp = (x: number) => Math.min(7, Math.max(1, x));
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const arousal = clamp(4 + 1.3 * rng.normal());
  const valence = clamp(4 + 1.2 * rng.normal());
  const dominance = clamp(4 + 0.6 * (arousal - 4) + 0.9 * rng.normal());
  return { arousal: round(arousal), valence: round(valence), dominance: round(dominance) };
}

/**
 * The correlates. With za, zv, zd the labels mapped from [1, 7] to [−1, 1]:
 * - F0 level: +3 semitones × za, +0.7 × zv, −1 × zd (dominant voices sit lower);
 * - F0 range (accent size): 3 semitones × (1 + 0.6·za) + 0.8 × zv;
 * - F0 slope: +0.8 semitones/s × zv (rising contours for positive valence);
 * - speaking rate: × (1 + 0.25·za);
 * - intensity: +5 dB × za, +3 dB × zd;
 * - spectral tilt: glottal closing phase 0.35 − 0.12·za − 0.05·zd of the open phase (abrupt closure in
 *   aroused speech puts more energy at high frequencies);
 * - voice quality: open quotient 0.6 − 0.08·zd (pressed voice with dominance); jitter × (1 − 0.5·zv)
 *   and shimmer × (1 − 0.4·zv + 0.2·za) (rough voice with negative valence); breathiness
 *   × (1 − 0.6·zd)(1 − 0.3·za);
 * - formants: F1 and F2 × (1 + 0.04·zv) (lip spreading in smiled speech).
 */
export function voiceForLabels(speaker: SpeakerVoice, labels: EmotionLabels, durationS: number, rng: Rng): VoiceParams {
  const za = (labels.arousal - 4) / 3;
  const zv = (labels.valence - 4) / 3;
  const zd = (labels.dominance - 4) / 3;
  const jitter = (sd: number) => 1 + sd * rng.normal();
  return {
    durationS,
    f0MeanHz: speaker.f0MeanHz * Math.pow(2, (3 * za + 0.7 * zv - zd + 0.8 * rng.normal()) / 12),
    f0RangeSemitones: Math.max(0.5, 3 * (1 + 0.6 * za) + 0.8 * zv + 0.6 * rng.normal()),
    f0SlopeSemitonesPerS: 0.8 * zv + 0.3 * rng.normal(),
    syllablesPerS: speaker.syllablesPerS * (1 + 0.25 * za) * jitter(0.08),
    levelDbfs: speaker.levelDbfs + 5 * za + 3 * zd + 1.5 * rng.normal(),
    openQuotient: Math.min(0.85, Math.max(0.35, 0.6 - 0.08 * zd + 0.03 * rng.normal())),
    closingFraction: Math.min(0.6, Math.max(0.1, 0.35 - 0.12 * za - 0.05 * zd + 0.03 * rng.normal())),
    jitterFraction: Math.max(0.001, speaker.jitterFraction * (1 - 0.5 * zv) * jitter(0.2)),
    shimmerFraction: Math.max(0.005, speaker.shimmerFraction * (1 - 0.4 * zv + 0.2 * za) * jitter(0.2)),
    breathiness: Math.max(0, speaker.breathiness * (1 - 0.6 * zd) * (1 - 0.3 * za) * jitter(0.2)),
    formantScale: speaker.formantScale,
    formantShift: 1 + 0.04 * zv + 0.01 * rng.normal(),
  };
}
