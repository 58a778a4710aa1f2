import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type ffmpeg from 'fluent-ffmpeg';

// Both libraries load on first use: a WAV file decodes without them, and commands that decode nothing start faster.
const require = createRequire(import.meta.url);

/** The ffmpeg binary: `FFMPEG_PATH` when set, else the one shipped by @ffmpeg-installer/ffmpeg. */
export function ffmpegPath(): string {
  return process.env.FFMPEG_PATH || (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

function ffmpegCommand(input: string | Readable): ffmpeg.FfmpegCommand {
  return (require('fluent-ffmpeg') as typeof ffmpeg)(input).setFfmpegPath(ffmpegPath());
}

/** soxr at 28-bit precision: band-limited, > 100 dB stop band, flat pass band. */
const RESAMPLE_FILTER = 'aresample=resampler=soxr:precision=28';

/** ffmpeg failed on an input; `reason` is ffmpeg's own last word on it, on one line. */
export class FfmpegError extends Error {
  constructor(
    readonly what: string,
    readonly reason: string,
  ) {
    super(`ffmpeg could not decode ${what}: ${reason}`);
  }
}

/**
 * The last non-empty stderr line says why ffmpeg stopped, e.g. "/x.mp3: Invalid argument"; the input
 * name and "[demuxer @ 0x…]" prefixes repeat what the caller names anyway.
 */
function reasonOf(lastLine: string, fallback: string, what: string): string {
  let last = (lastLine || fallback.replace(/^ffmpeg exited with code \d+:\s*/, '')).trim().replace(/^\[[^\]]*\]\s*/, '');
  if (last.startsWith(`${what}: `)) last = last.slice(what.length + 2);
  return last
    .replace(/^pipe:\d*: /, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function collectBytes(command: ffmpeg.FfmpegCommand, what: string): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let lastLine = '';
    command
      .on('stderr', (line: string) => {
        if (line.trim()) lastLine = line;
      })
      .on('error', (err: Error) => reject(new FfmpegError(what, reasonOf(lastLine, err.message, what))))
      .on('end', () => resolvePromise(Buffer.concat(chunks)));
    const stream = command.pipe();
    stream.on('data', (c: Buffer) => chunks.push(c));
  });
}

async function collectFloat32(command: ffmpeg.FfmpegCommand, what: string): Promise<Float32Array> {
  const all = await collectBytes(command, what);
  // Copy into a fresh, aligned buffer: Buffer.concat may return a view at an odd offset.
  const out = new Float32Array(all.length >> 2);
  new Uint8Array(out.buffer).set(all.subarray(0, out.length * 4));
  return out;
}

function float32Input(samples: Float32Array, rateHz: number): ffmpeg.FfmpegCommand {
  return ffmpegCommand(Readable.from([Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)]))
    .inputFormat('f32le')
    .inputOptions(['-ar', String(rateHz), '-ac', '1']);
}

/** Decodes any file ffmpeg reads to mono float32 at `sampleRateHz` (channels averaged). */
export function ffmpegDecode(path: string, sampleRateHz: number): Promise<Float32Array> {
  return collectFloat32(ffmpegCommand(path).noVideo().audioChannels(1).audioFilters(`${RESAMPLE_FILTER}:osr=${sampleRateHz}`).format('f32le'), path);
}

/** Resamples mono float32 samples through ffmpeg's soxr resampler. */
export function ffmpegResample(samples: Float32Array, fromRateHz: number, toRateHz: number, what: string): Promise<Float32Array> {
  return collectFloat32(float32Input(samples, fromRateHz).audioFilters(`${RESAMPLE_FILTER}:osr=${toRateHz}`).format('f32le'), what);
}

/** Phone codecs the simulation can apply: encoder, container, and the bit rates the encoder accepts. */
const CODECS = {
  'amr-wb': { encoder: 'libvo_amrwbenc', container: 'amr', bitratesKbps: [6.6, 8.85, 12.65, 14.25, 15.85, 18.25, 19.85, 23.05, 23.85] },
  opus: { encoder: 'libopus', container: 'ogg', bitratesKbps: undefined },
} as const;

export type CodecKind = keyof typeof CODECS;

/**
 * Encodes 16 kHz mono audio with a speech codec and decodes it back, as a phone call or a
 * compressed voice memo would; the result has the input's length (codec delay and padding trimmed
 * or zero-filled at the end).
 */
export async function ffmpegCodecRoundTrip(samples: Float32Array, kind: CodecKind, bitrateKbps: number, what: string): Promise<Float32Array> {
  const codec = CODECS[kind];
  if (codec.bitratesKbps && !(codec.bitratesKbps as readonly number[]).includes(bitrateKbps)) {
    throw new Error(`simulate.codec.bitrateKbps: ${kind} takes ${codec.bitratesKbps.join(', ')} kbit/s, not ${bitrateKbps}`);
  }
  const encoded = await collectBytes(
    float32Input(samples, 16000)
      .audioCodec(codec.encoder)
      .outputOptions(['-b:a', String(Math.round(bitrateKbps * 1000))])
      .format(codec.container),
    `${what} (encoding ${kind})`,
  );
  const decoded = await collectFloat32(
    ffmpegCommand(Readable.from([encoded]))
      .inputFormat(codec.container)
      .audioChannels(1)
      .audioFilters(`${RESAMPLE_FILTER}:osr=16000`)
      .format('f32le'),
    `${what} (decoding ${kind})`,
  );
  const out = new Float32Array(samples.length);
  out.set(decoded.subarray(0, out.length));
  return out;
}
