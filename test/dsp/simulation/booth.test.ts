import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng, gaussianNoise } from '../../../dsp/random.js';
import { boothPaths, METRES_PER_INCH } from '../../../dsp/simulation/booth.js';
import { recordInBooth } from '../../../dsp/simulation/boothRecording.js';
import { NoiseStream } from '../../../dsp/simulation/noiseStream.js';
import { calibratedSnr } from '../../../dsp/snr/calibratedSnr.js';
import { randomTalker } from '../../../dsp/synth/radioNoise.js';
import { synthesizeUtterance } from '../../../dsp/synth/speechSynth.js';

const FS = 16000;
const BOOTH = { floorLengthFt: 13, floorWidthFt: 13, heightFt: 7, absorption: 0.5, sourceHeightM: 1, rirLengthS: 0.25, diffuseFromS: 0.03 };
const MIC = { highPassHz: 100, lowPassHz: 7000, selfNoiseLevelDbov: -80, agc: null };

test('the booth puts each loudspeaker at its distance from the phone, and the direct path decays as 1/r', () => {
  const p = boothPaths(5, 35, BOOTH, FS, 1);
  assert.ok(Math.abs(p.phone.xM - p.speechSource.xM - 5 * METRES_PER_INCH) < 1e-12);
  assert.ok(Math.abs(p.noiseSource.xM - p.phone.xM - 35 * METRES_PER_INCH) < 1e-12);
  // The direct path is a band-limited impulse at a fractional delay: its energy, not its peak sample, is its level.
  const directEnergy = (rir: Float32Array, distanceIn: number) => {
    const delay = Math.round((0.002 + (distanceIn * METRES_PER_INCH) / 343) * FS);
    return rir.subarray(delay - 16, delay + 17).reduce((e, x) => e + x * x, 0);
  };
  const ratioDb = 10 * Math.log10(directEnergy(p.speechRir, 5) / directEnergy(p.noiseRir, 35));
  assert.ok(Math.abs(ratioDb - 20 * Math.log10(35 / 5)) < 0.5, `direct-path level difference ${ratioDb.toFixed(2)} dB`);
});

test("the paper's three geometries give calibrated SNRs ordered like Table 1", () => {
  const rng = createRng(4);
  const speech = new Float32Array(20 * FS);
  for (let t = 0; t < speech.length;) {
    const u = synthesizeUtterance(randomTalker(rng.range(1.5, 3), rng), FS, rng);
    speech.set(u.subarray(0, Math.min(u.length, speech.length - t)), t);
    t += u.length + 4800;
  }
  const noise = gaussianNoise(20 * FS + 4000, 9, 0.05);
  const snrs = [
    [5, 35],
    [10, 30],
    [15, 25],
  ].map(([a, b]) => {
    const p = boothPaths(a, b, BOOTH, FS, 2);
    const speechOnly = recordInBooth(speech.length, { speech, noise: null, speechGain: 1, noiseGain: 0 }, p.speechRir, p.noiseRir, FS, MIC);
    const noiseOnly = recordInBooth(
      speech.length,
      { speech: null, noise: noise.subarray(0, speech.length + p.noiseRir.length - 1), speechGain: 0, noiseGain: 1 },
      p.speechRir,
      p.noiseRir,
      FS,
      MIC,
    );
    return calibratedSnr(speechOnly, noiseOnly, FS).snrDb;
  });
  assert.ok(snrs[0] > snrs[1] + 3 && snrs[1] > snrs[2] + 2, `SNRs ${snrs.map((s) => s.toFixed(2)).join(' > ')}`);
});

test('the noise stream never wraps inside one recording and is deterministic from its seed', () => {
  // Clips of distinct constant values: a take that wrapped around would repeat a clip's value after another's.
  const clips = [1, 2, 3, 4].map((v) => new Float32Array(1000).fill(v));
  const stream = new NoiseStream(clips, createRng(5), 0);
  assert.equal(stream.capacitySamples, 4000);
  for (let k = 0; k < 50; k++) {
    const take = stream.take(900 + 50 * (k % 5));
    const order: number[] = [];
    for (const x of take) if (order[order.length - 1] !== x) order.push(x);
    assert.equal(new Set(order).size, order.length, `take ${k} revisits a clip: ${order}`);
  }
  const again = new NoiseStream(clips, createRng(5), 0);
  assert.deepEqual(again.take(500), new NoiseStream(clips, createRng(5), 0).take(500));
  assert.throws(() => stream.take(4001), /needs 4001 noise samples but the whole pool holds 4000/);
});

test('cross-fades join the clips without a gap', () => {
  const clips = [new Float32Array(100).fill(1), new Float32Array(100).fill(1)];
  const take = new NoiseStream(clips, createRng(1), 20).take(180);
  assert.ok(
    take.every((x) => Math.abs(x - 1) < 1e-6),
    'equal clips cross-faded stay constant',
  );
});
