import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDiffuseTail } from '../../../dsp/room/diffuseTail.js';
import { imageSourceRir, uniformAbsorption, type ShoeboxRoom } from '../../../dsp/room/imageSource.js';
import { eyringRt60S, measuredRt60S, sabineRt60S } from '../../../dsp/room/reverberationTime.js';
import { gaussianNoise } from '../../../dsp/random.js';

const FS = 16000;
const FT = 0.3048;
const BOOTH: ShoeboxRoom = { lengthXM: 13 * FT, widthYM: 13 * FT, heightZM: 2.1, absorption: uniformAbsorption(0.5) };
const LIVING_ROOM: ShoeboxRoom = { lengthXM: 6, widthYM: 5, heightZM: 3, absorption: uniformAbsorption(0.1) };
const SOURCE = { xM: 1.3, yM: 1.7, zM: 1.2 };
const PHONE = { xM: 2.4, yM: 2.2, zM: 1.1 };

const within = (measured: number, predicted: number, tolerance: number) => Math.abs(measured / predicted - 1) <= tolerance;

test('Sabine and Eyring match hand-computed values', () => {
  // 10 m cube, α = 0.2: V = 1000 m³, S = 600 m², A = 120 m²; 24·ln10/343 = 0.161110 s/m.
  const cube: ShoeboxRoom = { lengthXM: 10, widthYM: 10, heightZM: 10, absorption: uniformAbsorption(0.2) };
  assert.ok(Math.abs(sabineRt60S(cube) - (0.16111 * 1000) / 120) < 1e-4);
  assert.ok(Math.abs(eyringRt60S(cube) - (0.16111 * 1000) / (600 * -Math.log(0.8))) < 1e-4);
  // Mixed absorption: only the area-weighted total matters to Sabine.
  const mixed: ShoeboxRoom = { ...cube, absorption: { ...uniformAbsorption(0.1), floor: 0.4, ceiling: 0.4 } };
  assert.ok(Math.abs(sabineRt60S(mixed) - (0.16111 * 1000) / (400 * 0.1 + 200 * 0.4)) < 1e-4);
  // Eyring tends to Sabine as absorption vanishes, and is shorter otherwise.
  const dead: ShoeboxRoom = { ...cube, absorption: uniformAbsorption(1e-4) };
  assert.ok(Math.abs(eyringRt60S(dead) / sabineRt60S(dead) - 1) < 1e-4);
  assert.ok(eyringRt60S(BOOTH) < sabineRt60S(BOOTH));
});

test('Schroeder T20 and T30 recover the RT60 of an exponentially decaying noise', () => {
  for (const rt60S of [0.15, 0.6]) {
    const noise = gaussianNoise(Math.round(1.2 * rt60S * FS), 3);
    const rir = noise.map((v, i) => v * 10 ** ((-3 * i) / (rt60S * FS)));
    assert.ok(within(measuredRt60S(rir, FS), rt60S, 0.03), `T20 ${measuredRt60S(rir, FS)} vs ${rt60S}`);
    assert.ok(within(measuredRt60S(rir, FS, { endDb: -35 }), rt60S, 0.03));
  }
  assert.throws(() => measuredRt60S(new Float32Array([1, 0.5, 0.25]), FS, { endDb: -80 }), /does not reach -80 dB/);
});

test('booth RIRs: image-source T20 within 20 % of Sabine; with a diffuse tail within 20 % of Eyring', (t) => {
  const sabine = sabineRt60S(BOOTH);
  const eyring = eyringRt60S(BOOTH);
  const pure = imageSourceRir(BOOTH, SOURCE, PHONE, FS, { lengthS: 1.2 * sabine });
  const pureT20 = measuredRt60S(pure, FS);
  const hybrid = withDiffuseTail(pure, FS, { fromS: 0.03, rt60S: eyring, seed: 5 });
  const hybridT20 = measuredRt60S(hybrid, FS);
  t.diagnostic(`booth α=0.5: Sabine ${sabine.toFixed(3)} s, Eyring ${eyring.toFixed(3)} s, image-source T20 ${pureT20.toFixed(3)} s, hybrid T20 ${hybridT20.toFixed(3)} s`);
  assert.ok(within(pureT20, sabine, 0.2));
  assert.ok(within(hybridT20, eyring, 0.2));
  // The tail keeps the early part: identical up to fromS.
  assert.deepEqual(hybrid.subarray(0, Math.round(0.03 * FS)), pure.subarray(0, Math.round(0.03 * FS)));
});

test('reverberant room: hybrid RIR T20 and T30 within 20 % of Sabine and Eyring; the specular-only model decays too slowly', (t) => {
  const sabine = sabineRt60S(LIVING_ROOM);
  const eyring = eyringRt60S(LIVING_ROOM);
  const early = imageSourceRir(LIVING_ROOM, SOURCE, PHONE, FS, { lengthS: 0.05 });
  const padded = new Float32Array(Math.ceil(1.2 * sabine * FS));
  padded.set(early);
  const hybrid = withDiffuseTail(padded, FS, { fromS: 0.049, rt60S: eyring, seed: 6 });
  const t20 = measuredRt60S(hybrid, FS);
  const t30 = measuredRt60S(hybrid, FS, { endDb: -35 });
  t.diagnostic(`6×5×3 m, α=0.1: Sabine ${sabine.toFixed(3)} s, Eyring ${eyring.toFixed(3)} s, hybrid T20 ${t20.toFixed(3)} s, T30 ${t30.toFixed(3)} s`);
  for (const measured of [t20, t30]) {
    assert.ok(within(measured, sabine, 0.2) && within(measured, eyring, 0.2), `${measured}`);
  }
  // A lighter-damped booth (α = 0.3) with specular reflections only: T20 is well above Sabine (measured
  // +36 %), which is why withDiffuseTail exists.
  const lightBooth: ShoeboxRoom = { ...BOOTH, absorption: uniformAbsorption(0.3) };
  const specular = measuredRt60S(imageSourceRir(lightBooth, SOURCE, PHONE, FS, { lengthS: 1.2 * sabineRt60S(lightBooth) }), FS);
  t.diagnostic(`booth α=0.3 specular-only T20 ${specular.toFixed(3)} s vs Sabine ${sabineRt60S(lightBooth).toFixed(3)} s`);
  assert.ok(specular > 1.2 * sabineRt60S(lightBooth));
});
