import assert from 'node:assert/strict';
import { test } from 'node:test';
import { v8Log, v8Pow } from './energySpectralModule.js';

test("the module's log is V8's Math.log bit for bit: a million arguments of each kind the entropy sees, and the special points", () => {
  let seed = 2024;
  const next = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const words = new Uint32Array(2);
  const bitsDouble = new Float64Array(words.buffer);
  const kinds: [string, () => number][] = [
    ['uniform in (0, 1)', () => next() || 0.5],
    ['tiny probabilities', () => next() ** 12],
    ['a float over a sum', () => Math.fround(next()) / (1 + 1000 * next())],
    [
      'any positive double',
      () => {
        words[0] = next() * 2 ** 32;
        words[1] = (next() * 2 ** 31) | 0;
        return bitsDouble[0];
      },
    ],
  ];
  for (const [kind, draw] of kinds) {
    for (let i = 0; i < 1_000_000; i++) {
      const x = draw();
      if (!Object.is(v8Log(x), Math.log(x))) assert.fail(`${kind}: log(${x}) = ${v8Log(x)}, Math.log gives ${Math.log(x)}`);
    }
  }
  for (const x of [0, -0, -1, Infinity, -Infinity, NaN, 1, 2, Math.E, 2 ** -1074, 2 ** -1022, 1 + 2 ** -52, 1 - 2 ** -53, 1e-7, Number.MAX_VALUE]) {
    assert.ok(Object.is(v8Log(x), Math.log(x)), `log(${x})`);
  }
});

test("the module's pow is V8's Math.pow bit for bit: a million arguments of each kind, and the cases it hands to Math.pow", () => {
  let seed = 77;
  const next = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const compression = Math.fround(0.33);
  const kinds: [string, () => [number, number]][] = [
    ['floored band powers ^ 0.33', () => [Math.fround(Math.exp(-30 + 40 * next())), compression]],
    ['floats in (0, 1) ^ 0.33', () => [Math.fround(next()) || 0.5, compression]],
    ['any positive x, any moderate y', () => [Math.exp(-700 + 1400 * next()), -4 + 8 * next()]],
  ];
  for (const [kind, draw] of kinds) {
    for (let i = 0; i < 1_000_000; i++) {
      const [x, y] = draw();
      if (!Object.is(v8Pow(x, y), Math.pow(x, y))) assert.fail(`${kind}: pow(${x}, ${y}) = ${v8Pow(x, y)}, Math.pow gives ${Math.pow(x, y)}`);
    }
  }
  const special = [0, -0, -2, 1, 2, Infinity, -Infinity, NaN, 2 ** -1074, 0.5, 1e300];
  for (const x of special) for (const y of [...special, compression, -compression]) assert.ok(Object.is(v8Pow(x, y), Math.pow(x, y)), `pow(${x}, ${y})`);
});
