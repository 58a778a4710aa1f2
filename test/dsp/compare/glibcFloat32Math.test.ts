import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expf, logf } from './energySpectralModule.js';

const bits = new Uint32Array(1);
const asFloat = (word: number): number => {
  bits[0] = word;
  return new Float32Array(bits.buffer)[0];
};

// [argument, glibc 2.36's result] as float bit patterns, printed by logf/expf on x86-64. Each is an
// argument where the correctly rounded result (Math.fround(Math.log(x))) is one ulp away from glibc's.
const LOGF_CASES: [number, number][] = [
  [0x309b20a1, 0xc1a4d14e],
  [0x326351d5, 0xc191200c],
  [0x337c1920, 0xc1853507],
  [0x34853000, 0xc1735a28],
  [0x350c65e4, 0xc1676b12],
  [0x35a4c338, 0xc159c47b],
];
const EXPF_CASES: [number, number][] = [
  [0x39ef6a01, 0x3f800ef8],
  [0x3b34bb25, 0x3f805a7e],
  [0x3bad9e8b, 0x3f80ae15],
  [0xbf0c3bc1, 0x3f1406c3],
  [0xbf4f8cf5, 0x3ee3990a],
  [0xbf9a1df3, 0x3e999700],
];

test('logf and expf give glibc’s float where it is not the correctly rounded one', () => {
  for (const [cases, ours, exact] of [
    [LOGF_CASES, logf, Math.log],
    [EXPF_CASES, expf, Math.exp],
  ] as const) {
    for (const [x, expected] of cases) {
      const argument = asFloat(x);
      assert.equal(ours(argument), asFloat(expected), `${ours.name}(${argument})`);
      assert.notEqual(Math.fround(exact(argument)), asFloat(expected), `${ours.name}(${argument}) is a case that matters`);
    }
  }
});

test('logf and expf agree with the exact function to within one float ulp and at the special points', () => {
  for (let i = 0; i < 2000; i++) {
    const x = Math.fround(Math.exp(-25 + i * 0.0171));
    const ulp = Math.abs(Math.fround(Math.log(x))) * 2 ** -23 + 2 ** -149;
    assert.ok(Math.abs(logf(x) - Math.log(x)) <= ulp, `logf(${x})`);
    const y = Math.fround(-20 + i * 0.0137);
    assert.ok(Math.abs(expf(y) - Math.exp(y)) <= Math.exp(y) * 2 ** -23, `expf(${y})`);
  }
  assert.equal(logf(1), 0);
  assert.equal(logf(0), -Infinity);
  assert.ok(Number.isNaN(logf(-1)));
  assert.equal(logf(Infinity), Infinity);
  assert.equal(logf(2 ** -140), Math.fround(-140 * Math.LN2)); // subnormal argument
  assert.equal(expf(0), 1);
  assert.equal(expf(-Infinity), 0);
  assert.equal(expf(100), Infinity);
  assert.equal(expf(-110), 0);
});
