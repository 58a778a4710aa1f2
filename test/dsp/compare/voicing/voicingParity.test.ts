import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { smoothSma3 } from '../../../../dsp/compare/smoothing.js';
import { computeVoicingLlds } from '../../../../dsp/compare/voicing/voicingLlds.js';
import { SHARED_DIR, SKIP_NO_SHARED } from '../../../support/paths.js';
import { readWavAsOpenSmile } from '../openSmileReference.js';
import { sampleCorrelation } from 'simple-statistics';

/**
 * Parity of the six voicing LLDs with openSMILE's per-frame output (ComParE_2016 LLD CSVs of 8
 * files). The reference is smoothed (`_sma`, noZeroSma), so our raw contours are smoothed the same
 * way; the first n60 rows are compared (the last CSV row is an end-of-input artefact, notes §7).
 */

const LLD_DIR = resolve(SHARED_DIR, 'reference/opensmile/lld');
const AUDIO_DIRS = [resolve(SHARED_DIR, 'data/emotion/Audios'), resolve(SHARED_DIR, 'data/noisy-snr/noisy')];

/** Pearson correlation (simple-statistics' sample correlation: the n − 1 factors cancel). */
const pearson = (a: ArrayLike<number>, b: ArrayLike<number>): number => sampleCorrelation(Array.from(a), Array.from(b));

test('voicing LLDs match openSMILE per frame on the 8 reference files', { skip: SKIP_NO_SHARED }, () => {
  const files = readdirSync(LLD_DIR).filter((f) => f.endsWith('.csv'));
  assert.equal(files.length, 8);
  const ours: number[][] = [[], [], [], [], [], []];
  const theirs: number[][] = [[], [], [], [], [], []];
  let names: string[] = [];
  let f0Both = 0;
  let f0Within1 = 0;
  let voicingAgree = 0;
  let frames = 0;
  for (const file of files) {
    const id = file.replace(/\.csv$/, '');
    const wav = AUDIO_DIRS.map((d) => resolve(d, `${id}.wav`)).find(existsSync);
    assert.ok(wav, `no audio for ${id}`);
    const { names: n, contours } = computeVoicingLlds(readWavAsOpenSmile(wav));
    names = n;
    const lines = readFileSync(resolve(LLD_DIR, file), 'utf8').trim().split('\n');
    const header = lines[0].split(';');
    assert.deepEqual(
      header.slice(2, 8),
      n.map((s) => `${s}_sma`),
    );
    const rows = lines.slice(1).map((l) => l.split(';').slice(2, 8).map(Number));
    const nFrames = contours[0].length;
    assert.equal(rows.length, nFrames + 1, `${id}: the CSV has n60 + 1 rows`);
    const smoothed = contours.map((c) => smoothSma3(c, true));
    for (let k = 0; k < nFrames; k++) {
      const a = smoothed[0][k];
      const b = rows[k][0];
      if (a > 0 === b > 0) voicingAgree++;
      if (a > 0 && b > 0) {
        f0Both++;
        if (Math.abs(a - b) / b < 0.01) f0Within1++;
      }
      for (let j = 0; j < 6; j++) {
        ours[j].push(smoothed[j][k]);
        theirs[j].push(rows[k][j]);
      }
    }
    frames += nFrames;
  }

  const within1 = f0Within1 / f0Both;
  const agree = voicingAgree / frames;
  const r = ours.map((o, j) => pearson(o, theirs[j]));
  // Share of values equal to the reference's 7 printed digits (relative 2e-5, absolute 1e-6 near 0).
  const close = ours.map((o, j) => o.filter((v, i) => Math.abs(v - theirs[j][i]) <= Math.max(2e-5 * Math.abs(theirs[j][i]), 1e-6)).length / o.length);
  console.log(`voicing parity over ${frames} frames, ${f0Both} voiced in both: F0 within 1% ${(100 * within1).toFixed(2)}%, voicing decisions agree ${(100 * agree).toFixed(2)}%`);
  names.forEach((name, j) => console.log(`  ${name}_sma: r = ${r[j].toFixed(6)}, within 2e-5 rel: ${(100 * close[j]).toFixed(2)}%`));

  // Issue 3 asks for ≥ 95% within 1% on frames voiced in both; we match openSMILE to its printed
  // precision, so the bounds below are set just under what we achieve to catch regressions.
  assert.ok(f0Both > 900);
  assert.equal(within1, 1);
  assert.equal(agree, 1);
  for (let j = 0; j < 6; j++) {
    assert.ok(r[j] > 0.9999, `${names[j]}: r = ${r[j]}`);
    assert.ok(close[j] > 0.999, `${names[j]}: ${close[j]} of frames within 2e-5`);
  }
});
