/**
 * glibc's single-precision logf and expf (glibc ≥ 2.28, the Arm optimized-routines algorithms), bit
 * for bit. openSMILE is C++: `log(x)` and `exp(x)` on a float call logf and expf, which are not
 * correctly rounded (logf is off by up to 0.82 ulp): Math.fround(Math.log(x)) is one ulp away from
 * logf on about 1 argument in 5,000, Math.exp from expf on 1 in 14,000. The auditory spectrum (RASTA:
 * a log and an exp per band and frame) and the MFCCs go through them, and the LPC functionals of those
 * contours notice a single-ulp difference in one frame.
 * The algorithms: a table lookup and a short polynomial evaluated in double, rounded once to float.
 * Every operation below is one double rounding, as in glibc's SSE2 build (WebAssembly has no fused
 * multiply-add). The FMA build, which x86-64 machines with FMA run (openSMILE's reference machine
 * did), fuses some of them; it gave the same floats on all 24 million arguments we compared (glibc
 * 2.36, every 211th positive float for logf, every 157th float below 110 in magnitude for expf).
 * The constants are glibc's hexadecimal doubles, written as their bits. The tables are switches, not
 * data: the modules have no data segment, their memory is laid out by the JavaScript.
 */

// logf: x = 2^k·z, z in [0x3f330000, 2·0x3f330000) as floats; log(x) = log1p(z/c − 1) + log(c) + k·ln2,
// c near the centre of the one of 16 subintervals z lies in.
/** 1/c of subinterval i. */
function logfInvc(i: i32): f64 {
  switch (i) {
    case 0:
      return reinterpret<f64>(0x3ff661ec79f8f3be);
    case 1:
      return reinterpret<f64>(0x3ff571ed4aaf883d);
    case 2:
      return reinterpret<f64>(0x3ff49539f0f010b0);
    case 3:
      return reinterpret<f64>(0x3ff3c995b0b80385);
    case 4:
      return reinterpret<f64>(0x3ff30d190c8864a5);
    case 5:
      return reinterpret<f64>(0x3ff25e227b0b8ea0);
    case 6:
      return reinterpret<f64>(0x3ff1bb4a4a1a343f);
    case 7:
      return reinterpret<f64>(0x3ff12358f08ae5ba);
    case 8:
      return reinterpret<f64>(0x3ff0953f419900a7);
    case 9:
      return reinterpret<f64>(0x3ff0000000000000);
    case 10:
      return reinterpret<f64>(0x3fee608cfd9a47ac);
    case 11:
      return reinterpret<f64>(0x3feca4b31f026aa0);
    case 12:
      return reinterpret<f64>(0x3feb2036576afce6);
    case 13:
      return reinterpret<f64>(0x3fe9c2d163a1aa2d);
    case 14:
      return reinterpret<f64>(0x3fe886e6037841ed);
    case 15:
      return reinterpret<f64>(0x3fe767dcf5534862);
    default:
      return reinterpret<f64>(0x3fe767dcf5534862);
  }
}

/** log(c) of subinterval i. */
function logfLogc(i: i32): f64 {
  switch (i) {
    case 0:
      return reinterpret<f64>(0xbfd57bf7808caade);
    case 1:
      return reinterpret<f64>(0xbfd2bef0a7c06ddb);
    case 2:
      return reinterpret<f64>(0xbfd01eae7f513a67);
    case 3:
      return reinterpret<f64>(0xbfcb31d8a68224e9);
    case 4:
      return reinterpret<f64>(0xbfc6574f0ac07758);
    case 5:
      return reinterpret<f64>(0xbfc1aa2bc79c8100);
    case 6:
      return reinterpret<f64>(0xbfba4e76ce8c0e5e);
    case 7:
      return reinterpret<f64>(0xbfb1973c5a611ccc);
    case 8:
      return reinterpret<f64>(0xbfa252f438e10c1e);
    case 9:
      return reinterpret<f64>(0x0000000000000000);
    case 10:
      return reinterpret<f64>(0x3faaa5aa5df25984);
    case 11:
      return reinterpret<f64>(0x3fbc5e53aa362eb4);
    case 12:
      return reinterpret<f64>(0x3fc526e57720db08);
    case 13:
      return reinterpret<f64>(0x3fcbc2860d224770);
    case 14:
      return reinterpret<f64>(0x3fd1058bc8a07ee1);
    case 15:
      return reinterpret<f64>(0x3fd4043057b6ee09);
    default:
      return reinterpret<f64>(0x3fd4043057b6ee09);
  }
}

const LOGF_LN2: f64 = reinterpret<f64>(0x3fe62e42fefa39ef);
const LOGF_A0: f64 = reinterpret<f64>(0xbfd00ea348b88334);
const LOGF_A1: f64 = reinterpret<f64>(0x3fd5575b0be00b6a);
const LOGF_A2: f64 = reinterpret<f64>(0xbfdffffef20a4123);
const LOGF_OFF: u32 = 0x3f330000;

/** glibc's logf(x). */
export function logf(x: f32): f32 {
  let ix = reinterpret<u32>(x);
  if (ix == 0x3f800000) return 0;
  if (ix - 0x00800000 >= 0x7f800000 - 0x00800000) {
    // Zero, negative, subnormal, infinite or NaN.
    if ((ix & 0x7fffffff) == 0) return -Infinity;
    if (ix == 0x7f800000) return Infinity;
    if (ix > 0x7f800000) return NaN; // negative or NaN
    // Subnormal: scale into the normal range, exactly.
    ix = reinterpret<u32>(x * <f32>8388608) - (23 << 23);
  }
  const tmp = ix - LOGF_OFF;
  const i = <i32>((tmp >> 19) & 15);
  const k = (<i32>tmp) >> 23;
  const z = <f64>reinterpret<f32>(ix - (tmp & 0xff800000));
  const r = z * logfInvc(i) - 1;
  const y0 = logfLogc(i) + <f64>k * LOGF_LN2;
  const r2 = r * r;
  let y = LOGF_A1 * r + LOGF_A2;
  y = LOGF_A0 * r2 + y;
  y = y * r2 + (y0 + r);
  return <f32>y;
}

// expf: exp(x) = 2^(k/32)·2^(r/32), k = round(x·32/ln2), the first factor from a table of 2^(i/32).
/** 2^(i/32), i = 0..31 (glibc's exp2f table with the exponents added back). */
function exp2fTable(i: i32): f64 {
  switch (i) {
    case 0:
      return reinterpret<f64>(0x3ff0000000000000);
    case 1:
      return reinterpret<f64>(0x3ff059b0d3158574);
    case 2:
      return reinterpret<f64>(0x3ff0b5586cf9890f);
    case 3:
      return reinterpret<f64>(0x3ff11301d0125b51);
    case 4:
      return reinterpret<f64>(0x3ff172b83c7d517b);
    case 5:
      return reinterpret<f64>(0x3ff1d4873168b9aa);
    case 6:
      return reinterpret<f64>(0x3ff2387a6e756238);
    case 7:
      return reinterpret<f64>(0x3ff29e9df51fdee1);
    case 8:
      return reinterpret<f64>(0x3ff306fe0a31b715);
    case 9:
      return reinterpret<f64>(0x3ff371a7373aa9cb);
    case 10:
      return reinterpret<f64>(0x3ff3dea64c123422);
    case 11:
      return reinterpret<f64>(0x3ff44e086061892d);
    case 12:
      return reinterpret<f64>(0x3ff4bfdad5362a27);
    case 13:
      return reinterpret<f64>(0x3ff5342b569d4f82);
    case 14:
      return reinterpret<f64>(0x3ff5ab07dd485429);
    case 15:
      return reinterpret<f64>(0x3ff6247eb03a5585);
    case 16:
      return reinterpret<f64>(0x3ff6a09e667f3bcd);
    case 17:
      return reinterpret<f64>(0x3ff71f75e8ec5f74);
    case 18:
      return reinterpret<f64>(0x3ff7a11473eb0187);
    case 19:
      return reinterpret<f64>(0x3ff82589994cce13);
    case 20:
      return reinterpret<f64>(0x3ff8ace5422aa0db);
    case 21:
      return reinterpret<f64>(0x3ff93737b0cdc5e5);
    case 22:
      return reinterpret<f64>(0x3ff9c49182a3f090);
    case 23:
      return reinterpret<f64>(0x3ffa5503b23e255d);
    case 24:
      return reinterpret<f64>(0x3ffae89f995ad3ad);
    case 25:
      return reinterpret<f64>(0x3ffb7f76f2fb5e47);
    case 26:
      return reinterpret<f64>(0x3ffc199bdd85529c);
    case 27:
      return reinterpret<f64>(0x3ffcb720dcef9069);
    case 28:
      return reinterpret<f64>(0x3ffd5818dcfba487);
    case 29:
      return reinterpret<f64>(0x3ffdfc97337b9b5f);
    case 30:
      return reinterpret<f64>(0x3ffea4afa2a490da);
    case 31:
      return reinterpret<f64>(0x3fff50765b6e4540);
    default:
      return reinterpret<f64>(0x3fff50765b6e4540);
  }
}
const EXPF_INV_LN2_N: f64 = reinterpret<f64>(0x40471547652b82fe);
const EXPF_SHIFT: f64 = reinterpret<f64>(0x4338000000000000);
const EXPF_C0: f64 = reinterpret<f64>(0x3ebc6af84b912394);
const EXPF_C1: f64 = reinterpret<f64>(0x3f2ebfce50fac4f3);
const EXPF_C2: f64 = reinterpret<f64>(0x3f962e42ff0c52d6);
const EXPF_OVERFLOW: f64 = reinterpret<f64>(0x40562e42e0000000);
const EXPF_UNDERFLOW: f64 = reinterpret<f64>(0xc059fe3680000000);

/** glibc's expf(x). */
export function expf(x: f32): f32 {
  const abstop = (reinterpret<u32>(x) >> 20) & 0x7ff;
  if (abstop >= 0x42b) {
    // |x| ≥ 88, NaN or infinite.
    if (x == -Infinity) return 0;
    if (abstop >= 0x7f8) return x + x;
    if (<f64>x > EXPF_OVERFLOW) return Infinity;
    if (<f64>x < EXPF_UNDERFLOW) return 0;
  }
  const z = EXPF_INV_LN2_N * <f64>x;
  // z rounded to an integer the way glibc does it: adding 1.5·2^52 drops the fraction (ties to even).
  const k = z + EXPF_SHIFT - EXPF_SHIFT;
  const r = z - k;
  const ki = <i32>k;
  // 2^(k >> 5) from its exponent bits: |k >> 5| ≤ 150 here.
  const s = exp2fTable(ki & 31) * reinterpret<f64>((<u64>((ki >> 5) + 1023)) << 52);
  const p = EXPF_C0 * r + EXPF_C1;
  const r2 = r * r;
  let y = EXPF_C2 * r + 1;
  y = p * r2 + y;
  return <f32>(y * s);
}
