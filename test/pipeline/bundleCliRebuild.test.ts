import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/paths.js';

/**
 * scripts/bundleCli.mjs run again (bin/pipeline.js's first call after an install, or tsc then the
 * script by hand) leaves only the new bundle in dist/cli/: its chunks are named by their content's
 * hash, so the old ones would otherwise pile up beside the new. The script runs in a copy of the
 * repository's layout (itself copied, node_modules and the compiled folders of dist/ linked), not on
 * the bundle the other tests run.
 */
function repositoryCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'bundle-rebuild-'));
  mkdirSync(join(root, 'scripts'));
  copyFileSync(join(REPO_ROOT, 'scripts', 'bundleCli.mjs'), join(root, 'scripts', 'bundleCli.mjs'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  mkdirSync(join(root, 'dist'));
  for (const entry of readdirSync(join(REPO_ROOT, 'dist')).filter((e) => e !== 'cli')) symlinkSync(join(REPO_ROOT, 'dist', entry), join(root, 'dist', entry));
  return root;
}

function bundle(root: string): void {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'bundleCli.mjs')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

test('a rebuilt CLI bundle leaves no chunk of the previous one in dist/cli/, and nothing outside it is touched', () => {
  const root = repositoryCopy();
  const out = join(root, 'dist', 'cli');
  bundle(root);
  const built = readdirSync(out).sort();
  assert.ok(built.includes('cli.js') && built.includes('built-from.json'), built.join(', '));
  // What an earlier bundle, made from other sources, left: chunks by other hashes.
  writeFileSync(join(out, 'chunk-OLDHASH0.js'), 'export const old = 1;\n');
  writeFileSync(join(out, 'chunk-OLDHASH0.js.map'), '{}\n');
  writeFileSync(join(root, 'dist', 'beside.txt'), 'not the bundle\n');
  bundle(root);
  assert.deepEqual(readdirSync(out).sort(), built);
  assert.ok(existsSync(join(root, 'dist', 'beside.txt')), 'a file beside dist/cli/ was removed');
  assert.ok(existsSync(join(root, 'dist', 'pipeline', 'cli.js')), 'the compiled CLI was removed');
  const help = (script: string) => spawnSync(process.execPath, [script, '--help'], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  const fromBundle = help(join(out, 'cli.js'));
  assert.equal(fromBundle.status, 0, fromBundle.stderr);
  assert.equal(fromBundle.stdout, help(join(REPO_ROOT, 'dist', 'pipeline', 'cli.js')).stdout);
});
