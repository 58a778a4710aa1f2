/**
 * Element i of a float32, float64 or int32 array at byte offset p of the module's memory, for the
 * modules (which lay nothing out themselves: their JavaScript classes hand them the offsets).
 */

export function ld32(p: usize, i: i32): f32 {
  return load<f32>(p + ((<usize>i) << 2));
}

export function st32(p: usize, i: i32, v: f32): void {
  store<f32>(p + ((<usize>i) << 2), v);
}

export function ld(p: usize, i: i32): f64 {
  return load<f64>(p + ((<usize>i) << 3));
}

export function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + ((<usize>i) << 3), v);
}

export function ldi(p: usize, i: i32): i32 {
  return load<i32>(p + ((<usize>i) << 2));
}

export function sti(p: usize, i: i32, v: i32): void {
  store<i32>(p + ((<usize>i) << 2), v);
}
