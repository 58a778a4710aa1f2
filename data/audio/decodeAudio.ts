import { readFile } from 'node:fs/promises';
import wavDecoder from 'wav-decoder';
import { FfmpegError, ffmpegDecode, ffmpegResample } from './ffmpeg.js';
import { isRiffWave, readWavHeader, WAVE_FORMAT_IEEE_FLOAT, WAVE_FORMAT_PCM } from './wavHeader.js';

/** A file the pipeline cannot use, with a one-line reason for `rejected.csv`. */
export class AudioRejected extends Error {}

export interface DecodedAudio {
  samples: Float32Array;
  sampleRateHz: number;
  sourceRateHz: number;
  sourceChannels: number;
  durationS: number;
}

const WAV_DECODER_DEPTHS: Record<number, number[]> = { [WAVE_FORMAT_PCM]: [8, 16, 24, 32], [WAVE_FORMAT_IEEE_FLOAT]: [32, 64] };
const UNKNOWN_LENGTH = [0, 0xffffffff];

function averageChannels(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0];
  const out = new Float32Array(channels[0].length);
  for (const ch of channels) for (let i = 0; i < out.length; i++) out[i] += ch[i];
  const scale = 1 / channels.length;
  for (let i = 0; i < out.length; i++) out[i] *= scale;
  return out;
}

/**
 * Decodes a file to mono float32 at `targetRateHz`. WAV in any integer (8-32 bit) or float
 * (32/64 bit) layout goes through wav-decoder; other WAV layouts and every other format through
 * ffmpeg. Resampling is band-limited (ffmpeg's soxr). Throws AudioRejected with a reason for an
 * empty, truncated or undecodable file.
 */
export async function decodeAudio(path: string, targetRateHz = 16000): Promise<DecodedAudio> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new AudioRejected(`unreadable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (bytes.length === 0) throw new AudioRejected('empty file (0 bytes)');

  if (isRiffWave(bytes)) {
    let header;
    try {
      header = readWavHeader(bytes);
    } catch (e) {
      throw new AudioRejected((e as Error).message);
    }
    if (!UNKNOWN_LENGTH.includes(header.declaredDataBytes) && header.presentDataBytes < header.declaredDataBytes) {
      throw new AudioRejected(`truncated WAV: header declares ${header.declaredDataBytes} bytes of audio, the file holds ${header.presentDataBytes}`);
    }
    if (header.channels === 0 || header.sampleRateHz === 0) throw new AudioRejected('WAV header has 0 channels or a 0 Hz sample rate');
    if (WAV_DECODER_DEPTHS[header.formatTag]?.includes(header.bitsPerSample)) {
      const data = wavDecoder.decode.sync(bytes, { symmetric: true });
      const mono = averageChannels(data.channelData);
      const samples = data.sampleRate === targetRateHz ? mono : await ffmpegResample(mono, data.sampleRate, targetRateHz, path);
      return finish(samples, targetRateHz, data.sampleRate, data.numberOfChannels);
    }
    const samples = await ffmpegOrReject(path, targetRateHz);
    return finish(samples, targetRateHz, header.sampleRateHz, header.channels);
  }
  const samples = await ffmpegOrReject(path, targetRateHz);
  return finish(samples, targetRateHz, NaN, NaN);
}

async function ffmpegOrReject(path: string, rateHz: number): Promise<Float32Array> {
  try {
    return await ffmpegDecode(path, rateHz);
  } catch (e) {
    throw new AudioRejected(e instanceof FfmpegError ? `ffmpeg could not decode it: ${e.reason}` : (e as Error).message);
  }
}

function finish(samples: Float32Array, sampleRateHz: number, sourceRateHz: number, sourceChannels: number): DecodedAudio {
  if (samples.length === 0) throw new AudioRejected('no audio samples');
  return { samples, sampleRateHz, sourceRateHz, sourceChannels, durationS: samples.length / sampleRateHz };
}
