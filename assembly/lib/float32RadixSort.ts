/**
 * Ascending order of float32 values by an LSD radix sort on their bit patterns, four passes of 8
 * bits: linear in the count, with digit tables (256 counts a pass) small enough to stay cheap on
 * short contours. The order is TypedArray.prototype.sort's: −0 before +0, every NaN last.
 */

const RADIX: i32 = 256;
const PASSES: i32 = 4;

/** Bytes of the digit counts `sortKeys` needs. */
export const COUNTS_BYTES: i32 = PASSES * RADIX * 4;

/**
 * A key whose unsigned order is the numeric order: every bit of a negative value flipped, only the
 * sign bit of a non-negative one (one XOR with a mask from the sign, no branch); a NaN of either
 * sign becomes the largest key, as TypedArray.prototype.sort puts NaN last.
 */
function keyOf(b: u32): u32 {
  const k = b ^ ((<u32>((<i32>b) >> 31)) | 0x80000000);
  return (b & 0x7fffffff) > 0x7f800000 ? 0xffffffff : k;
}

/** The float whose key is `k` (a NaN for the NaN key). */
export function valueOfKey(k: u32): f32 {
  return reinterpret<f32>(k ^ (~(<u32>((<i32>k) >> 31)) | 0x80000000));
}

/**
 * Sorts the keys of the n floats at `x` (left untouched) using the u32 buffers `keys` and `swap`
 * (n each) and COUNTS_BYTES at `counts`; returns whichever of keys and swap holds the sorted keys
 * (valueOfKey turns one back into its float).
 */
export function sortKeys(x: usize, n: i32, keys: usize, swap: usize, counts: usize): usize {
  memory.fill(counts, 0, COUNTS_BYTES);
  for (let i = 0; i < n; i++) {
    const k = keyOf(load<u32>(x + ((<usize>i) << 2)));
    store<u32>(keys + ((<usize>i) << 2), k);
    const c0 = counts + ((<usize>(k & 255)) << 2);
    const c1 = counts + 1024 + ((<usize>((k >>> 8) & 255)) << 2);
    const c2 = counts + 2048 + ((<usize>((k >>> 16) & 255)) << 2);
    const c3 = counts + 3072 + ((<usize>(k >>> 24)) << 2);
    store<u32>(c0, load<u32>(c0) + 1);
    store<u32>(c1, load<u32>(c1) + 1);
    store<u32>(c2, load<u32>(c2) + 1);
    store<u32>(c3, load<u32>(c3) + 1);
  }
  let from = keys;
  let to = swap;
  for (let pass = 0; pass < PASSES; pass++) {
    const table = counts + ((<usize>(pass * RADIX)) << 2);
    // A digit every key shares (the top byte of a contour within one binade and sign, often) leaves
    // the order as it is: that pass is skipped.
    let total: u32 = 0;
    let shared = false;
    for (let d = 0; d < RADIX; d++) {
      const at = table + ((<usize>d) << 2);
      const c = load<u32>(at);
      shared = shared || c == <u32>n;
      store<u32>(at, total);
      total += c;
    }
    if (shared) continue;
    const shift = <u32>(pass * 8);
    for (let i = 0; i < n; i++) {
      const k = load<u32>(from + ((<usize>i) << 2));
      const at = table + ((<usize>((k >>> shift) & 255)) << 2);
      const slot = load<u32>(at);
      store<u32>(at, slot + 1);
      store<u32>(to + ((<usize>slot) << 2), k);
    }
    const t = from;
    from = to;
    to = t;
  }
  return from;
}
