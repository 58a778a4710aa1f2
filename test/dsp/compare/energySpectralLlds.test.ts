import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { computeEnergySpectralLlds, ENERGY_RAW_LLD_NAMES, lldColumnName, SPECTRAL_RAW_LLD_NAMES } from '../../../dsp/compare/energySpectralLlds.js';
import { frameCount } from '../../../dsp/compare/framing.js';
import { smoothSma3 } from '../../../dsp/compare/smoothing.js';
import { SHARED_DIR, SKIP_NO_SHARED } from '../../support/paths.js';
import { readWavAsOpenSmile } from './openSmileReference.js';
import { sampleCorrelation } from 'simple-statistics';

const LLD_DIR = resolve(SHARED_DIR, 'reference/opensmile/lld');
const AUDIO_DIRS = [resolve(SHARED_DIR, 'data/emotion/Audios'), resolve(SHARED_DIR, 'data/noisy-snr/noisy')];
const REL_TOL = 1e-3;

/** Pearson correlation (simple-statistics' sample correlation: the n − 1 factors cancel). */
const pearson = (a: ArrayLike<number>, b: ArrayLike<number>): number => sampleCorrelation(Array.from(a), Array.from(b));

function familyOf(name: string): string {
  if (ENERGY_RAW_LLD_NAMES.includes(name)) return 'A energy/loudness';
  if (name.startsWith('audSpec_Rfilt')) return 'B audSpec_Rfilt';
  if (name.startsWith('mfcc')) return 'B mfcc';
  if (name.includes('fband') || name.includes('RollOff')) return 'B bands+roll-off';
  return 'B spectral shape';
}

test('names, order and frame counts of the 59 energy and spectral LLDs', () => {
  const signal = new Float32Array(16000 + 123).map((_, i) => Math.sin(i * 0.05));
  const { names, contours } = computeEnergySpectralLlds(signal);
  assert.equal(names.length, 59);
  assert.deepEqual(names, [...ENERGY_RAW_LLD_NAMES, ...SPECTRAL_RAW_LLD_NAMES]);
  assert.equal(ENERGY_RAW_LLD_NAMES.length, 4);
  assert.equal(SPECTRAL_RAW_LLD_NAMES.length, 55);
  const n20 = frameCount(signal.length, 320);
  const n60 = frameCount(signal.length, 960);
  assert.equal(n20, n60 + 4);
  names.forEach((name, i) => assert.equal(contours[i].length, name === 'pcm_zcr' ? n60 : n20, name));
  assert.equal(lldColumnName('audSpec_Rfilt[0]', '_sma'), 'audSpec_Rfilt_sma[0]');
  assert.equal(lldColumnName('mfcc[14]', '_sma_de'), 'mfcc_sma_de[14]');
  assert.equal(lldColumnName('pcm_fftMag_spectralRollOff25.0', '_sma'), 'pcm_fftMag_spectralRollOff25.0_sma');
});

test("digital silence gives finite values and openSMILE's constants", () => {
  const { names, contours } = computeEnergySpectralLlds(new Float32Array(4000));
  contours.forEach((c, i) => c.forEach((v) => assert.ok(Number.isFinite(v), names[i])));
  assert.equal(contours[names.indexOf('pcm_zcr')][0], Math.fround(958 / 960));
  assert.equal(contours[names.indexOf('pcm_RMSenergy')][3], 0);
  // RASTA output 0 everywhere: band 0 is E(f0)^0.33, openSMILE's 0.1292162 (notes §3.3 item 11).
  assert.ok(Math.abs(contours[names.indexOf('audSpec_Rfilt[0]')][10] - 0.1292162) < 1e-6);
  assert.ok(Math.abs(contours[names.indexOf('audspecRasta_lengthL1norm')][10] - 0.9883412) < 1e-6);
});

test("the 59 LLDs match openSMILE's LLD CSVs (first n60 rows, after 3-frame smoothing)", { skip: SKIP_NO_SHARED }, () => {
  const files = readdirSync(LLD_DIR).filter((f) => f.endsWith('.csv'));
  assert.ok(files.length >= 8);
  const perLld = new Map<string, { n: number; within: number; maxRel: number; ours: number[]; ref: number[] }>();
  for (const file of files) {
    const id = file.slice(0, -'.csv'.length);
    const wav = AUDIO_DIRS.map((d) => resolve(d, `${id}.wav`)).find(existsSync);
    assert.ok(wav, `no audio for ${id}`);
    const signal = readWavAsOpenSmile(wav);
    const lines = readFileSync(resolve(LLD_DIR, file), 'utf8').trim().split('\n');
    const header = lines[0].split(';');
    const rows = lines.slice(1).map((l) => l.split(';'));
    const n60 = frameCount(signal.length, 960);
    // The CSV holds n60 rows plus one end-of-input artefact row (notes §7).
    assert.equal(rows.length, n60 + 1, id);
    const { names, contours } = computeEnergySpectralLlds(signal);
    names.forEach((name, i) => {
      const col = header.indexOf(lldColumnName(name, '_sma'));
      assert.ok(col >= 0, `${name} not in the reference header`);
      const smoothed = smoothSma3(contours[i]);
      let s = perLld.get(name);
      if (!s) perLld.set(name, (s = { n: 0, within: 0, maxRel: 0, ours: [], ref: [] }));
      for (let t = 0; t < n60; t++) {
        const ref = Number(rows[t][col]);
        const rel = ref === 0 ? Math.abs(smoothed[t]) : Math.abs(smoothed[t] - ref) / Math.abs(ref);
        s.n++;
        if (rel <= REL_TOL) s.within++;
        s.maxRel = Math.max(s.maxRel, rel);
        s.ours.push(smoothed[t]);
        s.ref.push(ref);
      }
    });
  }

  const results = [...perLld].map(([name, s]) => ({ name, frac: s.within / s.n, maxRel: s.maxRel, r: pearson(s.ours, s.ref), n: s.n }));
  const families = new Map<string, typeof results>();
  for (const r of results) families.set(familyOf(r.name), [...(families.get(familyOf(r.name)) ?? []), r]);
  console.log(`energy/spectral LLD parity over ${files.length} files (fraction within ${REL_TOL} relative, max relative error, min Pearson r):`);
  for (const [family, rs] of families) {
    const n = rs.reduce((a, r) => a + r.n, 0);
    const within = rs.reduce((a, r) => a + r.frac * r.n, 0) / n;
    const maxRel = Math.max(...rs.map((r) => r.maxRel));
    const minR = Math.min(...rs.map((r) => r.r));
    console.log(`  ${family.padEnd(20)} ${rs.length} LLDs  within ${within.toFixed(5)}  maxRel ${maxRel.toExponential(2)}  min r ${minR.toFixed(7)}`);
  }
  const worst = [...results].sort((a, b) => a.frac - b.frac || b.maxRel - a.maxRel).slice(0, 8);
  console.log('  worst:', worst.map((r) => `${r.name} ${r.frac.toFixed(4)} (max ${r.maxRel.toExponential(1)})`).join(', '));
  const total = results.reduce((a, r) => a + r.n, 0);
  const overall = results.reduce((a, r) => a + r.frac * r.n, 0) / total;
  console.log(`  overall within ${REL_TOL}: ${overall.toFixed(5)} of ${total} values`);

  assert.equal(results.length, 59);
  // openSMILE prints 7 significant digits: every value agrees to that printing precision.
  assert.equal(overall, 1);
  for (const r of results) {
    assert.ok(r.r >= 1 - 1e-7, `${r.name}: r = ${r.r}`);
    assert.ok(r.maxRel < 1e-6, `${r.name}: max relative error ${r.maxRel}`);
  }
});
