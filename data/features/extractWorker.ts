import { extractCompareFeatures, extractCompareFunctionals } from '../../dsp/compare/extract.js';
import { readAudio16k } from '../audio/audioCache.js';
import { clippedFraction, isAllZero } from '../audio/sampleChecks.js';

export interface ExtractTask {
  /** Any audio file; `.f32` is read as an entry of the decode cache. */
  path: string;
  /** For a cache entry: the file it was decoded from, decoded again if the entry is damaged. */
  source?: string;
  /** Also return the per-frame LLDs and deltas. */
  lld?: boolean;
  /** Also return a blind SNR estimate of the recording. */
  snr?: boolean;
}

export interface ExtractResult {
  functionals: Float32Array;
  lld?: { frameTimesS: Float64Array; columns: Float32Array[] };
  durationS: number;
  blindSnrDb?: number;
  /** Every decoded sample is zero. */
  allZero: boolean;
  /** Fraction of decoded samples at full scale (see CLIPPED_SAMPLE_LEVEL). */
  clippedFraction: number;
  /** What the stage should tell the user (a damaged cache entry decoded again). */
  warnings: string[];
}

/**
 * Rescales to openSMILE's reading of 16-bit PCM (sample/32767; our decoder divides by 32768).
 * Audio that came from 16-bit integers is mapped exactly (k/32768 → k/32767); anything else gets
 * the same gain, which is where a plain multiplication would be a rounding step off.
 */
export function toOpenSmileScale(samples: Float32Array): Float32Array {
  let from16Bit = true;
  for (let i = 0; i < samples.length && from16Bit; i++) from16Bit = Number.isInteger(samples[i] * 32768);
  // k/32768 · 32768 is the integer k exactly, so dividing it by 32767 is the exact mapping.
  if (from16Bit) for (let i = 0; i < samples.length; i++) samples[i] = (samples[i] * 32768) / 32767;
  else for (let i = 0; i < samples.length; i++) samples[i] *= 32768 / 32767;
  return samples;
}

/** One file's ComParE features, in a worker thread of the extraction pool. */
export default async function extract(task: ExtractTask): Promise<ExtractResult> {
  const warnings: string[] = [];
  const decoded = await readAudio16k(task.path, task.source ? { source: task.source, warn: (m) => warnings.push(m) } : undefined);
  // Measured before rescaling, on the decoder's ±1 full scale.
  const levels = { allZero: isAllZero(decoded), clippedFraction: clippedFraction(decoded) };
  const samples = toOpenSmileScale(decoded);
  const durationS = samples.length / 16000;
  // Loaded on first use: `pipeline features` never asks for it, and its FFT library costs start-up time.
  const blindSnr = task.snr ? (await import('../../dsp/snr/blindSnr.js')).blindSnrDb(samples, 16000) : undefined;
  if (!task.lld) return { functionals: extractCompareFunctionals(samples), durationS, blindSnrDb: blindSnr, ...levels, warnings };
  const { functionals, llds } = extractCompareFeatures(samples);
  return { functionals, durationS, blindSnrDb: blindSnr, ...levels, warnings, lld: { frameTimesS: llds.frameTimesS, columns: [...llds.columns] } };
}
