/**
 * A checkpoint as one byte string (the caller writes it to disk): a little-endian uint32 header length,
 * a JSON header (format, step, and each tensor's group, name and length), zero padding to 4 bytes,
 * then the float32 tensors in header order.
 */
import type { Checkpoint, F32s } from './trainer.js';

const FORMAT = 'dln-ser-checkpoint-1';
const GROUPS = ['params', 'm', 'v', 'state'] as const;

interface Header {
  format: string;
  step: number;
  tensors: { group: (typeof GROUPS)[number]; name: string; length: number }[];
}

export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  const tensors = GROUPS.flatMap((group) => Object.entries(c[group]).map(([name, a]) => ({ group, name, length: a.length })));
  const header = new TextEncoder().encode(JSON.stringify({ format: FORMAT, step: c.step, tensors } satisfies Header));
  const dataStart = Math.ceil((4 + header.length) / 4) * 4;
  const total = dataStart + 4 * tensors.reduce((s, t) => s + t.length, 0);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  const data = new Float32Array(out.buffer, dataStart);
  let off = 0;
  for (const t of tensors) {
    data.set(c[t.group][t.name], off);
    off += t.length;
  }
  return out;
}

export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as Header;
  if (header.format !== FORMAT) throw new Error(`not a checkpoint of format ${FORMAT}`);
  const dataStart = Math.ceil((4 + headerLength) / 4) * 4;
  const count = header.tensors.reduce((s, t) => s + t.length, 0);
  if (bytes.byteLength < dataStart + 4 * count) throw new Error('checkpoint truncated');
  // Copy once into an aligned buffer: the input's byte offset need not be a multiple of 4.
  const data = new Float32Array(bytes.slice(dataStart, dataStart + 4 * count).buffer);
  const c: Checkpoint = { step: header.step, params: {}, m: {}, v: {}, state: {} };
  let off = 0;
  for (const t of header.tensors) {
    (c[t.group] as F32s)[t.name] = data.subarray(off, off + t.length);
    off += t.length;
  }
  return c;
}
