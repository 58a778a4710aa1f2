import { readFile } from 'node:fs/promises';
import { FfmpegError, ffmpegDecode, ffmpegResample } from './ffmpeg.js';
import { nonFiniteProblem } from './sampleChecks.js';
import { isRiffWave, readWavHeader, WAVE_FORMAT_IEEE_FLOAT } from './wavHeader.js';
import { canDecodeWavSamples, decodeWavSamples } from './wavSamples.js';

/** A file the pipeline cannot use, with a one-line reason for `rejected.csv`. */
export class AudioRejected extends Error {}

export interface DecodedAudio {
  samples: Float32Array;
  sampleRateHz: number;
  sourceRateHz: number;
  sourceChannels: number;
  durationS: number;
}

const UNKNOWN_LENGTH = [0, 0xffffffff];

function averageChannels(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0];
  const out = new Float32Array(channels[0].length);
  for (const ch of channels) for (let i = 0; i < out.length; i++) out[i] += ch[i];
  const scale = 1 / channels.length;
  for (let i = 0; i < out.length; i++) out[i] *= scale;
  return out;
}

/** The first line of an error's message: reasons go into one CSV cell or log line. */
const firstLine = (e: unknown) => String((e as Error).message ?? e).split('\n')[0];

/**
 * Decodes a file to mono float32 at `targetRateHz`. WAV in any integer (8-32 bit) or float
 * (32/64 bit) layout, plain or WAVE_FORMAT_EXTENSIBLE, is read here; other WAV layouts and every
 * other format go through ffmpeg. Resampling is band-limited (ffmpeg's soxr). Throws AudioRejected
 * with a one-line reason for an empty, truncated, undecodable or non-finite (NaN/Inf) file.
 */
export async function decodeAudio(path: string, targetRateHz = 16000): Promise<DecodedAudio> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new AudioRejected(`unreadable: ${(e as NodeJS.ErrnoException).code ?? firstLine(e)}`);
  }
  if (bytes.length === 0) throw new AudioRejected('empty file (0 bytes)');

  if (isRiffWave(bytes)) {
    let header;
    try {
      header = readWavHeader(bytes);
    } catch (e) {
      throw new AudioRejected(firstLine(e));
    }
    if (!UNKNOWN_LENGTH.includes(header.declaredDataBytes) && header.presentDataBytes < header.declaredDataBytes) {
      throw new AudioRejected(`truncated WAV: header declares ${header.declaredDataBytes} bytes of audio, the file holds ${header.presentDataBytes}`);
    }
    if (header.channels === 0 || header.sampleRateHz === 0) throw new AudioRejected('WAV header has 0 channels or a 0 Hz sample rate');
    if (canDecodeWavSamples(header)) {
      let mono: Float32Array;
      try {
        mono = averageChannels(decodeWavSamples(bytes, header));
      } catch (e) {
        throw new AudioRejected(firstLine(e));
      }
      // Checked before resampling, which would smear each bad sample over its neighbours; integers are always finite.
      if (header.formatTag === WAVE_FORMAT_IEEE_FLOAT) requireFinite(mono);
      const samples = header.sampleRateHz === targetRateHz ? mono : await ffmpegOrReject(() => ffmpegResample(mono, header.sampleRateHz, targetRateHz, path));
      return finish(samples, targetRateHz, header.sampleRateHz, header.channels);
    }
    const samples = requireFinite(await ffmpegOrReject(() => ffmpegDecode(path, targetRateHz)));
    return finish(samples, targetRateHz, header.sampleRateHz, header.channels);
  }
  const samples = requireFinite(await ffmpegOrReject(() => ffmpegDecode(path, targetRateHz)));
  return finish(samples, targetRateHz, NaN, NaN);
}

async function ffmpegOrReject(run: () => Promise<Float32Array>): Promise<Float32Array> {
  try {
    return await run();
  } catch (e) {
    throw new AudioRejected(e instanceof FfmpegError ? `ffmpeg could not decode it: ${e.reason}` : firstLine(e));
  }
}

function requireFinite(samples: Float32Array): Float32Array {
  const problem = nonFiniteProblem(samples);
  if (problem) throw new AudioRejected(problem);
  return samples;
}

function finish(samples: Float32Array, sampleRateHz: number, sourceRateHz: number, sourceChannels: number): DecodedAudio {
  if (samples.length === 0) throw new AudioRejected('no audio samples');
  return { samples, sampleRateHz, sourceRateHz, sourceChannels, durationS: samples.length / sampleRateHz };
}
