import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distanceM, imageSourceRir, uniformAbsorption, type ShoeboxRoom } from '../../../dsp/room/imageSource.js';

const FS = 16000;
const C = 343;
const FT = 0.3048;
/** The paper's booth: 13 ft × 13 ft floor; the height is ours (a typical booth's 2.1 m). */
const BOOTH: ShoeboxRoom = { lengthXM: 13 * FT, widthYM: 13 * FT, heightZM: 2.1, absorption: uniformAbsorption(0.5) };

/** Sum and centroid (in samples) of rir[from, to): the windowed sinc is symmetric with unit sum. */
function pulse(rir: Float32Array, from: number, to: number) {
  let sum = 0;
  let moment = 0;
  for (let i = from; i < to; i++) {
    sum += rir[i];
    moment += i * rir[i];
  }
  return { sum, centroid: moment / sum };
}

test('anechoic room: one impulse at delay d/c with amplitude 1/(4πd)', () => {
  const anechoic: ShoeboxRoom = { ...BOOTH, absorption: uniformAbsorption(1) };
  const phone = { xM: 2, yM: 2, zM: 1 };
  // The paper's geometry: speech source at 5, 10 or 15 inches from the phone.
  for (const inches of [5, 10, 15, 35]) {
    const source = { xM: 2 - inches * 0.0254, yM: 2, zM: 1 };
    const d = distanceM(source, phone);
    const rir = imageSourceRir(anechoic, source, phone, FS, { lengthS: 0.05 });
    const delaySamples = (d / C) * FS;
    const amplitude = 1 / (4 * Math.PI * d);
    // Sample by sample: amplitude times the Hann-windowed sinc (±16 samples) centred on the delay; taps
    // before t = 0 are cut off, so close sources lose part of the pre-ringing.
    for (let i = 0; i < rir.length; i++) {
      const x = i - delaySamples;
      const expected = Math.abs(x) > 16 ? 0 : amplitude * (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x)) * (0.5 + 0.5 * Math.cos((Math.PI * x) / 16));
      assert.ok(Math.abs(rir[i] - expected) < 1e-6 * amplitude, `${inches} in: sample ${i}`);
    }
    if (delaySamples > 16) {
      const p = pulse(rir, 0, rir.length);
      assert.ok(Math.abs(p.centroid - delaySamples) < 0.01, `${inches} in: centroid ${p.centroid} vs ${delaySamples}`);
      assert.ok(Math.abs(p.sum / amplitude - 1) < 0.01, `${inches} in: sum ${p.sum / amplitude}`);
    }
    // Nothing away from the pulse.
    for (let i = Math.ceil(delaySamples) + 17; i < rir.length; i++) assert.equal(rir[i], 0);
  }
});

test('a single reflecting floor adds its image: delay, β = √(1 − α) and 1/r match the geometry', () => {
  const room: ShoeboxRoom = { ...BOOTH, absorption: { ...uniformAbsorption(1), floor: 0.36 } };
  const source = { xM: 1, yM: 2, zM: 1.2 };
  const phone = { xM: 2.5, yM: 2, zM: 0.9 };
  const rir = imageSourceRir(room, source, phone, FS, { lengthS: 0.05 });
  const direct = distanceM(source, phone);
  const image = distanceM({ ...source, zM: -source.zM }, phone);
  const split = Math.round(((direct + image) / 2 / C) * FS);
  const p1 = pulse(rir, 0, split);
  const p2 = pulse(rir, split, rir.length);
  assert.ok(Math.abs(p2.centroid - (image / C) * FS) < 0.2, `reflection at ${p2.centroid} vs ${(image / C) * FS}`);
  assert.ok(Math.abs(p2.sum * 4 * Math.PI * image - 0.8) < 0.02, `reflection gain ${p2.sum * 4 * Math.PI * image}`);
  assert.ok(Math.abs(p2.sum / p1.sum - (0.8 * direct) / image) < 0.03);
});

test('length is as configured; maxOrder 0 keeps only the direct path; positions outside the room are refused', (t) => {
  const source = { xM: 1, yM: 1.5, zM: 1.2 };
  const phone = { xM: 1.5, yM: 2, zM: 1 };
  const started = performance.now();
  const full = imageSourceRir(BOOTH, source, phone, FS, { lengthS: 0.25 });
  t.diagnostic(`booth RIR, 0.25 s, all orders: ${(performance.now() - started).toFixed(0)} ms`);
  assert.equal(full.length, Math.ceil(0.25 * FS));
  const directOnly = imageSourceRir(BOOTH, source, phone, FS, { lengthS: 0.25, maxOrder: 0 });
  const anechoic = imageSourceRir({ ...BOOTH, absorption: uniformAbsorption(1) }, source, phone, FS, { lengthS: 0.25 });
  assert.deepEqual(directOnly, anechoic);
  let reverberantEnergy = 0;
  for (let i = 0; i < full.length; i++) reverberantEnergy += (full[i] - directOnly[i]) ** 2;
  assert.ok(reverberantEnergy > 0);
  assert.throws(() => imageSourceRir(BOOTH, { xM: 5, yM: 1, zM: 1 }, phone, FS, { lengthS: 0.1 }), /source \(5, 1, 1\) m is not inside/);
  assert.throws(() => imageSourceRir(BOOTH, phone, phone, FS, { lengthS: 0.1 }), /less than 1 mm apart/);
});
