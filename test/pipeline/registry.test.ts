import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findStage, runOrder, STAGES, withUpstream } from '../../pipeline/registry.js';
import { UsageError } from '../../pipeline/usageError.js';
import type { Stage, StageName } from '../../stages/types.js';

test('the run order comes from dependsOn alone: the listing order does not matter', () => {
  const expected = ['ingest', 'simulate', 'calibrate', 'features', 'normalize', 'train', 'evaluate', 'report'];
  assert.deepEqual(
    STAGES.map((s) => s.name),
    expected,
  );
  assert.deepEqual(
    runOrder([...STAGES].reverse()).map((s) => s.name),
    expected,
  );
  assert.deepEqual(
    runOrder([...STAGES].sort((a, b) => a.name.localeCompare(b.name))).map((s) => s.name),
    expected,
  );
  for (const [i, s] of STAGES.entries()) for (const d of s.dependsOn) assert.ok(expected.indexOf(d) < i, `${s.name} runs after ${d}`);
  assert.deepEqual(
    withUpstream(['calibrate']).map((s) => s.name),
    ['ingest', 'simulate', 'calibrate'],
  );
});

test('a dependency cycle or an unregistered upstream stage is refused, naming the stages', () => {
  const stage = (name: StageName, dependsOn: StageName[]) => ({ ...STAGES[0], name, dependsOn }) as Stage;
  assert.throws(() => runOrder([stage('ingest', ['simulate']), stage('simulate', ['ingest'])]), /depends on itself through ingest → simulate/);
  assert.throws(() => runOrder([stage('features', ['normalize'])]), /features depends on normalize, which is not registered/);
});

test('an unknown stage name is a usage error listing the stages', () => {
  assert.throws(
    () => findStage('nosuchstage'),
    (e: unknown) => e instanceof UsageError && /unknown stage "nosuchstage"; stages: ingest, simulate/.test(e.message),
  );
});
