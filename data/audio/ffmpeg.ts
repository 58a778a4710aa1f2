import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import ffmpeg from 'fluent-ffmpeg';
import { Readable } from 'node:stream';

/** The ffmpeg binary: `FFMPEG_PATH` when set, else the one shipped by @ffmpeg-installer/ffmpeg. */
export function ffmpegPath(): string {
  return process.env.FFMPEG_PATH || ffmpegInstaller.path;
}

/** soxr at 28-bit precision: band-limited, > 100 dB stop band, flat pass band. */
const RESAMPLE_FILTER = 'aresample=resampler=soxr:precision=28';

function collectFloat32(command: ffmpeg.FfmpegCommand, what: string): Promise<Float32Array> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let stderrTail = '';
    command
      .on('stderr', (line: string) => {
        stderrTail = line;
      })
      .on('error', (err: Error) => reject(new Error(`ffmpeg could not decode ${what}: ${stderrTail || err.message}`)))
      .on('end', () => {
        const all = Buffer.concat(chunks);
        // Copy into a fresh, aligned buffer: Buffer.concat may return a view at an odd offset.
        const out = new Float32Array(all.length >> 2);
        new Uint8Array(out.buffer).set(all.subarray(0, out.length * 4));
        resolvePromise(out);
      });
    const stream = command.pipe();
    stream.on('data', (c: Buffer) => chunks.push(c));
  });
}

/** Decodes any file ffmpeg reads to mono float32 at `sampleRateHz` (channels averaged). */
export function ffmpegDecode(path: string, sampleRateHz: number): Promise<Float32Array> {
  const command = ffmpeg(path)
    .setFfmpegPath(ffmpegPath())
    .noVideo()
    .audioChannels(1)
    .audioFilters(`${RESAMPLE_FILTER}:osr=${sampleRateHz}`)
    .format('f32le');
  return collectFloat32(command, path);
}

/** Resamples mono float32 samples through ffmpeg's soxr resampler. */
export function ffmpegResample(samples: Float32Array, fromRateHz: number, toRateHz: number, what: string): Promise<Float32Array> {
  const input = Readable.from([Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)]);
  const command = ffmpeg(input)
    .setFfmpegPath(ffmpegPath())
    .inputFormat('f32le')
    .inputOptions(['-ar', String(fromRateHz), '-ac', '1'])
    .audioFilters(`${RESAMPLE_FILTER}:osr=${toRateHz}`)
    .format('f32le');
  return collectFloat32(command, what);
}
