import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, whether this file runs from `test/` (tsx) or from `dist/test/` (compiled). */
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot();

/** The team's shared data folder, beside the clone; absent on a user's clone. */
export const SHARED_DIR = process.env.SER_SHARED_DIR ?? resolve(REPO_ROOT, '..', 'shared');

export const HAVE_SHARED = existsSync(resolve(SHARED_DIR, 'data'));

/** Reason string for `test(..., { skip })` when ../shared is absent, undefined when present. */
export const SKIP_NO_SHARED: string | undefined = HAVE_SHARED ? undefined : `../shared not found at ${SHARED_DIR}: skipping tests on the real recordings and openSMILE reference`;
