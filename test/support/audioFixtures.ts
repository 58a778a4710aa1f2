import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import wavEncoder from 'wav-encoder';
import { ffmpegPath } from '../../data/audio/ffmpeg.js';

/** A sine of `frequencyHz` at `amplitude`, `durationS` long. */
export function tone(frequencyHz: number, durationS: number, sampleRateHz: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(durationS * sampleRateHz));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRateHz);
  return out;
}

export function writeWavFixture(path: string, channels: Float32Array[], sampleRateHz: number, opts: { bitDepth?: 8 | 16 | 24 | 32; float?: boolean } = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, wavBytes(channels, sampleRateHz, opts));
}

/** A 64-bit float WAV (wav-encoder writes at most 32-bit float), header written by hand. */
export function writeFloat64Wav(path: string, samples: Float32Array, sampleRateHz: number): void {
  const data = Buffer.alloc(samples.length * 8);
  samples.forEach((x, i) => data.writeDoubleLE(x, i * 8));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(3, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRateHz, 24);
  header.writeUInt32LE(sampleRateHz * 8, 28);
  header.writeUInt16LE(8, 32);
  header.writeUInt16LE(64, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.concat([header, data]));
}

/** Encodes a WAV into another format (by the output's extension) with the real ffmpeg. */
export function transcode(inputWav: string, output: string): void {
  execFileSync(ffmpegPath(), ['-v', 'error', '-y', '-i', inputWav, output]);
}

/** Power of `x` at `frequencyHz` (a single-bin DFT over a whole number of cycles), in dB re full-scale sine. */
export function toneLevelDb(x: Float32Array, frequencyHz: number, sampleRateHz: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.length; i++) {
    const phase = (2 * Math.PI * frequencyHz * i) / sampleRateHz;
    re += x[i] * Math.cos(phase);
    im -= x[i] * Math.sin(phase);
  }
  const amplitude = (2 * Math.hypot(re, im)) / x.length;
  return 20 * Math.log10(amplitude);
}

/** Sub-format GUID of WAVE_FORMAT_EXTENSIBLE for a plain format tag (KSDATAFORMAT_SUBTYPE_PCM is tag 1, _IEEE_FLOAT tag 3). */
export function subFormatGuid(formatTag: number): Buffer {
  const guid = Buffer.from([0, 0, 0, 0, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]);
  guid.writeUInt16LE(formatTag, 0);
  return guid;
}

/**
 * The same audio as a canonical plain WAV (44-byte header, as wav-encoder writes), rewritten as
 * WAVE_FORMAT_EXTENSIBLE: a 40-byte fmt chunk with valid bits, a channel mask and the sub-format GUID.
 */
export function toExtensibleWav(plain: Uint8Array, opts: { validBits?: number; guid?: Buffer } = {}): Buffer {
  const p = Buffer.from(plain);
  if (p.toString('latin1', 12, 16) !== 'fmt ' || p.readUInt32LE(16) !== 16 || p.toString('latin1', 36, 40) !== 'data') throw new Error('not a canonical 44-byte-header WAV');
  const fmt = Buffer.alloc(8 + 40);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(40, 4);
  p.copy(fmt, 8, 20, 36);
  fmt.writeUInt16LE(0xfffe, 8);
  fmt.writeUInt16LE(22, 24);
  fmt.writeUInt16LE(opts.validBits ?? p.readUInt16LE(34), 26);
  fmt.writeUInt32LE(0, 28);
  (opts.guid ?? subFormatGuid(p.readUInt16LE(20))).copy(fmt, 32);
  const out = Buffer.concat([p.subarray(0, 12), fmt, p.subarray(36)]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

/** Encodes channels as a plain WAV in memory (16-bit unless `bitDepth` or `float` say otherwise). */
export function wavBytes(channels: Float32Array[], sampleRateHz: number, opts: { bitDepth?: 8 | 16 | 24 | 32; float?: boolean } = {}): Uint8Array {
  return new Uint8Array(wavEncoder.encode.sync({ sampleRate: sampleRateHz, channelData: channels }, opts.float ? { float: true } : { bitDepth: opts.bitDepth ?? 16 }));
}
