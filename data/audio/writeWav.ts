import wavEncoder from 'wav-encoder';
import { writeFileAtomic } from '../atomicWrite.js';

/** Writes mono float samples as a 16-bit PCM WAV (or 32-bit float with `float: true`), atomically. */
export async function writeWav(path: string, samples: Float32Array, sampleRateHz: number, options: { float?: boolean } = {}): Promise<void> {
  const bytes = wavEncoder.encode.sync({ sampleRate: sampleRateHz, channelData: [samples] }, options.float ? { float: true } : { bitDepth: 16 });
  await writeFileAtomic(path, new Uint8Array(bytes));
}
