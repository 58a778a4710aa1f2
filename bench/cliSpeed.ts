import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWav } from '../data/audio/writeWav.js';
import { REPO_ROOT } from '../test/support/paths.js';
import { HAVE_SHARED, longRecording, median, SHARED_DIR } from './support.js';

/**
 * Whole-process speed as a user times it: `pipeline --help`, and `pipeline features` against
 * openSMILE's SMILExtract on the same files in the same run, both pinned to one core, runs
 * alternating. openSMILE is a yardstick from ../shared, never a dependency.
 */
const OPENSMILE_DIR = join(SHARED_DIR, 'reference', 'opensmile-bin');
const SMILEXTRACT = join(OPENSMILE_DIR, 'SMILExtract');
const COMPARE_CONF = join(OPENSMILE_DIR, 'config', 'compare16', 'ComParE_2016.conf');
const PIPELINE = join(REPO_ROOT, 'bin', 'pipeline.js');
const GNU_TIME = '/usr/bin/time';
const PIN = existsSync('/usr/bin/taskset') ? ['taskset', '-c', '0'] : [];
/**
 * With NODE_EXTRA_CA_CERTS set (some CI and sandbox images point it at the system bundle), every Node
 * process parses those certificates before running any code: tens of ms that openSMILE never pays and a
 * user's shell rarely sets. The timed processes run without it; the benchmark says what it would add.
 */
const EXTRA_CA = 'NODE_EXTRA_CA_CERTS';
const TIMED_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== EXTRA_CA));

interface Measured {
  seconds: number;
  /** Peak resident memory of the process (of the largest one, for a loop of processes), MiB; NaN without GNU time. */
  peakMiB: number;
}

/** Runs a command line on one core and times the whole process; a failure stops the benchmark with its stderr. */
function timeProcess(argv: readonly string[], scratch: string, env: NodeJS.ProcessEnv = TIMED_ENV): Measured {
  const rssFile = join(scratch, 'rss.txt');
  const withTime = existsSync(GNU_TIME) ? [GNU_TIME, '-f', '%M', '-o', rssFile] : [];
  const [command, ...args] = [...withTime, ...PIN, ...argv];
  const t0 = performance.now();
  const r = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr.trim().split('\n').pop()}`);
  return { seconds, peakMiB: withTime.length ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : NaN };
}

function smileArgs(file: string, out: string): string[] {
  return [SMILEXTRACT, '-C', COMPARE_CONF, '-I', file, '-csvoutput', out, '-appendcsv', '0', '-l', '0'];
}

/** One process per file for openSMILE, as its users script it: a shell loop. */
function smileLoop(files: readonly string[], out: string): string[] {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return ['sh', '-c', files.map((f) => smileArgs(f, out).map(quote).join(' ')).join(' && ')];
}

/** Medians of `runs` alternating runs of each command line after one untimed run of each. */
function alternate(commands: readonly (readonly string[])[], runs: number, scratch: string): Measured[] {
  for (const c of commands) timeProcess(c, scratch);
  const all = commands.map(() => [] as Measured[]);
  for (let r = 0; r < runs; r++) commands.forEach((c, i) => all[i].push(timeProcess(c, scratch)));
  return all.map((ms) => ({ seconds: median(ms.map((m) => m.seconds)), peakMiB: Math.max(...ms.map((m) => m.peakMiB)) }));
}

const show = (m: Measured) => `${m.seconds.toFixed(2)} s, ${Number.isNaN(m.peakMiB) ? '?' : m.peakMiB.toFixed(0)} MiB`;

export async function cliSpeedBench(): Promise<void> {
  console.log(`## Whole-process CLI speed, ${PIN.length ? 'pinned to core 0 (taskset -c 0)' : 'not pinned (no taskset)'}, medians of alternating runs`);
  const scratch = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  try {
    // status and stages read the stage declarations (status also the config and the run directory's manifest), never a stage's code.
    const startupRuns = { '--help': ['--help'], stages: ['stages'], status: ['status', '--workdir', join(scratch, 'run')] };
    const [node, ...startups] = alternate([[process.execPath, '-e', '0'], ...Object.values(startupRuns).map((args) => [process.execPath, PIPELINE, ...args])], 9, scratch);
    console.log(`Node's own start-up, node -e 0: ${show(node)}`);
    const extraCa = process.env[EXTRA_CA];
    if (extraCa !== undefined) {
      const withCa = median(Array.from({ length: 9 }, () => timeProcess([process.execPath, '-e', '0'], scratch, process.env).seconds));
      console.log(`(${EXTRA_CA}=${extraCa} is set here and left out of every timed process: with it, node -e 0 takes ${withCa.toFixed(2)} s)`);
    }
    Object.keys(startupRuns).forEach((name, i) => console.log(`pipeline ${name}: ${show(startups[i])}, ${(startups[i].seconds / node.seconds).toFixed(2)}x node -e 0`));
    if (!HAVE_SHARED || !existsSync(SMILEXTRACT)) {
      console.log(`features against openSMILE: skipped, ${SMILEXTRACT} is absent (../shared not found)`);
      return;
    }
    const audioDir = join(SHARED_DIR, 'data', 'emotion', 'Audios');
    const shorts = readdirSync(audioDir)
      .sort()
      .slice(0, 40)
      .map((f) => join(audioDir, f));
    const long60 = join(scratch, 'speech60s.wav');
    const long600 = join(scratch, 'speech600s.wav');
    await writeWav(long60, await longRecording(60), 16000);
    await writeWav(long600, await longRecording(600), 16000);
    const ours = (files: readonly string[]) => [process.execPath, PIPELINE, 'features', ...files, '--out', join(scratch, 'ours.csv'), '--jobs', '1'];
    const workloads = [
      { what: 'one 60 s file', ours: ours([long60]), smile: smileArgs(long60, join(scratch, 'smile.csv')), runs: 5 },
      { what: '40 utterances (one call; openSMILE a process per file)', ours: ours(shorts), smile: smileLoop(shorts, join(scratch, 'smile.csv')), runs: 5 },
      { what: 'one 600 s file', ours: ours([long600]), smile: smileArgs(long600, join(scratch, 'smile.csv')), runs: 3 },
    ];
    console.log('| workload | pipeline features --jobs 1 | SMILExtract | ours / openSMILE |');
    console.log('| --- | --- | --- | --- |');
    for (const w of workloads) {
      const [a, b] = alternate([w.ours, w.smile], w.runs, scratch);
      console.log(`| ${w.what} | ${show(a)} | ${show(b)} | ${(a.seconds / b.seconds).toFixed(2)} |`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
