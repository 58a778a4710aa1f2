/**
 * A real process that tries to own a lock or claim file: `node holdOwnerFile.js PATH HOLD_MS [START_AT]`,
 * at the epoch millisecond START_AT when given (so that several race). It
 * prints one JSON line, {"acquired":true} or {"acquired":false,"holder":PID}, and when it acquired
 * the file holds it for HOLD_MS (forever when 0), then releases it and exits.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireOwnerFile, newOwner, releaseOwnerFile } from '../../pipeline/ownerFile.js';

const [path, holdMs, startAt] = process.argv.slice(2);
while (Date.now() < Number(startAt ?? 0));
const owner = newOwner('test holder');
const holder = await acquireOwnerFile(path, owner);
console.log(JSON.stringify(holder ? { acquired: false, holder: holder.pid } : { acquired: true }));
if (!holder) {
  await sleep(Number(holdMs) || 2 ** 31 - 1);
  releaseOwnerFile(path, owner);
}
