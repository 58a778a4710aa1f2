import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './usageError.js';

/** "ENOENT: no such file or directory" from Node's "ENOENT: no such file or directory, open '/x'". */
function reasonOf(e: unknown): string {
  return (e as Error).message.split(', ')[0];
}

/**
 * Creates `dir` and its missing parents, like `mkdir -p`. Each level is made on its own: Node's
 * recursive mkdir loops forever where the kernel answers ENOENT for a folder whose parent exists
 * (anything under /proc).
 */
function makeFolders(dir: string, flag: string, given: string): void {
  const missing: string[] = [];
  let existing = resolve(dir);
  while (!existsSync(existing)) {
    missing.unshift(existing);
    existing = dirname(existing);
  }
  if (!statSync(existing).isDirectory()) throw new UsageError(`${flag} ${given}: ${existing} is a file, not a folder`);
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (e) {
      throw new UsageError(`${flag} ${given}: cannot create folder ${folder} (${reasonOf(e)})`);
    }
  }
}

/**
 * Checks, before any work, that the file an option names can be written: its missing parent folders
 * are created; a path that is a folder, or that cannot be created or opened for writing, is an error
 * naming the option and the path. An existing file is left as it is.
 */
export function prepareOutputFile(path: string, flag: string): void {
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`${flag} ${path} is a folder; name a file`);
  makeFolders(dirname(path), flag, path);
  const existed = existsSync(path);
  try {
    closeSync(openSync(path, 'a'));
  } catch (e) {
    throw new UsageError(`${flag} ${path} cannot be written (${reasonOf(e)})`);
  }
  if (!existed) unlinkSync(path);
}

/** Checks, before any work, that the folder an option names exists or can be created, and that files can be written in it. */
export function prepareOutputFolder(dir: string, flag: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${flag} ${dir} is a file, not a folder`);
  makeFolders(dir, flag, dir);
  const probe = join(dir, `.write-test-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w'));
  } catch (e) {
    throw new UsageError(`${flag} ${dir}: cannot write in it (${reasonOf(e)})`);
  }
  rmSync(probe, { force: true });
}
