import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { nodeCrypto } from './nodeCrypto.js';

const TEMP_SUFFIX = /\.tmp-\d+-[0-9a-f]{8}$/;

/** Write to a temporary name beside the target and rename it into place, so readers never see half a file. */
export async function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<Uint8Array>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${nodeCrypto().randomBytes(4).toString('hex')}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** Removes the temporary files of writes killed halfway in `dir` (call only where no other process is writing). */
export async function removeUnfinishedWrites(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => []);
  await Promise.all(names.filter((n) => TEMP_SUFFIX.test(n)).map((n) => rm(join(dir, n), { force: true })));
}
