import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nearestCondition } from '../../stages/calibrate.js';

test('a recording goes to the condition whose reference blind SNR is nearest', () => {
  const references = new Map([
    ['10dB', 12.8],
    ['5dB', 11.1],
    ['0dB', 10.6],
  ]);
  assert.equal(nearestCondition(references, 20), '10dB');
  assert.equal(nearestCondition(references, 11.3), '5dB');
  assert.equal(nearestCondition(references, 10.7), '0dB');
  assert.equal(nearestCondition(references, -3), '0dB');
  assert.equal(nearestCondition(new Map([['only', 3]]), 40), 'only');
});
