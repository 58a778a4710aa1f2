import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMPARE_FEATURE_NAMES, deltaName, ENERGY_SPECTRAL_LLD_NAMES, LLD_CSV_NAMES, VOICING_LLD_NAMES } from '../../../dsp/compare/featureNames.js';
import { SHARED_DIR, SKIP_NO_SHARED } from '../../support/paths.js';

test('6,373 unique names; 100 per energy/spectral LLD, 78 per voicing LLD, 83 for F0', () => {
  assert.equal(COMPARE_FEATURE_NAMES.length, 6373);
  assert.equal(new Set(COMPARE_FEATURE_NAMES).size, 6373);
  const perLld = new Map<string, number>();
  for (const name of COMPARE_FEATURE_NAMES) {
    const lld = name
      .slice(0, name.lastIndexOf('_'))
      .replace(/_de(?=\[|$)/, '')
      .replace(/_ff0$/, '');
    perLld.set(lld, (perLld.get(lld) ?? 0) + 1);
  }
  for (const lld of ENERGY_SPECTRAL_LLD_NAMES) assert.equal(perLld.get(lld), 100, lld);
  for (const lld of VOICING_LLD_NAMES.slice(1)) assert.equal(perLld.get(lld), 78, lld);
  assert.equal(perLld.get('F0final_sma'), 83);
  assert.equal(perLld.size, 65);
});

test('delta names keep the array index last', () => {
  assert.equal(deltaName('mfcc_sma[3]'), 'mfcc_sma_de[3]');
  assert.equal(deltaName('pcm_zcr_sma'), 'pcm_zcr_sma_de');
  assert.equal(LLD_CSV_NAMES.length, 130);
});

test("names equal openSMILE's list, in order", { skip: SKIP_NO_SHARED }, () => {
  const file = resolve(SHARED_DIR, 'reference', 'compare-2016-names.txt');
  assert.ok(existsSync(file), file);
  const reference = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim());
  assert.deepEqual(COMPARE_FEATURE_NAMES, reference);
});

test("LLD CSV column names equal openSMILE's LLD CSV header", { skip: SKIP_NO_SHARED }, () => {
  const file = resolve(SHARED_DIR, 'reference', 'opensmile', 'lld', '03-01-01-01-01-01-01.csv');
  assert.ok(existsSync(file), file);
  const header = readFileSync(file, 'utf8').split('\n')[0].trim().split(';').slice(2);
  assert.deepEqual(LLD_CSV_NAMES, header);
});
