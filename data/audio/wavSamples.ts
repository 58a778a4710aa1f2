import { pcm16ToFloat32 } from './sampleLoops.js';
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
 * Bytes of one frame (a sample of every channel). Throws an Error saying what is wrong when there is
 * no reader for the layout, or the header's frame size does not fit its channels and sample size.
 */
export function wavFrameBytes(header: WavHeader): number {
  if (!canDecodeWavSamples(header)) throw new Error(`no reader for WAV format 0x${header.formatTag.toString(16)} at ${header.bitsPerSample} bits`);
  const frameBytes = header.channels * (header.bitsPerSample / 8);
  if (header.blockAlignBytes !== frameBytes) {
    throw new Error(`WAV header declares ${header.blockAlignBytes}-byte frames, ${header.channels} channel(s) of ${header.bitsPerSample} bits take ${frameBytes}`);
  }
  return frameBytes;
}

/**
 * Decodes `bytes`, whole frames of a WAV's data chunk, into `channels` (one Float32Array per
 * channel) from frame `firstFrame` on: a long file is read a piece at a time into one buffer instead
 * of all at once. Samples with fewer valid bits than their container are left-aligned in it, so they
 * read the same way. `frameBytes` is `wavFrameBytes(header)`.
 */
export function decodeWavFrames(bytes: Uint8Array, header: WavHeader, frameBytes: number, channels: Float32Array[], firstFrame: number): void {
  const read = READERS[header.formatTag][header.bitsPerSample];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sampleBytes = header.bitsPerSample / 8;
  const frames = Math.floor(bytes.length / frameBytes);
  const pcm16 = header.formatTag === WAVE_FORMAT_PCM && header.bitsPerSample === 16;
  for (let ch = 0; ch < header.channels; ch++) {
    const out = channels[ch].subarray(firstFrame, firstFrame + frames);
    const at = ch * sampleBytes;
    // 16-bit PCM, nearly every speech file: the READERS formula as one WebAssembly loop.
    if (pcm16) pcm16ToFloat32(bytes, at, frameBytes, out, 32768);
    else for (let i = 0; i < out.length; i++) out[i] = read(view, at + i * frameBytes);
  }
}
