#!/usr/bin/env node
// The CLI is TypeScript compiled to dist/. `npm ci` runs no install scripts (see .npmrc), our own
// prepare script included, so the first call after an install compiles it here, once.
import { existsSync, readFileSync, statSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = new URL('../dist/pipeline/cli.js', import.meta.url);
const bundle = new URL('../dist/cli/cli.js', import.meta.url);
if (!existsSync(entry)) {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    console.error(`pipeline: ${fileURLToPath(entry)} is missing and TypeScript is not installed; run "npm ci" in ${root}`);
    process.exit(1);
  }
  console.error('pipeline: compiling the TypeScript into dist/ (once after an install; "npm run build" does the same)');
  // Imported here, not above: loading child_process costs every other call a few milliseconds.
  const { spawnSync } = await import('node:child_process');
  const build = spawnSync(process.execPath, [tsc, '-p', fileURLToPath(new URL('../tsconfig.json', import.meta.url))], { stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(entry)) {
    console.error(`pipeline: the build failed; run "npm run build" in ${root} to see why`);
    process.exit(1);
  }
  if (spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/buildWasm.mjs', import.meta.url))], { stdio: 'inherit' }).status !== 0) {
    console.error(`pipeline: compiling the WebAssembly failed; run "npm run build" in ${root} to see why`);
    process.exit(1);
  }
  if (spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/bundleCli.mjs', import.meta.url))], { stdio: 'inherit' }).status !== 0)
    console.error('pipeline: bundling the CLI failed, so it starts more slowly; "npm run build" does the same');
}

/** Whether dist/cli/ was bundled from the compiled files and packages there now (a `tsc` run since then leaves it behind). */
function bundleIsCurrent() {
  try {
    /** @type {unknown} */
    const stamps = JSON.parse(readFileSync(new URL('../dist/cli/built-from.json', import.meta.url), 'utf8'));
    return /** @type {[string, number, number][]} */ (stamps).every(([path, size, mtimeMs]) => {
      const s = statSync(`${root}/${path}`);
      return s.size === size && s.mtimeMs === mtimeMs;
    });
  } catch {
    return false;
  }
}

// From Node 22.1 on, V8's compiled code for the CLI's modules is kept between runs (in node's default
// folder under the OS temp directory, or NODE_COMPILE_CACHE), which makes start-up cheaper; Node 20
// has no such cache (nor its typings) and starts as before.
const { enableCompileCache } = /** @type {{ enableCompileCache?: () => void }} */ (module);
enableCompileCache?.();
// Only --verbose prints a stack trace; then its frames name the TypeScript sources, through the bundle's
// source maps and tsc's. (Reading the maps costs start-up time, so other calls go without.)
if (process.argv.includes('--verbose')) process.setSourceMapsEnabled(true);
await import((bundleIsCurrent() ? bundle : entry).href);
