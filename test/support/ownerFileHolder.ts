/**
 * Arguments for a real process (`spawn(process.execPath, holderArgs(…))`) that tries to own a lock or
 * claim file, at the epoch millisecond `startAt` when given (so that several race). It prints one JSON
 * line, {"acquired":true} or {"acquired":false,"holder":PID}, and when it acquired the file holds it
 * for `holdMs` (forever when 0), then releases it and exits. An inline script, not a file of its own:
 * the test runner runs every file under dist/test.
 */
const OWNER_FILE = new URL('../../pipeline/ownerFile.js', import.meta.url).href;

const SCRIPT = `
const { acquireOwnerFile, newOwner, releaseOwnerFile } = await import(${JSON.stringify(OWNER_FILE)});
const [path, holdMs, startAt] = process.argv.slice(1);
while (Date.now() < Number(startAt));
const owner = newOwner('test holder');
const holder = await acquireOwnerFile(path, owner);
console.log(JSON.stringify(holder ? { acquired: false, holder: holder.pid } : { acquired: true }));
if (!holder) {
  await new Promise((resolve) => setTimeout(resolve, Number(holdMs) || 2 ** 31 - 1));
  releaseOwnerFile(path, owner);
}`;

export function holderArgs(path: string, holdMs = 0, startAt = 0): string[] {
  return ['--input-type=module', '-e', SCRIPT, path, String(holdMs), String(startAt)];
}
