#!/usr/bin/env node
// The CLI is TypeScript compiled to dist/ by `npm run build` (`npm ci` runs no scripts: see .npmrc).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/pipeline/cli.js', import.meta.url);
if (!existsSync(entry)) {
  console.error(`pipeline: ${fileURLToPath(entry)} is missing; run "npm run build" in ${fileURLToPath(new URL('..', import.meta.url))}`);
  process.exit(1);
}
// From Node 22.1 on, V8's compiled code for the CLI's modules is kept between runs (in node's default
// folder under the OS temp directory, or NODE_COMPILE_CACHE), which makes start-up cheaper; Node 20
// has no such cache and starts as before.
module.enableCompileCache?.();
await import(entry.href);
