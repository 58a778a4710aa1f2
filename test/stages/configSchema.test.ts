import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, parseConfig } from '../../pipeline/config.js';
import { configSchema } from '../../stages/configSchema.js';

test('train.models defaults to every model, MCT included, and an MCT model asks simulate for the booth copies', () => {
  const config = configSchema.parse({});
  assert.ok(config.train.models.includes('dense_mct') && config.train.models.includes('dln_mct'));
  assert.equal(config.simulate.multiCondition, true);
  assert.equal(configSchema.parse({ train: { models: ['dln_mct'] } }).simulate.multiCondition, true);
});

test("without an MCT model the simulate section is as it was: no multi-condition field, so no change to simulate's config hash", () => {
  const simulate = configSchema.parse({ train: { models: ['dense', 'ln', 'dln'] } }).simulate;
  assert.deepEqual(
    Object.keys(simulate).filter((k) => /training|multiCondition/i.test(k)),
    [],
  );
  assert.equal(configSchema.parse({ simulate: { multiCondition: true }, train: { models: ['dln'] } }).simulate.multiCondition, true, 'the flag can be set by hand');
});

test('the training-noise fields are validated, each error naming its field', () => {
  const ok = configSchema.parse({ simulate: { trainingNoiseFolder: 'radio-training', trainingNoiseFraction: 0.4 } }).simulate;
  assert.deepEqual([ok.trainingNoiseFolder, ok.trainingNoiseFraction], ['radio-training', 0.4]);
  for (const [value, message] of [
    [0, /simulate\.trainingNoiseFraction: /],
    [1, /simulate\.trainingNoiseFraction: /],
    ['half', /simulate\.trainingNoiseFraction: /],
  ] as const)
    assert.throws(
      () => parseConfig({ simulate: { trainingNoiseFraction: value } }),
      (e: Error) => e instanceof ConfigError && message.test(e.message),
    );
  assert.throws(() => parseConfig({ simulate: { trainingNoiseFolder: 3 } }), /simulate\.trainingNoiseFolder: /);
  assert.throws(() => parseConfig({ train: { models: ['dense_mtc'] } }), /train\.models\.0: /);
});

test('each config error says what its field expects (zod/mini has no messages of its own: the English ones are loaded)', () => {
  for (const [raw, line] of [
    [{ corpus: { demo: { seed: 1.5 } } }, 'corpus.demo.seed: Invalid input: expected int, received number'],
    [{ corpus: { kind: 'csv' } }, 'corpus.kind: Invalid option: expected one of "demo"|"folder"|"msp-podcast"'],
    [{ train: { batchSize: 1 } }, 'train.batchSize: Too small: expected number to be >=2'],
    [{ train: { hiddenUnits: [256] } }, 'train.hiddenUnits: Too small: expected array to have >=2 items'],
    [{ simulate: { booth: { absorption: 1 } } }, 'simulate.booth.absorption: Too big: expected number to be <=0.99'],
    [{ ingest: { sampleRateHz: 44100 } }, 'ingest.sampleRateHz: Invalid input: expected 16000'],
  ] as const)
    assert.throws(
      () => parseConfig(raw),
      (e: Error) => e instanceof ConfigError && e.message.split('\n').includes(`  ${line}`),
    );
});
