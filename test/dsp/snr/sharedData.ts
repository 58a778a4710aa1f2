/** Reads the shared noisy-snr set (../shared/data/noisy-snr: 16 kHz mono 16-bit wavs with known SNR). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { SHARED_DIR } from '../../support/paths.js';

const require = createRequire(import.meta.url);
const wavDecoder = require('wav-decoder') as {
  decode: { sync(buffer: Buffer): { sampleRate: number; channelData: Float32Array[] } };
};

export const NOISY_SNR_DIR = resolve(SHARED_DIR, 'data', 'noisy-snr');

export function readMonoWav(path: string): { signal: Float32Array; sampleRateHz: number } {
  const decoded = wavDecoder.decode.sync(readFileSync(path));
  return { signal: decoded.channelData[0], sampleRateHz: decoded.sampleRate };
}

export interface NoisySnrItem {
  noisyPath: string;
  cleanPath: string;
  noiseType: string;
  /** NOIZEUS: nominal SNR relative to the P.56 active level; SpEAR: variance ratio of the re-recordings. */
  snrDb: number;
  corpus: 'NOIZEUS' | 'SpEAR';
}

export function noisySnrItems(): NoisySnrItem[] {
  const lines = readFileSync(resolve(NOISY_SNR_DIR, 'snr_labels.csv'), 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const column = (name: string) => header.indexOf(name);
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    const fileName = cells[column('FileName')];
    return {
      noisyPath: resolve(NOISY_SNR_DIR, fileName),
      cleanPath: resolve(NOISY_SNR_DIR, cells[column('CleanFile')]),
      noiseType: cells[column('NoiseType')],
      snrDb: Number(cells[column('SNR_dB')]),
      corpus: fileName.includes('noizeus') ? 'NOIZEUS' : 'SpEAR',
    };
  });
}
