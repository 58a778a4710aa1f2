/** Checks on decoded samples (any rate, float full scale ±1) that make a recording unusable or suspect. */

import { countAtOrAbove } from './sampleLoops.js';

/**
 * A sample at least this close to full scale counts as clipped: 0.99 is 0.09 dB below it, above
 * the peaks of a recording normalised with headroom, and still met on the flat tops of a clipped
 * waveform after resampling to 16 kHz (soxr's ripple there stays under 1%).
 */
export const CLIPPED_SAMPLE_LEVEL = 0.99;

/** How many samples are NaN or ±Infinity. */
export function countNonFinite(samples: Float32Array): number {
  let n = 0;
  for (let i = 0; i < samples.length; i++) if (!Number.isFinite(samples[i])) n++;
  return n;
}

/** A one-line reason when any sample is NaN or infinite, else undefined. */
export function nonFiniteProblem(samples: Float32Array): string | undefined {
  const n = countNonFinite(samples);
  return n ? `non-finite samples: ${n} NaN/Inf of ${samples.length}` : undefined;
}

export function isAllZero(samples: Float32Array): boolean {
  for (let i = 0; i < samples.length; i++) if (samples[i] !== 0) return false;
  return true;
}

/** Fraction (0-1) of samples with magnitude at or above CLIPPED_SAMPLE_LEVEL. */
export function clippedFraction(samples: Float32Array): number {
  return samples.length ? countAtOrAbove(samples, CLIPPED_SAMPLE_LEVEL) / samples.length : 0;
}

/**
 * A recording with more than this fraction of its samples clipped is flagged: clean speech, even
 * peak-normalised, reaches full scale on a handful of samples (well under 0.01%), clipped speech
 * on runs of samples at every loud syllable. (A steady tone near full scale is flagged too.)
 */
export const CLIPPED_FRACTION_WARN = 0.001;
