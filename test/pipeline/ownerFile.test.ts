import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireOwnerFile, newOwner, OwnerFileError, readOwner, releaseOwnerFile } from '../../pipeline/ownerFile.js';
import { ClaimHeld, withClaim } from '../../stages/runClaim.js';
import { holderArgs } from '../support/ownerFileHolder.js';

/** Lock and claim files between real processes: live holders, holders killed by SIGKILL, races. */
const dir = mkdtempSync(join(tmpdir(), 'owner-file-'));
const children: ChildProcess[] = [];
after(() => children.forEach((c) => c.kill('SIGKILL')));

/** Starts a process that tries to own `path`; resolves with it and its one-line report. */
function hold(path: string, holdMs = 0, startAt = 0): Promise<{ child: ChildProcess; report: { acquired: boolean; holder?: number } }> {
  const child = spawn(process.execPath, holderArgs(path, holdMs, startAt), { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ child, report: JSON.parse(out) as { acquired: boolean; holder?: number } });
    });
    child.on('exit', (code) => reject(new Error(`holder exited with ${code} before reporting`)));
  });
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** A pid that was just used and is now free. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

test('a live claim by another process makes a second claimant skip the run, and a SIGKILLed holder’s claim is taken over', async () => {
  const path = join(dir, 'runs', 'dln', 'seed-1.claim');
  const { child, report } = await hold(path);
  assert.deepEqual(report, { acquired: true });
  let worked = false;
  await assert.rejects(
    withClaim(path, 'test', async () => (worked = true)),
    (e: unknown) => e instanceof ClaimHeld && e.holder.pid === child.pid && e.message.includes(`pid ${child.pid}`) && e.message.includes(path),
  );
  assert.equal(worked, false, 'the claimed run is not trained a second time');

  await killHard(child);
  assert.equal(readOwner(path)?.pid, child.pid, 'kill -9 leaves the claim file behind');
  assert.equal(await withClaim(path, 'test', async () => readOwner(path)?.pid), process.pid, 'taken over by the next claimant');
  assert.equal(existsSync(path), false, 'released after the work');
});

test('of several processes racing for one stale lock, exactly one takes it over', async () => {
  const path = join(dir, 'race.lock');
  writeFileSync(path, JSON.stringify({ ...newOwner('killed'), pid: deadPid() }));
  // All start at the same moment, after their node processes are up.
  const startAt = Date.now() + 1500;
  const racers = await Promise.all(Array.from({ length: 6 }, () => hold(path, 3000, startAt)));
  const winners = racers.filter((r) => r.report.acquired);
  assert.equal(winners.length, 1, JSON.stringify(racers.map((r) => r.report)));
  for (const r of racers.filter((x) => !x.report.acquired)) assert.equal(r.report.holder, winners[0].child.pid);
  assert.equal(readOwner(path)?.pid, winners[0].child.pid);
  await Promise.all(racers.map((r) => new Promise((resolve) => (r.child.exitCode === null ? r.child.once('exit', resolve) : resolve(null)))));
  assert.equal(existsSync(path), false, 'the winner released it');
});

test('a stale file is not removed while another process is taking it over; a remover killed midway is taken over in turn', async () => {
  const path = join(dir, 'takeover.lock');
  const stale = { ...newOwner('killed'), pid: deadPid() };
  writeFileSync(path, JSON.stringify(stale));
  // A process that judged the lock stale and was stopped just before removing it.
  const { child: remover } = await hold(`${path}.takeover-${stale.token}`);
  const me = newOwner('test');
  const attempt = acquireOwnerFile(path, me);
  assert.equal(await Promise.race([attempt.then(() => 'acquired'), sleep(500).then(() => 'waiting')]), 'waiting');
  assert.equal(readOwner(path)?.token, stale.token);
  await killHard(remover);
  assert.equal(await attempt, undefined);
  assert.equal(readOwner(path)?.token, me.token);
  releaseOwnerFile(path, me);
});

test('a process that exits without releasing (process.exit) still removes its file', async () => {
  const path = join(dir, 'exit.lock');
  const r = spawnSync(process.execPath, [
    '--input-type=module',
    '-e',
    `
    const { acquireOwnerFile, newOwner } = await import(${JSON.stringify(new URL('../../pipeline/ownerFile.js', import.meta.url).href)});
    await acquireOwnerFile(${JSON.stringify(path)}, newOwner('exits'));
    process.exit(1);`,
  ]);
  assert.equal(r.status, 1, r.stderr.toString());
  assert.equal(existsSync(path), false);
});

test('an owner on another host counts as live; our own pid under a token we did not make is an earlier life, so stale', async () => {
  const other = join(dir, 'other-host.lock');
  writeFileSync(other, JSON.stringify({ ...newOwner('elsewhere'), hostname: `not-${hostname()}` }));
  assert.equal((await acquireOwnerFile(other, newOwner('test')))?.hostname, `not-${hostname()}`);

  const reused = join(dir, 'reused-pid.lock');
  writeFileSync(reused, JSON.stringify({ pid: process.pid, hostname: hostname(), command: 'before a restart', startedAt: '2026-01-01T00:00:00.000Z', token: 'earlier' }));
  const me = newOwner('test');
  assert.equal(await acquireOwnerFile(reused, me), undefined);
  assert.equal(readOwner(reused)?.token, me.token);
  releaseOwnerFile(reused, me);
  assert.equal(existsSync(reused), false);
});

test('a damaged owner file is reported naming the file, not overwritten', async () => {
  const path = join(dir, 'damaged.lock');
  writeFileSync(path, '{"pid":');
  await assert.rejects(acquireOwnerFile(path, newOwner('test')), (e: unknown) => e instanceof OwnerFileError && e.message.includes(path));
  assert.equal(readFileSync(path, 'utf8'), '{"pid":');
});
