import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../pipeline/config.js';
import { readManifest } from '../../pipeline/manifest.js';
import { computeStatus, runStages, StageFailure } from '../../pipeline/runner.js';
import type { Stage } from '../../stages/types.js';

/**
 * The real runner on two small stages of the test's own: an upstream stage whose output depends on
 * `ingest.minDurationS` only through its integer part, and a downstream stage that can be told to fail.
 */
const runs: string[] = [];
let failDownstream = false;
const upstream: Stage = {
  name: 'ingest',
  description: 'test upstream',
  inputs: [],
  outputs: ['ingest/value.txt'],
  dependsOn: [],
  configSections: ['ingest'],
  version: 1,
  async run(ctx) {
    runs.push('ingest');
    await writeFile(join(ctx.outDir, 'value.txt'), String(Math.floor(ctx.config.ingest.minDurationS)));
  },
};
const downstream: Stage = {
  name: 'features',
  description: 'test downstream',
  inputs: ['ingest/value.txt'],
  outputs: ['features/double.txt'],
  dependsOn: ['ingest'],
  configSections: [],
  version: 1,
  async run(ctx) {
    runs.push('features');
    const value = Number(readFileSync(join(ctx.inputDir('ingest'), 'value.txt'), 'utf8'));
    await writeFile(join(ctx.outDir, 'double.txt'), String(2 * value));
    if (failDownstream) throw new Error('simulated crash after writing part of the outputs');
  },
};
const stages = [upstream, downstream];
const workdir = mkdtempSync(join(tmpdir(), 'runner-'));
const options = (minDurationS: number) => ({ config: parseConfig({ ingest: { minDurationS } }), workdir, jobs: 1, stages, interactive: false });
const states = async (minDurationS: number) => (await computeStatus(options(minDurationS).config, workdir, stages)).map((s) => s.state);

test('runs upstream first, then skips what is up to date', async () => {
  await runStages(['features'], options(1));
  assert.deepEqual(runs.splice(0), ['ingest', 'features']);
  assert.equal(readFileSync(join(workdir, 'features', 'double.txt'), 'utf8'), '2');
  assert.deepEqual(await states(1), ['done', 'done']);
  await runStages([], options(1));
  assert.deepEqual(runs.splice(0), []);
  const manifest = readManifest(workdir);
  assert.deepEqual(Object.keys(manifest.features.files!), ['double.txt']);
  assert.match(manifest.ingest.outputHash!, /^[0-9a-f]{64}$/);
});

test('a config change makes the stage and everything after it stale; unchanged outputs stop the ripple', async () => {
  assert.deepEqual(await states(2), ['stale', 'stale']);
  await runStages([], options(2));
  assert.deepEqual(runs.splice(0), ['ingest', 'features']);
  assert.equal(readFileSync(join(workdir, 'features', 'double.txt'), 'utf8'), '4');
  // 2.5 changes the config but not ingest's output (floor), so features stays up to date.
  await runStages([], options(2.5));
  assert.deepEqual(runs.splice(0), ['ingest']);
  assert.deepEqual(await states(2.5), ['done', 'done']);
});

test('--force re-runs only the named stage', async () => {
  await runStages(['features'], { ...options(2.5), force: true });
  assert.deepEqual(runs.splice(0), ['features']);
});

test('a failing stage keeps its previous outputs and records the error', async () => {
  failDownstream = true;
  await assert.rejects(runStages([], options(3)), (e: unknown) => e instanceof StageFailure && /simulated crash/.test((e as Error).message));
  failDownstream = false;
  runs.splice(0);
  assert.equal(readFileSync(join(workdir, 'features', 'double.txt'), 'utf8'), '4', 'previous output intact');
  assert.ok(!existsSync(join(workdir, '.partial', 'features')), 'partial output removed');
  const manifest = readManifest(workdir);
  assert.equal(manifest.features.state, 'failed');
  assert.match(manifest.features.error!, /simulated crash/);
  assert.deepEqual(await states(3), ['done', 'failed']);
  await runStages([], options(3));
  assert.deepEqual(runs.splice(0), ['features']);
  assert.equal(readFileSync(join(workdir, 'features', 'double.txt'), 'utf8'), '6');
});

test("an output edited behind the pipeline's back makes its stage stale, by name, and is made again; a touched one is not", async () => {
  const value = join(workdir, 'ingest', 'value.txt');
  const later = new Date(statSync(value).mtimeMs + 5000);
  utimesSync(value, later, later);
  assert.deepEqual(await states(3), ['done', 'done']);
  await runStages([], options(3));
  assert.deepEqual(runs.splice(0), []);

  writeFileSync(value, '7');
  const status = await computeStatus(options(3).config, workdir, stages);
  assert.deepEqual(
    status.map((s) => [s.state, s.reason]),
    [
      ['stale', 'ingest/value.txt changed since the ingest stage wrote it'],
      ['stale', 'an upstream stage is not up to date'],
    ],
  );
  await runStages(['features'], options(3));
  // ingest's remade output is what it was, so features, whose own output is intact, stays as it is.
  assert.deepEqual(runs.splice(0), ['ingest']);
  assert.equal(readFileSync(value, 'utf8'), '3');
  assert.deepEqual(await states(3), ['done', 'done']);
});
