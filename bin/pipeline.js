#!/usr/bin/env node
// The CLI is TypeScript compiled to dist/ by `npm run build` (`npm ci` runs no scripts: see .npmrc).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/pipeline/cli.js', import.meta.url);
if (!existsSync(entry)) {
  console.error(`pipeline: ${fileURLToPath(entry)} is missing; run "npm run build" in ${fileURLToPath(new URL('..', import.meta.url))}`);
  process.exit(1);
}
await import(entry.href);
