/**
 * KEY PARITY TEST: openSMILE's own smoothed LLDs and deltas (the per-frame LLD CSVs) fed through
 * our functional blocks must reproduce openSMILE's functionals for the same files.
 *
 * What the CSVs cannot give, and how it is handled:
 * - Block B sees n60 + 2 frames but the CSV holds n60 + 1. The missing smoothed frame is recovered
 *   exactly (up to print precision) by inverting openSMILE's delta formula at frame n60 − 1; the
 *   missing last delta frame is solved from openSMILE's own `_de_stddev` (root picked by
 *   `_de_skewness`), so those two B-delta features are excluded from the counts.
 * - The CSV prints 7 significant digits, coarser than float32. LPC coefficients of smooth contours
 *   are ill-conditioned, so that rounding alone moves them by 1e-3…1e-1: they get their own,
 *   looser check. Quantised contours (zcr, roll-offs) lose float32 tie-breaks, which flips a few
 *   count-based functionals (risetime, leftctime, Peaks2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPARE_FEATURE_NAMES, FUNCTIONAL_BLOCKS, LLD_CSV_NAMES } from '../../../dsp/compare/featureNames.js';
import { blockFrameCounts, computeFunctionalBlocks, type BlockId } from '../../../dsp/compare/functionalBlocks.js';
import { SKIP_NO_SHARED } from '../../support/paths.js';
import { readFunctionalsCsv, readLldCsvs, type LldCsv } from './openSmileReference.js';

const REL_TOL = 1e-3;
const ZERO_ABS_TOL = 1e-6;
const LPC_FUNCTIONALS = new Set(['lpgain', 'lpc0', 'lpc1', 'lpc2', 'lpc3', 'lpc4']);

const blockOfFeature: BlockId[] = FUNCTIONAL_BLOCKS.flatMap((b) => b.inputs.flatMap(() => b.set.names.map(() => b.id)));
const functionalOf = (name: string): string => name.slice(name.lastIndexOf('_') + 1);

/** Relative error, or absolute error where the reference is exactly 0. */
function featureError(value: number, reference: number): number {
  return reference === 0 ? Math.abs(value) : Math.abs(value - reference) / Math.abs(reference);
}
const withinTolerance = (value: number, reference: number): boolean => featureError(value, reference) <= (reference === 0 ? ZERO_ABS_TOL : REL_TOL);

/** Value v of one more frame such that the population stddev of [known, v] is `stddev`. */
function solveLastFrame(known: Float32Array, stddev: number, skewness: number): number {
  const n = known.length + 1;
  let s1 = 0;
  let s2 = 0;
  for (const v of known) {
    s1 += v;
    s2 += v * v;
  }
  const a = 1 - 1 / n;
  const b = (-2 * s1) / n;
  const c = s2 - (s1 * s1) / n - n * stddev * stddev;
  const root = Math.sqrt(Math.max(0, b * b - 4 * a * c));
  const skewnessWith = (v: number): number => {
    const mean = (s1 + v) / n;
    let m2 = (v - mean) ** 2;
    let m3 = (v - mean) ** 3;
    for (const x of known) {
      m2 += (x - mean) ** 2;
      m3 += (x - mean) ** 3;
    }
    m2 /= n;
    return m3 / (n * m2 * Math.sqrt(m2));
  };
  const [high, low] = [(-b + root) / (2 * a), (-b - root) / (2 * a)];
  return Math.abs(skewnessWith(high) - skewness) <= Math.abs(skewnessWith(low) - skewness) ? high : low;
}

interface FileInputs {
  llds: Parameters<typeof computeFunctionalBlocks>[0];
  n60: number;
  excluded: Set<number>;
}

function blockInputs(csv: LldCsv, reference: Float64Array): FileInputs {
  const n60 = csv.columns[0].length - 1;
  const column = (name: string): Float32Array => csv.columns[csv.names.indexOf(name)];
  const excluded = new Set<number>();
  const contours = LLD_CSV_NAMES.slice(0, 65).map((name) => column(name));
  const deltas = LLD_CSV_NAMES.slice(65).map((name) => column(name));
  // B LLDs are CSV columns 10..64 (after 6 voicing and 4 energy LLDs)
  for (let j = 10; j < 65; j++) {
    const s = contours[j];
    const d = deltas[j];
    const extendedS = new Float32Array(n60 + 2);
    extendedS.set(s);
    // d[n−1] = (s[n] − s[n−2] + 2·(s[n+1] − s[n−3]))/10, solved for s[n+1]
    extendedS[n60 + 1] = (10 * d[n60 - 1] - (s[n60] - s[n60 - 2])) / 2 + s[n60 - 3];
    const deltaName = LLD_CSV_NAMES[65 + j];
    const stddevIndex = COMPARE_FEATURE_NAMES.indexOf(`${deltaName}_stddev`);
    const skewnessIndex = COMPARE_FEATURE_NAMES.indexOf(`${deltaName}_skewness`);
    const extendedD = new Float32Array(n60 + 2);
    extendedD.set(d);
    extendedD[n60 + 1] = solveLastFrame(d, reference[stddevIndex], reference[skewnessIndex]);
    excluded.add(stddevIndex).add(skewnessIndex);
    contours[j] = extendedS;
    deltas[j] = extendedD;
  }
  return {
    llds: {
      voicing: contours.slice(0, 6),
      energySpectral: contours.slice(6),
      voicingDeltas: deltas.slice(0, 6),
      energySpectralDeltas: deltas.slice(6),
    },
    n60,
    excluded,
  };
}

interface Tally {
  total: number;
  ok: number;
}
const tally = (map: Map<string, Tally>, key: string, ok: boolean): void => {
  const t = map.get(key) ?? { total: 0, ok: 0 };
  t.total++;
  if (ok) t.ok++;
  map.set(key, t);
};
const share = (t: Tally | undefined): number => (t === undefined || t.total === 0 ? 1 : t.ok / t.total);

test("functional blocks on openSMILE's LLDs reproduce openSMILE's functionals", { skip: SKIP_NO_SHARED }, () => {
  const csvs = readLldCsvs();
  assert.ok(csvs.length >= 8, `expected the 8 reference LLD CSVs, found ${csvs.length}`);
  const { names, rows } = readFunctionalsCsv();
  assert.deepEqual(names, COMPARE_FEATURE_NAMES);

  const perBlock = new Map<string, Tally>();
  const perFunctional = new Map<string, Tally>();
  const lpcLoose = new Map<string, Tally>();
  const failures: { error: number; file: string; name: string; value: number; reference: number }[] = [];
  for (const csv of csvs) {
    const reference = rows.get(csv.id);
    assert.ok(reference, `no functionals row for ${csv.id}`);
    const { llds, n60, excluded } = blockInputs(csv, reference);
    const ours = computeFunctionalBlocks(llds, blockFrameCounts(n60));
    assert.equal(ours.length, 6373);
    for (let i = 0; i < ours.length; i++) {
      assert.ok(Number.isFinite(ours[i]), `${COMPARE_FEATURE_NAMES[i]} is not finite`);
      if (excluded.has(i)) continue;
      const name = COMPARE_FEATURE_NAMES[i];
      const functional = functionalOf(name);
      const isLpc = LPC_FUNCTIONALS.has(functional);
      const ok = withinTolerance(ours[i], reference[i]);
      const block = blockOfFeature[i];
      tally(perBlock, isLpc ? `${block}/lpc` : block, ok);
      tally(perFunctional, `${block}:${functional}`, ok);
      if (isLpc) tally(lpcLoose, block, featureError(ours[i], reference[i]) <= 5e-2 || Math.abs(ours[i] - reference[i]) <= 1e-3);
      if (!ok) failures.push({ error: featureError(ours[i], reference[i]), file: csv.id, name, value: ours[i], reference: reference[i] });
    }
  }

  const lines = ['share within 1e-3 relative (LPC separately):'];
  for (const [key, t] of [...perBlock].sort()) lines.push(`  ${key.padEnd(9)} ${(100 * share(t)).toFixed(2).padStart(6)}%  (${t.ok}/${t.total})`);
  for (const [key, t] of lpcLoose) lines.push(`  ${key}/lpc within 5e-2 rel or 1e-3 abs: ${(100 * share(t)).toFixed(2)}%`);
  lines.push('functionals below 100%:');
  for (const [key, t] of [...perFunctional].filter(([, t]) => t.ok < t.total)) lines.push(`  ${key} ${t.ok}/${t.total}`);
  lines.push('worst 20:');
  failures.sort((a, b) => b.error - a.error);
  for (const f of failures.slice(0, 20)) lines.push(`  ${f.error.toExponential(2)} ${f.file} ${f.name} ours ${f.value} openSMILE ${f.reference}`);
  console.log(lines.join('\n'));

  const nonVoicingNonLpc = ['A', 'B', 'LLD', 'Delta'].reduce((acc, b) => ({ total: acc.total + (perBlock.get(b)?.total ?? 0), ok: acc.ok + (perBlock.get(b)?.ok ?? 0) }), {
    total: 0,
    ok: 0,
  });
  assert.ok(share(nonVoicingNonLpc) >= 0.995, `energy/spectral non-LPC: ${share(nonVoicingNonLpc)}`);
  assert.ok(share(perBlock.get('LLD')) >= 0.999, 'LLD block');
  assert.ok(share(perBlock.get('Delta')) >= 0.995, 'Delta block');
  assert.ok(share(perBlock.get('A')) >= 0.99, 'block A');
  assert.ok(share(perBlock.get('B')) >= 0.99, 'block B');
  assert.ok(share(perBlock.get('F0')) === 1, 'F0 block');
  assert.ok(share(perBlock.get('Nz')) >= 0.995, 'voicing block');
  for (const block of ['A', 'B', 'Nz']) assert.ok(share(perBlock.get(`${block}/lpc`)) >= 0.7, `${block} LPC within 1e-3`);
  for (const [block, t] of lpcLoose) assert.ok(share(t) >= 0.99, `${block} LPC within 5e-2: ${share(t)}`);
});
