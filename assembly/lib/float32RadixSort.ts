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

/** The n ≥ 0 floats at `x` as their keys, into the u32s at `keys`. */
function keysOf(x: usize, n: i32, keys: usize): void {
  for (let i = 0; i < n; i++) store<u32>(keys + ((<usize>i) << 2), keyOf(load<u32>(x + ((<usize>i) << 2))));
}

/**
 * Sorts the keys of the n floats at `x` (left untouched) using the u32 buffers `keys` and `swap`
 * (n each) and COUNTS_BYTES at `counts`; returns whichever of keys and swap holds the sorted keys
 * (valueOfKey turns one back into its float).
 */
export function sortKeys(x: usize, n: i32, keys: usize, swap: usize, counts: usize): usize {
  keysOf(x, n, keys);
  return sortKeyArray(keys, n, swap, counts);
}

/** Sorts the n keys at `keys` using `swap` (n u32s) and COUNTS_BYTES at `counts`; returns whichever of the two holds them sorted. */
function sortKeyArray(keys: usize, n: i32, swap: usize, counts: usize): usize {
  memory.fill(counts, 0, COUNTS_BYTES);
  for (let i = 0; i < n; i++) {
    const k = load<u32>(keys + ((<usize>i) << 2));
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

/** Spans of selectKeys' histogram: 2^11 counts, 8 KiB, small enough to clear per contour and to stay in the L1 cache. */
const SELECT_BITS: i32 = 11;
const SPANS: i32 = 1 << SELECT_BITS;

/** Bytes of the scratch selectKeys takes besides its two key buffers: the spans' starts, their flags and the sort's counts. */
export const SELECT_SCRATCH_BYTES: i32 = (SPANS + 1) * 4 + SPANS + COUNTS_BYTES;

/** The index of the first of the m ascending keys at `sorted` that is ≥ `k` (m if none is). */
function lowerBound(sorted: usize, m: i32, k: u32): i32 {
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<u32>(sorted + ((<usize>mid) << 2)) < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The keys that sortKeys would place at ranks[0..count) (int32s in [0, n)) of the n ≥ 1 floats at
 * `x`, into the u32s at `out`, without sorting them all: a histogram of the keys over 2^11 equal
 * spans of [min key, max key]; then only the keys in the spans holding a rank are gathered and
 * sorted (as many as the contour has, in the worst case: all keys in one span). Uses `keys` and
 * `swap` (n u32s each) and SELECT_SCRATCH_BYTES at `scratch` (4-aligned).
 */
export function selectKeys(x: usize, n: i32, ranks: usize, count: i32, out: usize, keys: usize, swap: usize, scratch: usize): void {
  let low: u32 = 0xffffffff;
  let high: u32 = 0;
  for (let i = 0; i < n; i++) {
    const k = keyOf(load<u32>(x + ((<usize>i) << 2)));
    store<u32>(keys + ((<usize>i) << 2), k);
    low = min(low, k);
    high = max(high, k);
  }
  // The narrowest spans (a power of two keys wide) of which SPANS cover [low, high].
  const shift = <u32>max(0, 32 - <i32>clz(high - low) - SELECT_BITS);
  // starts[s + 1] counts span s; summed, starts[s] is the rank of span s's first key.
  const starts = scratch;
  const flags = starts + ((<usize>(SPANS + 1)) << 2);
  memory.fill(starts, 0, (SPANS + 1) << 2);
  memory.fill(flags, 0, SPANS);
  for (let i = 0; i < n; i++) {
    const at = starts + ((<usize>(((load<u32>(keys + ((<usize>i) << 2)) - low) >>> shift) + 1)) << 2);
    store<u32>(at, load<u32>(at) + 1);
  }
  for (let s = 1; s <= SPANS; s++) {
    const at = starts + ((<usize>s) << 2);
    store<u32>(at, load<u32>(at) + load<u32>(at - 4));
  }
  // Each rank's span: the last span starting at or before it (the spans after an empty one start where it does).
  for (let j = 0; j < count; j++) {
    const rank = <u32>load<i32>(ranks + ((<usize>j) << 2));
    let lo = 0;
    let hi = SPANS - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (load<u32>(starts + ((<usize>mid) << 2)) <= rank) lo = mid;
      else hi = mid - 1;
    }
    store<u8>(flags + <usize>lo, 1);
    // The span, until its key is known.
    store<u32>(out + ((<usize>j) << 2), <u32>lo);
  }
  let m = 0;
  for (let i = 0; i < n; i++) {
    const k = load<u32>(keys + ((<usize>i) << 2));
    // Written at the end, kept by the flag's 0/1: no branch to mispredict.
    store<u32>(swap + ((<usize>m) << 2), k);
    m += <i32>load<u8>(flags + <usize>((k - low) >>> shift));
  }
  // The gathered spans, sorted, lie one after another: a rank's key is its place in its span after the
  // gathered keys of the spans before.
  const sorted = sortKeyArray(swap, m, keys, flags + SPANS);
  for (let j = 0; j < count; j++) {
    const span = load<u32>(out + ((<usize>j) << 2));
    const rank = <u32>load<i32>(ranks + ((<usize>j) << 2));
    const at = <u32>lowerBound(sorted, m, low + (span << shift)) + rank - load<u32>(starts + ((<usize>span) << 2));
    store<u32>(out + ((<usize>j) << 2), load<u32>(sorted + ((<usize>at) << 2)));
  }
}
