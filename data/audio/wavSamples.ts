import { WAVE_FORMAT_IEEE_FLOAT, WAVE_FORMAT_PCM, type WavHeader } from './wavHeader.js';

/**
 * One sample of a WAV layout as a float: integers divided by 2^(bits−1), so 16-bit k reads as
 * k/32768 (8-bit WAV is unsigned, centred on 127.5); floats as stored.
 */
const READERS: Record<number, Record<number, (view: DataView, at: number) => number>> = {
  [WAVE_FORMAT_PCM]: {
    8: (v, at) => (v.getUint8(at) - 127.5) / 127.5,
    16: (v, at) => v.getInt16(at, true) / 32768,
    24: (v, at) => (v.getUint8(at) | (v.getUint8(at + 1) << 8) | (v.getInt8(at + 2) << 16)) / 8388608,
    32: (v, at) => v.getInt32(at, true) / 2147483648,
  },
  [WAVE_FORMAT_IEEE_FLOAT]: {
    32: (v, at) => v.getFloat32(at, true),
    64: (v, at) => v.getFloat64(at, true),
  },
};

/** Whether `decodeWavSamples` reads this layout (integer PCM of 8-32 bits, 32/64-bit float, any channel count). */
export function canDecodeWavSamples(header: WavHeader): boolean {
  return READERS[header.formatTag]?.[header.bitsPerSample] !== undefined;
}

/**
 * The samples of a WAV's data chunk, one Float32Array per channel. Samples with fewer valid bits
 * than their container are left-aligned in it, so they read the same way. Throws an Error saying
 * what is wrong when the header's frame size does not fit its channels and sample size.
 */
export function decodeWavSamples(bytes: Uint8Array, header: WavHeader): Float32Array[] {
  const read = READERS[header.formatTag]?.[header.bitsPerSample];
  if (!read) throw new Error(`no reader for WAV format 0x${header.formatTag.toString(16)} at ${header.bitsPerSample} bits`);
  const sampleBytes = header.bitsPerSample / 8;
  const frameBytes = header.channels * sampleBytes;
  if (header.blockAlignBytes !== frameBytes) {
    throw new Error(`WAV header declares ${header.blockAlignBytes}-byte frames, ${header.channels} channel(s) of ${header.bitsPerSample} bits take ${frameBytes}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames = Math.floor(header.presentDataBytes / frameBytes);
  const channels = Array.from({ length: header.channels }, () => new Float32Array(frames));
  for (let i = 0, at = header.dataOffsetBytes; i < frames; i++) {
    for (let ch = 0; ch < header.channels; ch++, at += sampleBytes) channels[ch][i] = read(view, at);
  }
  return channels;
}
