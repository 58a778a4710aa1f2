/**
 * Reads the chunk table of a RIFF/WAVE file without decoding it: enough to tell a WAV from other
 * formats, to say which decoder can take it, and to detect truncation (wav-decoder silently
 * decodes whatever part of a cut-off data chunk is present).
 */
export interface WavHeader {
  formatTag: number;
  channels: number;
  sampleRateHz: number;
  bitsPerSample: number;
  blockAlignBytes: number;
  dataOffsetBytes: number;
  /** Data size the header declares. */
  declaredDataBytes: number;
  /** Data bytes actually present in the file. */
  presentDataBytes: number;
}

export const WAVE_FORMAT_PCM = 0x0001;
export const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

export function isRiffWave(bytes: Uint8Array): boolean {
  const tag = (o: number) => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  return bytes.length >= 12 && tag(0) === 'RIFF' && tag(8) === 'WAVE';
}

/** Parses the fmt and data chunks; throws an Error whose message says what is wrong. */
export function readWavHeader(bytes: Uint8Array): WavHeader {
  if (!isRiffWave(bytes)) throw new Error('not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  let fmt: Omit<WavHeader, 'dataOffsetBytes' | 'declaredDataBytes' | 'presentDataBytes'> | undefined;
  while (offset + 8 <= bytes.length) {
    const id = String.fromCharCode(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (body + 16 > bytes.length) throw new Error('truncated WAV header (fmt chunk cut off)');
      let formatTag = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE carries the real format in the first two bytes of its sub-format GUID.
      if (formatTag === WAVE_FORMAT_EXTENSIBLE && size >= 26 && body + 26 <= bytes.length) formatTag = view.getUint16(body + 24, true);
      fmt = {
        formatTag,
        channels: view.getUint16(body + 2, true),
        sampleRateHz: view.getUint32(body + 4, true),
        blockAlignBytes: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new Error('WAV data chunk before its fmt chunk');
      return { ...fmt, dataOffsetBytes: body, declaredDataBytes: size, presentDataBytes: Math.max(0, Math.min(size, bytes.length - body)) };
    }
    offset = body + size + (size % 2);
  }
  throw new Error(fmt ? 'WAV file has no data chunk (truncated?)' : 'WAV file has no fmt chunk');
}
