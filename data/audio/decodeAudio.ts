import { open, type FileHandle } from 'node:fs/promises';
import { FfmpegError, ffmpegDecode, ffmpegResample } from './ffmpeg.js';
import { nonFiniteProblem } from './sampleChecks.js';
import { isRiffWave, readWavHeader, WAVE_FORMAT_IEEE_FLOAT, type WavHeader } from './wavHeader.js';
import { canDecodeWavSamples, decodeWavFrames, wavFrameBytes } from './wavSamples.js';

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

/**
 * Bytes read at a time. A WAV is decoded through one buffer of this size, not a copy of the whole
 * file: the first touch of fresh memory costs more than decoding it (~0.1 s for a 10-minute file).
 * Its header is read from the first of them. At least one frame (at most 65535 bytes) fits.
 */
const READ_BYTES = 1 << 19;

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
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (e) {
    throw unreadable(e);
  }
  try {
    return await decodeOpenFile(file, path, targetRateHz);
  } finally {
    await file.close();
  }
}

const unreadable = (e: unknown) => new AudioRejected(`unreadable: ${(e as NodeJS.ErrnoException).code ?? firstLine(e)}`);

async function decodeOpenFile(file: FileHandle, path: string, targetRateHz: number): Promise<DecodedAudio> {
  let fileBytes: number;
  try {
    fileBytes = (await file.stat()).size;
  } catch (e) {
    throw unreadable(e);
  }
  if (fileBytes === 0) throw new AudioRejected('empty file (0 bytes)');
  const buffer = Buffer.allocUnsafe(Math.min(fileBytes, READ_BYTES));
  const head = buffer.subarray(0, await readAt(file, buffer, 0));

  if (isRiffWave(head)) {
    const header = await wavHeaderOf(file, head, fileBytes);
    if (!UNKNOWN_LENGTH.includes(header.declaredDataBytes) && header.presentDataBytes < header.declaredDataBytes) {
      throw new AudioRejected(`truncated WAV: header declares ${header.declaredDataBytes} bytes of audio, the file holds ${header.presentDataBytes}`);
    }
    if (header.channels === 0 || header.sampleRateHz === 0) throw new AudioRejected('WAV header has 0 channels or a 0 Hz sample rate');
    if (canDecodeWavSamples(header)) {
      const mono = averageChannels(await readWavSamples(file, header, buffer));
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

/** Fills `into` from byte `position` of the file on; fewer bytes only where the file ends. */
async function readAt(file: FileHandle, into: Uint8Array, position: number): Promise<number> {
  let filled = 0;
  try {
    while (filled < into.length) {
      const { bytesRead } = await file.read(into, filled, into.length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
  } catch (e) {
    throw unreadable(e);
  }
  return filled;
}

/** The header, parsed from the file's first bytes, or from the whole file where its chunks before the data run past them (a long LIST chunk). */
async function wavHeaderOf(file: FileHandle, head: Uint8Array, fileBytes: number): Promise<WavHeader> {
  try {
    return readWavHeader(head, fileBytes);
  } catch (e) {
    if (head.length >= fileBytes) throw new AudioRejected(firstLine(e));
  }
  const whole = new Uint8Array(fileBytes);
  try {
    return readWavHeader(whole.subarray(0, await readAt(file, whole, 0)));
  } catch (e) {
    throw e instanceof AudioRejected ? e : new AudioRejected(firstLine(e));
  }
}

/** The samples of the data chunk, one Float32Array per channel, read through `buffer` a whole number of frames at a time. */
async function readWavSamples(file: FileHandle, header: WavHeader, buffer: Uint8Array): Promise<Float32Array[]> {
  let frameBytes: number;
  try {
    frameBytes = wavFrameBytes(header);
  } catch (e) {
    throw new AudioRejected(firstLine(e));
  }
  const frames = Math.floor(header.presentDataBytes / frameBytes);
  const channels = Array.from({ length: header.channels }, () => new Float32Array(frames));
  const framesPerRead = Math.floor(buffer.length / frameBytes);
  for (let frame = 0; frame < frames; frame += framesPerRead) {
    const bytes = buffer.subarray(0, Math.min(framesPerRead, frames - frame) * frameBytes);
    if ((await readAt(file, bytes, header.dataOffsetBytes + frame * frameBytes)) < bytes.length) throw new AudioRejected('unreadable: the file shrank while it was read');
    decodeWavFrames(bytes, header, frameBytes, channels, frame);
  }
  return channels;
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
