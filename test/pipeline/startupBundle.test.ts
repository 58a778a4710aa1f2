import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeWav } from '../../data/audio/writeWav.js';
import { REPO_ROOT } from '../support/paths.js';

/**
 * The bundled CLI (dist/cli/, scripts/bundleCli.mjs), which bin/pipeline.js runs after `npm run build`,
 * answers as the compiled modules it is bundled from do, without start-up work those calls never use:
 * node:child_process (bin/pipeline.js needs it only to compile after an install), node:assert (yargs
 * needs it only to throw), node:crypto (loaded on the first hash or random name, data/nodeCrypto.ts)
 * and Intl.Segmenter (string-width needs it only for text beyond printable ASCII).
 */
const root = mkdtempSync(join(tmpdir(), 'startup-bundle-'));
const bundle = join(REPO_ROOT, 'dist', 'cli', 'cli.js');
const compiled = join(REPO_ROOT, 'dist', 'pipeline', 'cli.js');

/** Preloaded: on exit, writes the Node built-ins the process loaded and how many Intl.Segmenters it built. */
const recorder = `
import { writeFileSync } from 'node:fs';
let segmenters = 0;
const Segmenter = Intl.Segmenter;
Intl.Segmenter = class extends Segmenter {
  constructor(...args) {
    super(...args);
    segmenters++;
  }
};
process.on('exit', () => writeFileSync(process.env.STARTUP_LOG, JSON.stringify({ builtins: process.moduleLoadList, segmenters })));`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, args: readonly string[], log?: string): Run {
  const preload = log ? ['--import', `data:text/javascript,${encodeURIComponent(recorder)}`] : [];
  const r = spawnSync(process.execPath, [...preload, script, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', STARTUP_LOG: log ?? '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function recorded(log: string): { builtins: string[]; segmenters: number } {
  return JSON.parse(readFileSync(log, 'utf8')) as { builtins: string[]; segmenters: number };
}

const CALLS = [
  ['--help'],
  ['run', '--help'],
  ['features', '--help'],
  ['stages'],
  ['status', '--workdir', join(root, 'run')],
  ['config'],
  ['no-such-command'],
  ['status', '--no-such-option'],
] as const;

test('the bundle is at least as new as the compiled CLI it is built from (npm run build makes both)', () => {
  assert.ok(statSync(bundle).mtimeMs >= statSync(compiled).mtimeMs, `${bundle} is older than ${compiled}: run "npm run build"`);
});

for (const [i, args] of CALLS.entries()) {
  test(`pipeline ${args.join(' ')}: the bundle answers as the compiled CLI does, without node:assert, node:crypto or an Intl.Segmenter`, () => {
    const log = join(root, `bundle-${i}.json`);
    const fromBundle = run(bundle, args, log);
    assert.deepEqual(fromBundle, run(compiled, args));
    const { builtins, segmenters } = recorded(log);
    assert.deepEqual(
      builtins.filter((m) => m === 'NativeModule assert' || m === 'NativeModule crypto'),
      [],
      'node:assert or node:crypto',
    );
    assert.equal(segmenters, 0, 'Intl.Segmenters built');
  });
}

test('pipeline features on one file neither hashes nor loads node:crypto (the audio cache, which hashes, is for the stages)', async () => {
  const wav = join(root, 'tone.wav');
  await writeWav(
    wav,
    Float32Array.from({ length: 16000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / 16000)),
    16000,
  );
  const log = join(root, 'features.json');
  const r = run(bundle, ['features', wav, '--out', join(root, 'tone.csv'), '--jobs', '1'], log);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    recorded(log).builtins.filter((m) => m === 'NativeModule crypto'),
    [],
  );
});

test('the bundle is minified (V8 scans and compiles less text at every start), its names kept', () => {
  const text = readFileSync(bundle, 'utf8');
  assert.doesNotMatch(text, /^\s+(const|let) \w+ = /m, 'indented declarations');
  assert.match(text, /\bfunction withCommon\(/, "the CLI's own function names");
});

test('bin/pipeline.js loads node:child_process only to compile after an install', () => {
  const log = join(root, 'bin.json');
  assert.equal(run(join(REPO_ROOT, 'bin', 'pipeline.js'), ['--help'], log).status, 0);
  assert.deepEqual(
    recorded(log).builtins.filter((m) => m === 'NativeModule child_process'),
    [],
  );
});

test('the bundle counts as current only while the WebAssembly modules it inlines are the ones built (built-from.json stamps each)', () => {
  const stamped = (JSON.parse(readFileSync(join(REPO_ROOT, 'dist', 'cli', 'built-from.json'), 'utf8')) as [string, number, number][]).map(([path]) => path);
  const modules = readdirSync(join(REPO_ROOT, 'dist', 'assembly')).filter((f) => f.endsWith('.wasm.js'));
  assert.ok(modules.length >= 4, modules.join(', '));
  for (const m of modules) assert.ok(stamped.includes(`dist/assembly/${m}`), `${m} is not among ${stamped.join(', ')}`);
});
