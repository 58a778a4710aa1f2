/**
 * Named float32 tensors as one byte string (the caller writes it to disk): a little-endian uint32
 * header length, a JSON header (format, step, optional metadata, and each tensor's group, name and
 * length), zero padding to 4 bytes, the float32 tensors in header order, then the SHA-256 of all the
 * bytes before it. Format 2 added the checksum, so that a damaged or truncated file is refused rather
 * than half-read, and free group names with metadata, so that a training run's resume point (optimiser
 * state, best weights, history) is one file. Checkpoints and weights.bin share the format.
 */
import { createHash } from 'node:crypto';
import type { Checkpoint, F32s } from './trainer.js';

const FORMAT = 'dln-ser-checkpoint-2';
const HASH_BYTES = 32;

export interface TensorFile {
  step: number;
  groups: Record<string, F32s>;
  meta?: unknown;
}

interface Header {
  format: string;
  step: number;
  meta?: unknown;
  tensors: { group: string; name: string; length: number }[];
}

/** Bytes that are not a whole, undamaged file of this format. */
export class CheckpointError extends Error {}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

/**
 * The file's bytes as pieces: the header, each tensor's own bytes (views, not copies) and the checksum,
 * so that a resume point of tens of MB is written without first being copied into one fresh buffer.
 */
export function encodeTensorChunks(f: TensorFile): Uint8Array[] {
  const tensors = Object.entries(f.groups).flatMap(([group, values]) => Object.entries(values).map(([name, a]) => ({ group, name, length: a.length })));
  const header = new TextEncoder().encode(JSON.stringify({ format: FORMAT, step: f.step, meta: f.meta, tensors } satisfies Header));
  const head = new Uint8Array(Math.ceil((4 + header.length) / 4) * 4);
  new DataView(head.buffer).setUint32(0, header.length, true);
  head.set(header, 4);
  // Float32 in the machine's order: little-endian on every platform onnxruntime-node ships for.
  const chunks = [
    head,
    ...tensors.map((t) => {
      const a = f.groups[t.group][t.name];
      return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    }),
  ];
  const hash = createHash('sha256');
  for (const c of chunks) hash.update(c);
  return [...chunks, hash.digest()];
}

export function encodeTensors(f: TensorFile): Uint8Array {
  const chunks = encodeTensorChunks(f);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function decodeTensors(bytes: Uint8Array): TensorFile {
  if (bytes.byteLength < 4) throw new CheckpointError(`truncated (${bytes.byteLength} bytes)`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + headerLength > bytes.byteLength) throw new CheckpointError(`truncated (${bytes.byteLength} bytes), or not a checkpoint`);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as Header;
  } catch {
    throw new CheckpointError('not a checkpoint, or truncated: its header is not JSON');
  }
  if (header.format !== FORMAT) throw new CheckpointError(`not a checkpoint of format ${FORMAT}`);
  const dataStart = Math.ceil((4 + headerLength) / 4) * 4;
  const dataEnd = dataStart + 4 * header.tensors.reduce((s, t) => s + t.length, 0);
  if (bytes.byteLength < dataEnd + HASH_BYTES) throw new CheckpointError(`truncated (${bytes.byteLength} of ${dataEnd + HASH_BYTES} bytes)`);
  if (bytes.byteLength > dataEnd + HASH_BYTES) throw new CheckpointError(`${bytes.byteLength} bytes where its header makes ${dataEnd + HASH_BYTES}`);
  if (!sha256(bytes.subarray(0, dataEnd)).equals(bytes.subarray(dataEnd))) throw new CheckpointError('damaged: its checksum does not match');
  // Copy once into an aligned buffer: the input's byte offset need not be a multiple of 4.
  const data = new Float32Array(bytes.slice(dataStart, dataEnd).buffer);
  const groups: Record<string, F32s> = {};
  let off = 0;
  for (const t of header.tensors) {
    (groups[t.group] ??= {})[t.name] = data.subarray(off, off + t.length);
    off += t.length;
  }
  return { step: header.step, groups, meta: header.meta };
}

export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  return encodeTensors({ step: c.step, groups: { params: c.params, m: c.m, v: c.v, state: c.state } });
}

export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  const { step, groups } = decodeTensors(bytes);
  return { step, params: groups.params ?? {}, m: groups.m ?? {}, v: groups.v ?? {}, state: groups.state ?? {} };
}
