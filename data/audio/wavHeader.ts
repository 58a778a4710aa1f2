/**
 * Reads the chunk table of a RIFF/WAVE file without decoding it: enough to tell a WAV from other
 * formats, to say which decoder can take it, and to detect truncation (a cut-off data chunk would
 * otherwise decode as a shorter recording).
 */
export interface WavHeader {
  /** The sample format: for WAVE_FORMAT_EXTENSIBLE, the format its sub-format GUID names when that is a standard one. */
  formatTag: number;
  channels: number;
  sampleRateHz: number;
  /** Container size of one sample. */
  bitsPerSample: number;
  /** Bits of each sample that carry signal (WAVE_FORMAT_EXTENSIBLE: e.g. 20 in a 24-bit container); bitsPerSample otherwise. */
  validBitsPerSample: number;
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

/** Bytes 2-15 of every standard sub-format GUID (xxxxxxxx-0000-0010-8000-00aa00389b71); bytes 0-1 hold the plain format tag. */
const KSDATAFORMAT_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
/** fmt chunk of WAVE_FORMAT_EXTENSIBLE: the 16 plain bytes, cbSize, valid bits, channel mask, sub-format GUID. */
const EXTENSIBLE_FMT_BYTES = 40;

export function isRiffWave(bytes: Uint8Array): boolean {
  const tag = (o: number) => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  return bytes.length >= 12 && tag(0) === 'RIFF' && tag(8) === 'WAVE';
}

type FmtFields = Omit<WavHeader, 'dataOffsetBytes' | 'declaredDataBytes' | 'presentDataBytes'>;

function readFmt(bytes: Uint8Array, view: DataView, body: number, size: number): FmtFields {
  if (size < 16 || body + 16 > bytes.length) throw new Error('truncated WAV header (fmt chunk cut off)');
  const fmt: FmtFields = {
    formatTag: view.getUint16(body, true),
    channels: view.getUint16(body + 2, true),
    sampleRateHz: view.getUint32(body + 4, true),
    blockAlignBytes: view.getUint16(body + 12, true),
    bitsPerSample: view.getUint16(body + 14, true),
    validBitsPerSample: view.getUint16(body + 14, true),
  };
  if (fmt.formatTag !== WAVE_FORMAT_EXTENSIBLE) return fmt;
  if (size < EXTENSIBLE_FMT_BYTES || body + EXTENSIBLE_FMT_BYTES > bytes.length)
    throw new Error(`WAVE_FORMAT_EXTENSIBLE fmt chunk of ${size} bytes, ${EXTENSIBLE_FMT_BYTES} needed`);
  const validBits = view.getUint16(body + 18, true);
  // 0 is what some writers put when every bit is valid.
  if (validBits > fmt.bitsPerSample) throw new Error(`WAV header declares ${validBits} valid bits in a ${fmt.bitsPerSample}-bit sample`);
  const guidTail = bytes.subarray(body + 26, body + EXTENSIBLE_FMT_BYTES);
  const standard = KSDATAFORMAT_GUID_TAIL.every((b, i) => guidTail[i] === b);
  // A non-standard sub-format keeps the EXTENSIBLE tag, so only ffmpeg is asked to read it.
  return { ...fmt, formatTag: standard ? view.getUint16(body + 24, true) : WAVE_FORMAT_EXTENSIBLE, validBitsPerSample: validBits || fmt.bitsPerSample };
}

/**
 * Parses the fmt and data chunks; throws an Error whose message says what is wrong. `bytes` may be
 * the first `fileBytes` of the file only: where the chunks before the data lie beyond it, it throws
 * as if the file ended there.
 */
export function readWavHeader(bytes: Uint8Array, fileBytes = bytes.length): WavHeader {
  if (!isRiffWave(bytes)) throw new Error('not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  let fmt: FmtFields | undefined;
  while (offset + 8 <= bytes.length) {
    const id = String.fromCharCode(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') fmt = readFmt(bytes, view, body, size);
    else if (id === 'data') {
      if (!fmt) throw new Error('WAV data chunk before its fmt chunk');
      return { ...fmt, dataOffsetBytes: body, declaredDataBytes: size, presentDataBytes: Math.max(0, Math.min(size, fileBytes - body)) };
    }
    offset = body + size + (size % 2);
  }
  throw new Error(fmt ? 'WAV file has no data chunk (truncated?)' : 'WAV file has no fmt chunk');
}
