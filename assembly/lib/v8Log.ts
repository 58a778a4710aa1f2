/**
 * V8's Math.log, bit for bit: base::ieee754::log, which is fdlibm's __ieee754_log (by way of
 * FreeBSD's e_log.c). log(1 + f) = f − s·(f − R(s²)) with s = f/(2 + f), x = 2^k·(1 + f),
 * √2/2 < 1 + f < √2, R a degree-14 polynomial; k·ln2 split into a high part (exact) and a low part.
 * Written here rather than imported so that the spectral entropy's 256 logarithms per frame run
 * inline (an imported Math.log is a call into V8's C function each time); the test compares it with
 * Math.log on millions of arguments, and no argument among 63 million (uniform, tiny, arbitrary
 * positive doubles, floats over integers) gave a different bit.
 * fdlibm: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft, a
 * Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is
 * freely granted, provided that this notice is preserved.
 */

const LN2_HI: f64 = 6.9314718036912381649e-1; // 3fe62e42 fee00000
const LN2_LO: f64 = 1.90821492927058770002e-10; // 3dea39ef 35793c76
const TWO54: f64 = 1.8014398509481984e16; // 43500000 00000000
const LG1: f64 = 6.66666666666673513e-1; // 3fe55555 55555593
const LG2: f64 = 3.999999999940941908e-1; // 3fd99999 9997fa04
const LG3: f64 = 2.857142874366239149e-1; // 3fd24924 94229359
const LG4: f64 = 2.222219843214978396e-1; // 3fcc71c5 1d8e78af
const LG5: f64 = 1.818357216161805012e-1; // 3fc74664 96cb03de
const LG6: f64 = 1.531383769920937332e-1; // 3fc39a09 d078c69f
const LG7: f64 = 1.479819860511658591e-1; // 3fc2f112 df3e5244

/** V8's Math.log(x). */
export function v8Log(x: f64): f64 {
  let bits = reinterpret<u64>(x);
  let hx = <i32>(bits >> 32);
  let k: i32 = 0;
  if (hx < 0x00100000) {
    if (bits << 1 == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    bits = reinterpret<u64>(x);
    hx = <i32>(bits >> 32);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = reinterpret<f64>(((<u64>(hx | (i0 ^ 0x3ff00000))) << 32) | (bits & 0xffffffff));
  k += i0 >> 20;
  const f = x - 1.0;
  const dk = <f64>k;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) {
      if (k == 0) return 0;
      return dk * LN2_HI + dk * LN2_LO;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    return dk * LN2_HI - (R - dk * LN2_LO - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}
