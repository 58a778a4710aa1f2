import { extractCompareFunctionals, extractCompareLlds } from '../../dsp/compare/extract.js';
import { readFloat32 } from '../audio/audioCache.js';
import { decodeAudio } from '../audio/decodeAudio.js';

export interface ExtractTask {
  /** A cached raw float32 16 kHz file (`f32`), or any audio file to decode first (`audio`). */
  source: 'f32' | 'audio';
  path: string;
  /** Also return the per-frame LLDs and deltas. */
  lld?: boolean;
}

export interface ExtractResult {
  functionals: Float32Array;
  lld?: { frameTimesS: Float64Array; columns: Float32Array[] };
  durationS: number;
}

/** openSMILE reads 16-bit PCM as sample/32767; our decoder divides by 32768. */
const OPENSMILE_INT16_SCALE = 32768 / 32767;

/** One file's ComParE features, in a worker thread of the extraction pool. */
export default async function extract(task: ExtractTask): Promise<ExtractResult> {
  const samples = task.source === 'f32' ? await readFloat32(task.path) : (await decodeAudio(task.path)).samples;
  for (let i = 0; i < samples.length; i++) samples[i] *= OPENSMILE_INT16_SCALE;
  const functionals = extractCompareFunctionals(samples);
  const durationS = samples.length / 16000;
  if (!task.lld) return { functionals, durationS };
  const lld = extractCompareLlds(samples);
  return { functionals, durationS, lld: { frameTimesS: lld.frameTimesS, columns: [...lld.columns] } };
}
