import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPARE_FEATURE_NAMES } from '../../../dsp/compare/featureNames.js';
import { blockFrameCounts, computeFunctionalBlocks } from '../../../dsp/compare/functionalBlocks.js';

const n60 = 100;
const ramp = (length: number): Float32Array => Float32Array.from({ length }, (_, t) => t);
const value = (features: Float32Array, name: string): number => {
  const i = COMPARE_FEATURE_NAMES.indexOf(name);
  assert.ok(i >= 0, name);
  return features[i];
};

test('blockFrameCounts follows notes §7', () => {
  assert.deepEqual(blockFrameCounts(n60), { A: 98, B: 102, Nz: 97, F0: 99, LLD: 100, Delta: 98 });
  assert.deepEqual(blockFrameCounts(n60, 4), { A: 98, B: 102, Nz: 96, F0: 98, LLD: 100, Delta: 98 });
});

test('each block sees only its leading frames; a fully unvoiced input gives a zero voicing block', () => {
  const energySpectral = Array.from({ length: 59 }, () => ramp(n60 + 4));
  const features = computeFunctionalBlocks(
    {
      voicing: Array.from({ length: 6 }, () => new Float32Array(n60)),
      voicingDeltas: Array.from({ length: 6 }, () => new Float32Array(n60)),
      energySpectral,
      energySpectralDeltas: Array.from({ length: 59 }, () => new Float32Array(n60 + 4).fill(0.5)),
    },
    blockFrameCounts(n60),
  );
  assert.equal(features.length, 6373);
  assert.equal(value(features, 'pcm_RMSenergy_sma_range'), 97); // block A: frames 0..97
  assert.equal(value(features, 'mfcc_sma[1]_range'), 101); // block B: frames 0..101
  assert.equal(value(features, 'pcm_RMSenergy_sma_amean'), 49.5); // LLD block: frames 0..99
  assert.equal(value(features, 'pcm_RMSenergy_sma_de_rqmean'), 0.5);
  const voicing = COMPARE_FEATURE_NAMES.map((name, i) => [name, features[i]] as const).filter(([name]) =>
    /^(F0final|voicingFinalUnclipped|jitterLocal|jitterDDP|shimmerLocal|logHNR)_sma/.test(name),
  );
  assert.equal(voicing.length, 473);
  for (const [name, v] of voicing) assert.equal(v, 0, name);
});

test('computeFunctionalBlocks rejects a wrong number of contours', () => {
  assert.throws(() => computeFunctionalBlocks({ voicing: [], voicingDeltas: [], energySpectral: [], energySpectralDeltas: [] }, blockFrameCounts(n60)), /voicing/);
});
