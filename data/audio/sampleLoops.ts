/**
 * The per-sample loops over a whole recording, run as WebAssembly (assembly/sampleLoops.ts) on one
 * instance per thread, a piece at a time: each piece is copied into the instance's memory (and back
 * where the loop writes), so the memory stays small (128 KiB: fresh memory costs a page fault per 4
 * KiB on first touch) and the loops run at full speed from the first sample, where the same loops
 * in JavaScript ran once per file, mostly before V8 had optimised them.
 */
import wasmBase64 from '../../assembly/sampleLoops.wasm.js';
import { instantiateWasm } from '../../dsp/compare/wasmInstance.js';

interface SampleLoopExports {
  pcm16ToFloat(bytes: number, strideBytes: number, count: number, fullScale: number, out: number): void;
  scale(x: number, count: number, factor: number): void;
  countAtOrAbove(x: number, count: number, level: number): number;
}

/** Floats per piece, at the start of the memory; then the bytes a piece of int16 samples is read from. */
const PIECE_SAMPLES = 16384;
const BYTES_AT = 4 * PIECE_SAMPLES;
const PIECE_BYTES = 65536;

let instance: { exports: SampleLoopExports; floats: Float32Array; bytes: Uint8Array } | undefined;

function loops(): NonNullable<typeof instance> {
  if (instance === undefined) {
    const { exports, buffer } = instantiateWasm<SampleLoopExports>(wasmBase64, BYTES_AT + PIECE_BYTES);
    instance = { exports, floats: new Float32Array(buffer, 0, PIECE_SAMPLES), bytes: new Uint8Array(buffer, BYTES_AT, PIECE_BYTES) };
  }
  return instance;
}

/**
 * out[i] = the little-endian int16 at bytes[at + i·strideBytes] divided by fullScale (a double
 * division rounded to float32), for i = 0..out.length−1: one channel of 16-bit PCM frames.
 */
export function pcm16ToFloat32(bytes: Uint8Array, at: number, strideBytes: number, out: Float32Array, fullScale: number): Float32Array {
  const { exports, floats, bytes: piece } = loops();
  const framesPerPiece = Math.max(1, Math.min(PIECE_SAMPLES, Math.floor(PIECE_BYTES / strideBytes)));
  for (let first = 0; first < out.length; first += framesPerPiece) {
    const frames = Math.min(framesPerPiece, out.length - first);
    const from = at + first * strideBytes;
    piece.set(bytes.subarray(from, from + (frames - 1) * strideBytes + 2));
    exports.pcm16ToFloat(BYTES_AT, strideBytes, frames, fullScale, 0);
    out.set(floats.subarray(0, frames), first);
  }
  return out;
}

/** Runs `loop` on each piece of `samples` copied into the instance (at byte 0), copying it back when `writes`. */
function eachPiece(samples: Float32Array, writes: boolean, loop: (exports: SampleLoopExports, count: number) => void): void {
  const { exports, floats } = loops();
  for (let first = 0; first < samples.length; first += PIECE_SAMPLES) {
    const count = Math.min(PIECE_SAMPLES, samples.length - first);
    floats.set(samples.subarray(first, first + count));
    loop(exports, count);
    if (writes) samples.set(floats.subarray(0, count), first);
  }
}

/** samples[i] = samples[i]·factor in doubles, rounded to float32, in place. */
export function scaleSamples(samples: Float32Array, factor: number): Float32Array {
  eachPiece(samples, true, (exports, count) => exports.scale(0, count, factor));
  return samples;
}

/** How many samples have a magnitude of at least `level` (NaN has none). */
export function countAtOrAbove(samples: Float32Array, level: number): number {
  let n = 0;
  eachPiece(samples, false, (exports, count) => {
    n += exports.countAtOrAbove(0, count, level);
  });
  return n;
}
