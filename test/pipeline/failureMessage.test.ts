import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UnreadableFile } from '../../data/unreadableFile.js';
import { failureMessage } from '../../pipeline/failureMessage.js';

test('inside a run, the failure names the file relative to the run and the stage that makes it again', () => {
  const runDir = join(tmpdir(), 'some-run');
  const e = new UnreadableFile(join(runDir, 'features', 'train.arrow'), 'a readable Arrow file', 'truncated: no Arrow footer');
  assert.equal(failureMessage(e, runDir), 'features/train.arrow is not a readable Arrow file (truncated: no Arrow footer); re-run with pipeline run features --force');
  assert.equal(failureMessage(e, join(tmpdir(), 'other-run')), e.message);
});
