/**
 * glibc's single-precision logf and expf (glibc ≥ 2.28, the Arm optimized-routines algorithms),
 * bit for bit. openSMILE is C++: `log(x)` and `exp(x)` on a float call logf and expf, which are
 * not correctly rounded (logf is off by up to 0.82 ulp): Math.fround(Math.log(x)) is one ulp away
 * from logf on about 1 argument in 5,000, Math.exp from expf on 1 in 14,000. The auditory spectrum
 * (RASTA: a log and an exp per band and frame) and the MFCCs go through them, and the LPC
 * functionals of those contours notice a single-ulp difference in one frame.
 * The algorithms: a table lookup and a short polynomial evaluated in double, rounded once to float.
 * Every operation below is one double rounding, as in glibc's SSE2 build. The FMA build, which
 * x86-64 machines with FMA run (openSMILE's reference machine did), fuses some of them; it gave the
 * same floats on all 24 million arguments we compared (glibc 2.36, every 211th positive float for
 * logf, every 157th float below 110 in magnitude for expf).
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

const floatBits = (x: number): number => {
  f32[0] = x;
  return u32[0];
};
const bitsFloat = (bits: number): number => {
  u32[0] = bits;
  return f32[0];
};

/** A C99 hexadecimal float literal ('0x1.8p52'), which JavaScript lacks; exact for up to 53 significant bits. */
function hex(literal: string): number {
  const m = /^(-?)0x([0-9a-f]+)\.([0-9a-f]*)p([+-]?\d+)$/.exec(literal);
  if (m === null) throw new Error(`not a hex float: ${literal}`);
  const significand = parseInt(m[2] + m[3], 16) * 2 ** (Number(m[4]) - 4 * m[3].length);
  return m[1] === '-' ? -significand : significand;
}

// The tables keep several entries a row, as glibc's source does (hence prettier-ignore).
// logf: x = 2^k·z, z in [0x3f330000, 2·0x3f330000) as floats; log(x) = log1p(z/c − 1) + log(c) + k·ln2,
// c near the centre of the one of 16 subintervals z lies in.
// prettier-ignore
const LOGF_INVC = [
  hex('0x1.661ec79f8f3bep0'), hex('0x1.571ed4aaf883dp0'), hex('0x1.49539f0f010bp0'), hex('0x1.3c995b0b80385p0'),
  hex('0x1.30d190c8864a5p0'), hex('0x1.25e227b0b8eap0'), hex('0x1.1bb4a4a1a343fp0'), hex('0x1.12358f08ae5bap0'),
  hex('0x1.0953f419900a7p0'), 1, hex('0x1.e608cfd9a47acp-1'), hex('0x1.ca4b31f026aap-1'), hex('0x1.b2036576afce6p-1'),
  hex('0x1.9c2d163a1aa2dp-1'), hex('0x1.886e6037841edp-1'), hex('0x1.767dcf5534862p-1'),
];
// prettier-ignore
const LOGF_LOGC = [
  hex('-0x1.57bf7808caadep-2'), hex('-0x1.2bef0a7c06ddbp-2'), hex('-0x1.01eae7f513a67p-2'), hex('-0x1.b31d8a68224e9p-3'),
  hex('-0x1.6574f0ac07758p-3'), hex('-0x1.1aa2bc79c81p-3'), hex('-0x1.a4e76ce8c0e5ep-4'), hex('-0x1.1973c5a611cccp-4'),
  hex('-0x1.252f438e10c1ep-5'), 0, hex('0x1.aa5aa5df25984p-5'), hex('0x1.c5e53aa362eb4p-4'), hex('0x1.526e57720db08p-3'),
  hex('0x1.bc2860d22477p-3'), hex('0x1.1058bc8a07ee1p-2'), hex('0x1.4043057b6ee09p-2'),
];
const LOGF_LN2 = hex('0x1.62e42fefa39efp-1');
const LOGF_A0 = hex('-0x1.00ea348b88334p-2');
const LOGF_A1 = hex('0x1.5575b0be00b6ap-2');
const LOGF_A2 = hex('-0x1.ffffef20a4123p-2');
const LOGF_OFF = 0x3f330000;

/** glibc's logf(x) for a float x. */
export function logf(x: number): number {
  let ix = floatBits(x);
  if (ix === 0x3f800000) return 0;
  if ((ix - 0x00800000) >>> 0 >= 0x7f800000 - 0x00800000) {
    // Zero, negative, subnormal, infinite or NaN.
    if ((ix & 0x7fffffff) === 0) return -Infinity;
    if (ix === 0x7f800000) return Infinity;
    if (ix > 0x7f800000) return NaN; // negative or NaN
    // Subnormal: scale into the normal range, exactly.
    ix = floatBits(f32[0] * 2 ** 23) - (23 << 23);
  }
  const tmp = (ix - LOGF_OFF) >>> 0;
  const i = (tmp >>> 19) & 15;
  const k = (tmp | 0) >> 23;
  const z = bitsFloat((ix - (tmp & 0xff800000)) >>> 0);
  const r = z * LOGF_INVC[i] - 1;
  const y0 = LOGF_LOGC[i] + k * LOGF_LN2;
  const r2 = r * r;
  let y = LOGF_A1 * r + LOGF_A2;
  y = LOGF_A0 * r2 + y;
  y = y * r2 + (y0 + r);
  return Math.fround(y);
}

// expf: exp(x) = 2^(k/32)·2^(r/32), k = round(x·32/ln2), the first factor from a table of 2^(i/32).
/** glibc's exp2f table: the bits of 2^(i/32) minus i << 47 (the exponent of 2^(k/32) is added back below). */
// prettier-ignore
const EXP2F_TABLE_WORDS = [
  0x3ff0000000000000n, 0x3fefd9b0d3158574n, 0x3fefb5586cf9890fn, 0x3fef9301d0125b51n, 0x3fef72b83c7d517bn, 0x3fef54873168b9aan,
  0x3fef387a6e756238n, 0x3fef1e9df51fdee1n, 0x3fef06fe0a31b715n, 0x3feef1a7373aa9cbn, 0x3feedea64c123422n, 0x3feece086061892dn,
  0x3feebfdad5362a27n, 0x3feeb42b569d4f82n, 0x3feeab07dd485429n, 0x3feea47eb03a5585n, 0x3feea09e667f3bcdn, 0x3fee9f75e8ec5f74n,
  0x3feea11473eb0187n, 0x3feea589994cce13n, 0x3feeace5422aa0dbn, 0x3feeb737b0cdc5e5n, 0x3feec49182a3f090n, 0x3feed503b23e255dn,
  0x3feee89f995ad3adn, 0x3feeff76f2fb5e47n, 0x3fef199bdd85529cn, 0x3fef3720dcef9069n, 0x3fef5818dcfba487n, 0x3fef7c97337b9b5fn,
  0x3fefa4afa2a490dan, 0x3fefd0765b6e4540n,
];
/** 2^(i/32), i = 0..31, as doubles. */
const EXP2F_TABLE = new Float64Array(BigUint64Array.from(EXP2F_TABLE_WORDS, (w, i) => w + (BigInt(i) << 47n)).buffer);
const EXPF_INV_LN2_N = hex('0x1.71547652b82fep0') * 32;
const EXPF_SHIFT = hex('0x1.8p52');
const EXPF_C0 = hex('0x1.c6af84b912394p-5') / 32 / 32 / 32;
const EXPF_C1 = hex('0x1.ebfce50fac4f3p-3') / 32 / 32;
const EXPF_C2 = hex('0x1.62e42ff0c52d6p-1') / 32;
/** Beyond these the result overflows to ∞ or underflows to 0. */
const EXPF_OVERFLOW = hex('0x1.62e42ep6');
const EXPF_UNDERFLOW = hex('-0x1.9fe368p6');

/** glibc's expf(x) for a float x. */
export function expf(x: number): number {
  const abstop = (floatBits(x) >>> 20) & 0x7ff;
  if (abstop >= 0x42b) {
    // |x| ≥ 88, NaN or infinite.
    if (x === -Infinity) return 0;
    if (abstop >= 0x7f8) return x + x;
    if (x > EXPF_OVERFLOW) return Infinity;
    if (x < EXPF_UNDERFLOW) return 0;
  }
  const z = EXPF_INV_LN2_N * x;
  // z rounded to an integer the way glibc does it: adding 1.5·2^52 drops the fraction (ties to even).
  const k = z + EXPF_SHIFT - EXPF_SHIFT;
  const r = z - k;
  const s = EXP2F_TABLE[k & 31] * 2 ** (k >> 5);
  const p = EXPF_C0 * r + EXPF_C1;
  const r2 = r * r;
  let y = EXPF_C2 * r + 1;
  y = p * r2 + y;
  return Math.fround(y * s);
}
