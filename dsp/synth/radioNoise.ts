import type { Rng } from '../random.js';
import { resonate } from './resonator.js';
import { scaleToDbfs, synthesizeUtterance, type VoiceParams } from './speechSynth.js';

/**
 * Non-stationary "radio show" noise, as the paper played from its noise loudspeaker: music, talkers
 * over a ducked music bed, babble, and sound effects, in segments of a few seconds. Synthetic, for
 * the demo corpus only.
 */

/** A neutral talker with random but plausible voice settings (for babble and the radio host). */
export function randomTalker(durationS: number, rng: Rng): VoiceParams {
  const female = rng.uniform() < 0.5;
  return {
    durationS,
    f0MeanHz: female ? rng.range(170, 240) : rng.range(90, 140),
    f0RangeSemitones: rng.range(2, 5),
    f0SlopeSemitonesPerS: rng.range(-0.5, 0.5),
    syllablesPerS: rng.range(3.5, 5.5),
    levelDbfs: -25,
    openQuotient: rng.range(0.5, 0.7),
    closingFraction: rng.range(0.25, 0.4),
    jitterFraction: rng.range(0.005, 0.015),
    shimmerFraction: rng.range(0.03, 0.08),
    breathiness: rng.range(0.05, 0.2),
    formantScale: female ? rng.range(1.12, 1.22) : rng.range(0.95, 1.05),
    formantShift: 1,
  };
}

/** Continuous speech of one talker: utterances of 1.5-4 s separated by short pauses. */
function talkerStream(lengthSamples: number, sampleRateHz: number, rng: Rng): Float32Array {
  const out = new Float32Array(lengthSamples);
  const voice = randomTalker(0, rng);
  let t = Math.round(rng.range(0, 0.5) * sampleRateHz);
  while (t < lengthSamples) {
    const utterance = synthesizeUtterance({ ...voice, durationS: rng.range(1.5, 4) }, sampleRateHz, rng);
    out.set(utterance.subarray(0, Math.min(utterance.length, lengthSamples - t)), t);
    t += utterance.length + Math.round(rng.range(0.1, 0.6) * sampleRateHz);
  }
  return out;
}

function babble(lengthSamples: number, sampleRateHz: number, talkers: number, rng: Rng): Float32Array {
  const out = new Float32Array(lengthSamples);
  for (let k = 0; k < talkers; k++) {
    const stream = talkerStream(lengthSamples, sampleRateHz, rng);
    for (let i = 0; i < lengthSamples; i++) out[i] += stream[i];
  }
  return out;
}

/** Chords of harmonic tones with plucked envelopes over a bass line, with noise-burst percussion on the beat. */
function music(lengthSamples: number, sampleRateHz: number, rng: Rng): Float32Array {
  const out = new Float32Array(lengthSamples);
  const beatSamples = Math.round((60 / rng.range(80, 130)) * sampleRateHz);
  const rootMidi = 45 + rng.int(12);
  const progression = [0, 5, 7, 3, 8, 10].map((d) => rootMidi + d);
  const hz = (midi: number) => 440 * Math.pow(2, (midi - 69) / 12);
  let chordIndex = 0;
  for (let start = 0; start < lengthSamples; start += 4 * beatSamples) {
    const root = progression[chordIndex++ % progression.length];
    const notes = [root - 12, root, root + 4, root + 7, root + 12 + rng.int(3) * 2];
    for (let beat = 0; beat < 4; beat++) {
      const beatStart = start + beat * beatSamples;
      for (const [j, midi] of notes.entries()) {
        if (j > 0 && rng.uniform() < 0.3) continue;
        const f = hz(midi);
        const gain = j === 0 ? 0.5 : 0.25;
        for (let i = 0; i < beatSamples && beatStart + i < lengthSamples; i++) {
          const tS = i / sampleRateHz;
          const envelope = Math.exp(-3 * tS) * Math.min(1, tS / 0.01);
          let v = 0;
          for (let h = 1; h <= 6; h++) v += Math.sin(2 * Math.PI * f * h * tS) / h;
          out[beatStart + i] += gain * envelope * v;
        }
      }
      const drumSamples = Math.round(0.08 * sampleRateHz);
      for (let i = 0; i < drumSamples && beatStart + i < lengthSamples; i++) out[beatStart + i] += 0.4 * Math.exp((-30 * i) / sampleRateHz) * rng.normal();
    }
  }
  return out;
}

/** Sound effects: pitch sweeps ("whistles", "sirens") and filtered noise bursts ("slams", "rain") at random times. */
function effects(lengthSamples: number, sampleRateHz: number, rng: Rng): Float32Array {
  const out = new Float32Array(lengthSamples);
  let t = Math.round(rng.range(0, 0.5) * sampleRateHz);
  while (t < lengthSamples) {
    const length = Math.min(lengthSamples - t, Math.round(rng.range(0.2, 1.5) * sampleRateHz));
    if (rng.uniform() < 0.5) {
      const f0 = rng.range(300, 1500);
      const f1 = rng.range(300, 3000);
      let phase = 0;
      for (let i = 0; i < length; i++) {
        phase += (2 * Math.PI * (f0 + ((f1 - f0) * i) / length)) / sampleRateHz;
        out[t + i] += Math.sin(phase) * Math.sin((Math.PI * i) / length);
      }
    } else {
      const burst = new Float32Array(length);
      const decayPerS = rng.range(3, 20);
      for (let i = 0; i < length; i++) burst[i] = rng.normal() * Math.exp((-decayPerS * i) / sampleRateHz);
      const filtered = resonate(burst, new Float32Array([rng.range(200, 3000)]), rng.range(300, 2000), length, sampleRateHz);
      for (let i = 0; i < length; i++) out[t + i] += filtered[i];
    }
    t += length + Math.round(rng.range(0.2, 2) * sampleRateHz);
  }
  return out;
}

function addScaled(target: Float32Array, offset: number, source: Float32Array, levelDbfs: number): void {
  scaleToDbfs(source, levelDbfs);
  for (let i = 0; i < source.length && offset + i < target.length; i++) target[offset + i] += source[i];
}

/**
 * One continuous radio clip: segments of 3-8 s, each music, a talker over music ducked by 12 dB,
 * babble of 3-6 talkers, or sound effects, with 20 ms fades at the clip's ends, at `levelDbfs` RMS.
 */
export function synthesizeRadioClip(durationS: number, sampleRateHz: number, levelDbfs: number, rng: Rng): Float32Array {
  const total = Math.round(durationS * sampleRateHz);
  const out = new Float32Array(total);
  let t = 0;
  while (t < total) {
    const length = Math.min(total - t, Math.round(rng.range(3, 8) * sampleRateHz));
    const kind = rng.int(4);
    if (kind === 0) addScaled(out, t, music(length, sampleRateHz, rng), -20);
    else if (kind === 1) {
      addScaled(out, t, music(length, sampleRateHz, rng), -32);
      addScaled(out, t, talkerStream(length, sampleRateHz, rng), -20);
      addScaled(out, t, effects(length, sampleRateHz, rng), -30);
    } else if (kind === 2) addScaled(out, t, babble(length, sampleRateHz, 3 + rng.int(4), rng), -20);
    else addScaled(out, t, effects(length, sampleRateHz, rng), -22);
    t += length;
  }
  const fade = Math.round(0.02 * sampleRateHz);
  for (let i = 0; i < fade && i < total; i++) {
    out[i] *= i / fade;
    out[total - 1 - i] *= i / fade;
  }
  return scaleToDbfs(out, levelDbfs);
}
