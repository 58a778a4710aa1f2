// Declarations for the few dependencies that ship no types of their own.

declare module 'wav-decoder' {
  export interface AudioData {
    sampleRate: number;
    length: number;
    numberOfChannels: number;
    channelData: Float32Array[];
  }
  /** `symmetric: true` divides integer samples by 2^(bits−1) (32768 for 16 bit); without it positive and negative samples are scaled differently. */
  export interface DecodeOptions {
    symmetric?: boolean;
  }
  /** `decode.sync` decodes synchronously. */
  export const decode: {
    (buffer: ArrayBuffer | Uint8Array, opts?: DecodeOptions): Promise<AudioData>;
    sync(buffer: ArrayBuffer | Uint8Array, opts?: DecodeOptions): AudioData;
  };
  const wavDecoder: { decode: typeof decode };
  export default wavDecoder;
}

declare module 'wav-encoder' {
  export interface AudioData {
    sampleRate: number;
    channelData: Float32Array[];
  }
  export interface EncodeOptions {
    bitDepth?: 8 | 16 | 24 | 32;
    float?: boolean;
    symmetric?: boolean;
  }
  /** `encode.sync` encodes synchronously. */
  export const encode: {
    (data: AudioData, opts?: EncodeOptions): Promise<ArrayBuffer>;
    sync(data: AudioData, opts?: EncodeOptions): ArrayBuffer;
  };
  const wavEncoder: { encode: typeof encode };
  export default wavEncoder;
}

declare module '@ffmpeg-installer/ffmpeg' {
  const installer: { path: string; version: string; url: string };
  export default installer;
}
