/**
 * V8's Math.pow, bit for bit, for a positive normal x and an ordinary y: base::ieee754::legacy::pow,
 * which is fdlibm's __ieee754_pow (e_pow.c). log2(x) in two pieces (a head with 29 trailing zero bits
 * and a tail), y·log2(x) = n + y' in simulated extra precision, then 2^n·exp(y'·ln2). Everything
 * else (x ≤ 0, subnormal, infinite, NaN or 1; y 0, ±1, 2, 0.5, huge, infinite or NaN; a result that
 * overflows or is subnormal) goes to the imported Math.pow. Written here rather than imported so the
 * auditory spectrum's 26 powers per frame run inline (an imported Math.pow is a call into V8's C
 * function each time, ~100 ns); the test compares it with Math.pow on millions of arguments.
 * fdlibm: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft, a
 * Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is
 * freely granted, provided that this notice is preserved.
 */

/** V8's Math.pow, for the arguments the port does not cover. */
declare function pow(x: f64, y: f64): f64;

const DP_H1: f64 = reinterpret<f64>(0x3fe2b80340000000); // 0.5849624872207642
const DP_L1: f64 = reinterpret<f64>(0x3e4cfdeb43cfd006); // 1.350039202129749e-8
const L1: f64 = reinterpret<f64>(0x3fe3333333333303); // 0.5999999999999946
const L2: f64 = reinterpret<f64>(0x3fdb6db6db6fabff); // 0.4285714285785502
const L3: f64 = reinterpret<f64>(0x3fd55555518f264d); // 0.33333332981837743
const L4: f64 = reinterpret<f64>(0x3fd17460a91d4101); // 0.272728123808534
const L5: f64 = reinterpret<f64>(0x3fcd864a93c9db65); // 0.23066074577556175
const L6: f64 = reinterpret<f64>(0x3fca7e284a454eef); // 0.20697501780033842
const P1: f64 = reinterpret<f64>(0x3fc555555555553e); // 0.16666666666666602
const P2: f64 = reinterpret<f64>(0xbf66c16c16bebd93); // -0.0027777777777015593
const P3: f64 = reinterpret<f64>(0x3f11566aaf25de2c); // 0.00006613756321437934
const P4: f64 = reinterpret<f64>(0xbebbbd41c5d26bf1); // -0.0000016533902205465252
const P5: f64 = reinterpret<f64>(0x3e66376972bea4d0); // 4.1381367970572385e-8
const LG2: f64 = reinterpret<f64>(0x3fe62e42fefa39ef); // 0.6931471805599453
const LG2_H: f64 = reinterpret<f64>(0x3fe62e4300000000); // 0.6931471824645996
const LG2_L: f64 = reinterpret<f64>(0xbe205c610ca86c39); // -1.904654299957768e-9
const CP: f64 = reinterpret<f64>(0x3feec709dc3a03fd); // 0.9617966939259756
const CP_H: f64 = reinterpret<f64>(0x3feec709e0000000); // 0.9617967009544373
const CP_L: f64 = reinterpret<f64>(0xbe3e2fe0145b01f5); // -7.028461650952758e-9

/** d with its low 32 bits cleared. */
function clearLow(d: f64): f64 {
  return reinterpret<f64>(reinterpret<u64>(d) & 0xffffffff00000000);
}

/** The double whose high 32 bits are `high` and low 32 bits 0. */
function fromHigh(high: i32): f64 {
  return reinterpret<f64>((<u64>(<u32>high)) << 32);
}

function highWord(d: f64): i32 {
  return <i32>(reinterpret<u64>(d) >> 32);
}

/** V8's Math.pow(x, y). */
export function v8Pow(x: f64, y: f64): f64 {
  const hx = highWord(x);
  const lx = <u32>reinterpret<u64>(x);
  const hy = highWord(y);
  const ly = <u32>reinterpret<u64>(y);
  const iy = hy & 0x7fffffff;
  const xOrdinary = hx >= 0x00100000 && hx < 0x7ff00000 && !(hx == 0x3ff00000 && lx == 0);
  const ySpecial = (iy | ly) == 0 || iy > 0x41e00000 || (ly == 0 && (iy == 0x3ff00000 || hy == 0x40000000 || hy == 0x3fe00000));
  if (!xOrdinary || ySpecial) return pow(x, y);

  // log2(x) = t1 + t2, x = 2^n·ax, ax within [√(3/2)/2, √3) about bp (1 or 1.5).
  let n = (hx >> 20) - 0x3ff;
  const j = hx & 0x000fffff;
  let ix = j | 0x3ff00000;
  let k = 0;
  if (j <= 0x3988e) {
    k = 0;
  } else if (j < 0xbb67a) {
    k = 1;
  } else {
    n += 1;
    ix -= 0x00100000;
  }
  const ax = reinterpret<f64>(((<u64>(<u32>ix)) << 32) | (<u64>lx));
  const bp: f64 = k ? 1.5 : 1.0;
  const dpH: f64 = k ? DP_H1 : 0.0;
  const dpL: f64 = k ? DP_L1 : 0.0;
  // ss = s_h + s_l = (ax − bp)/(ax + bp)
  let u = ax - bp;
  let v = 1.0 / (ax + bp);
  const ss = u * v;
  const sH = clearLow(ss);
  let tH = fromHigh(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18));
  let tL = ax - (tH - bp);
  const sL = v * (u - sH * tH - sH * tL);
  let s2 = ss * ss;
  let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
  r += sL * (sH + ss);
  s2 = sH * sH;
  tH = clearLow(3.0 + s2 + r);
  tL = r - (tH - 3.0 - s2);
  u = sH * tH;
  v = sL * tH + tL * ss;
  let pH = clearLow(u + v);
  let pL = v - (pH - u);
  const zH = CP_H * pH;
  const zL = CP_L * pH + pL * CP + dpL;
  let t = <f64>n;
  let t1 = clearLow(zH + zL + dpH + t);
  let t2 = zL - (t1 - t - dpH - zH);

  // y·log2(x) = pH + pL, y split as y1 + (y − y1).
  const y1 = clearLow(y);
  pL = (y - y1) * t1 + y * t2;
  pH = y1 * t1;
  let z = pL + pH;
  let jz = highWord(z);
  // Overflow or underflow: Math.pow decides.
  if (jz >= 0x40900000 || (jz & 0x7fffffff) >= 0x4090cc00) return pow(x, y);

  // 2^(pH + pL) = 2^m·exp((pH + pL − m)·ln2), m the nearest integer when |z| > 0.5.
  const i = jz & 0x7fffffff;
  k = (i >> 20) - 0x3ff;
  n = 0;
  if (i > 0x3fe00000) {
    n = jz + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff;
    t = fromHigh(n & ~(0x000fffff >> k));
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (jz < 0) n = -n;
    pH -= t;
  }
  t = clearLow(pL + pH);
  u = t * LG2_H;
  v = (pL - (t - pH)) * LG2 + t * LG2_L;
  z = u + v;
  const w = v - (z - u);
  t = z * z;
  t1 = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  r = (z * t1) / (t1 - 2.0 - (w + z * w));
  z = 1.0 - (r - z);
  jz = highWord(z) + (n << 20);
  // A subnormal result: Math.pow decides.
  if (jz >> 20 <= 0) return pow(x, y);
  return reinterpret<f64>(((<u64>(<u32>jz)) << 32) | (reinterpret<u64>(z) & 0xffffffff));
}
