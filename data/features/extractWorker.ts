import { extractCompareFeatures, extractCompareFunctionals } from '../../dsp/compare/extract.js';
import { readAudio16k } from '../audio/audioCache.js';
import { clippedFraction, isAllZero } from '../audio/sampleChecks.js';
import { scaleSamples } from '../audio/sampleLoops.js';

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
 * Rescales to openSMILE's reading of 16-bit PCM (sample/32767; our decoder divides by 32768): one
 * gain, 32768/32767, for any audio. For audio that came from 16-bit integers it is the exact
 * mapping k/32768 → k/32767: the double product k/32768 · (32768/32767) can be a bit off k/32767,
 * but it rounds to the same float32 for every integer k up to 2^24 in magnitude (checked one by
 * one), hence for every float32 on the 1/32768 grid.
 */
export function toOpenSmileScale(samples: Float32Array): Float32Array {
  return scaleSamples(samples, 32768 / 32767);
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
