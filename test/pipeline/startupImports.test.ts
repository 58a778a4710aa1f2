import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { STAGE_NAMES } from '../../stages/types.js';
import { REPO_ROOT } from '../support/paths.js';

/**
 * What makes `pipeline --help`, `stages` and `status` start quickly: they load the stages' declarations,
 * never a stage's code, nor a library that only working commands need. Checked on the compiled CLI
 * (dist/pipeline/cli.js), whose lazy imports are also where the bundle splits (scripts/bundleCli.mjs),
 * by a preloaded module that records every module the process loaded, ES and CommonJS.
 */
const root = mkdtempSync(join(tmpdir(), 'startup-imports-'));

const recorder = `
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.MODULE_LOG, url + '\\n');
  return next(url, context);
}`;
const preload = `
import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(recorder)}`)});
const cache = createRequire(process.cwd() + '/').cache;
process.on('exit', () => appendFileSync(process.env.MODULE_LOG, Object.keys(cache).join('\\n') + '\\n'));`;

/** Every module (URL or path) a CLI call loads, relative to the repository. */
function modulesLoaded(args: string[], name: string): string[] {
  const log = join(root, `${name}.log`);
  const cli = join(REPO_ROOT, 'dist', 'pipeline', 'cli.js');
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(preload)}`, cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, MODULE_LOG: log },
  });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((m) => m.replace(/^file:\/\//, '').replace(`${REPO_ROOT}/`, ''));
}

const STAGE_CODE = STAGE_NAMES.map((s) => `dist/stages/${s}.js`);
const WORK_LIBRARIES = ['onnxruntime-node', 'apache-arrow', 'vega', 'vega-lite', 'piscina', 'fluent-ffmpeg', 'onnx-proto', 'protobufjs'];

for (const [name, args] of [
  ['help', ['--help']],
  ['stages', ['stages']],
  ['status', ['status', '--workdir', join(root, 'run')]],
] as const) {
  test(`pipeline ${args[0]} loads no stage's code and none of the libraries that only working commands need`, () => {
    const loaded = modulesLoaded([...args], name);
    assert.ok(loaded.includes('dist/pipeline/cli.js'), `the recorder sees the CLI: ${loaded.slice(0, 5).join(', ')}`);
    if (name !== 'help') assert.ok(loaded.includes('dist/stages/declarations.js'), 'it reads the stage declarations');
    assert.deepEqual(
      loaded.filter((m) => STAGE_CODE.includes(m)),
      [],
      "a stage's code",
    );
    assert.deepEqual(
      loaded.filter((m) => WORK_LIBRARIES.some((p) => m.includes(`/node_modules/${p}/`))),
      [],
      'a library of the working commands',
    );
    assert.deepEqual(
      loaded.filter((m) => m.includes('/node_modules/zod/v4/classic/')),
      [],
      "zod's chained API (the config schema is built with zod/mini)",
    );
  });
}
