import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCacheEntry } from '../data/audio/audioCache.js';
import { ExtractPool } from '../data/features/extractPool.js';
import { computeEnergySpectralLlds } from '../dsp/compare/energySpectralLlds.js';
import { extractCompareFunctionals } from '../dsp/compare/extract.js';
import { computeVoicingLlds } from '../dsp/compare/voicing/voicingLlds.js';
import { HAVE_SHARED, longRecording, shortUtterances, timeIt } from './support.js';

/** openSMILE 3.0.1 ComParE_2016 on this machine kind, one core (../shared/reference/README.md). */
const OPENSMILE = { longFileXrt: 107, shortFilesXrt: 54, peakMiB: 42 };

/** Peak RSS (MiB) of a child process that extracts one file of `seconds` and exits; and of one that only loads the code. */
function peakRssMiB(scriptDir: string, seconds: number, extract: boolean): number {
  const script = join(mkdtempSync(join(tmpdir(), 'bench-')), 'peak.mjs');
  writeFileSync(
    script,
    `import { extractCompareFunctionals } from '${join(scriptDir, '..', 'dsp', 'compare', 'extract.js')}';
     const x = new Float32Array(${Math.round(seconds * 16000)}); for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.07) * (0.2 + 0.1 * Math.sin(i / 4000)) + 0.01 * Math.sin(i * 1.3);
     if (${extract}) extractCompareFunctionals(x);
     console.log(process.resourceUsage().maxRSS);`,
  );
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  return Number(r.stdout.trim()) / 1024;
}

export async function featureSpeedBench(): Promise<void> {
  console.log(`## ComParE feature extraction speed (${HAVE_SHARED ? 'shared RAVDESS audio' : 'synthetic speech: ../shared absent'})`);
  const long = await longRecording(60);
  const longMs = await timeIt(5, () => extractCompareFunctionals(long));
  const longXrt = 60 / (longMs / 1000);
  console.log(
    `one 60 s file, one core: ${longMs.toFixed(0)} ms, ${longXrt.toFixed(0)}× real time (openSMILE ${OPENSMILE.longFileXrt}×: ratio ${(longXrt / OPENSMILE.longFileXrt).toFixed(2)})`,
  );
  const voicingMs = await timeIt(5, () => computeVoicingLlds(long));
  const energySpectralMs = await timeIt(5, () => computeEnergySpectralLlds(long));
  console.log(
    `  of which: voicing LLDs ${voicingMs.toFixed(0)} ms, energy/spectral LLDs ${energySpectralMs.toFixed(0)} ms, ` +
      `smoothing, deltas and functionals ${Math.max(0, longMs - voicingMs - energySpectralMs).toFixed(0)} ms (the rest)`,
  );

  const shorts = await shortUtterances(40);
  const shortSeconds = shorts.reduce((a, s) => a + s.samples.length / 16000, 0);
  const shortMs = await timeIt(3, () => shorts.forEach((s) => extractCompareFunctionals(s.samples)));
  const shortXrt = shortSeconds / (shortMs / 1000);
  console.log(
    `${shorts.length} utterances (${shortSeconds.toFixed(0)} s), one core, one process: ${shortXrt.toFixed(0)}× real time (openSMILE ${OPENSMILE.shortFilesXrt}× with a process per file: ratio ${(shortXrt / OPENSMILE.shortFilesXrt).toFixed(2)})`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'bench-f32-'));
  const paths = shorts.map((s, i) => {
    const p = join(dir, `${i}.f32`);
    writeFileSync(p, encodeCacheEntry(s.samples, 16000));
    return p;
  });
  const threads = 2;
  const pool = new ExtractPool(threads);
  const poolMs = await timeIt(3, () => Promise.all(paths.map((path) => pool.run({ path }))));
  await pool.close();
  console.log(`the same utterances on a pool of ${threads} worker threads: ${(shortSeconds / (poolMs / 1000)).toFixed(0)}× real time (${(shortMs / poolMs).toFixed(2)}× one core)`);

  const scriptDir = new URL('.', import.meta.url).pathname;
  const baseline = peakRssMiB(scriptDir, 1, false);
  const rows = [10, 60, 300].map((s) => [s, peakRssMiB(scriptDir, s, true)] as const);
  console.log(
    `peak RSS, whole Node process: ${baseline.toFixed(0)} MiB with the code loaded; extracting ${rows.map(([s, m]) => `${s} s: ${m.toFixed(0)} MiB`).join(', ')} (openSMILE: ${OPENSMILE.peakMiB} MiB for 60 s)`,
  );
  const perMinute = (rows[2][1] - rows[1][1]) / 4;
  console.log(`memory growth with length: ${perMinute.toFixed(1)} MiB per extra minute of audio (the signal itself is 3.7 MiB per minute as float32)`);
}
