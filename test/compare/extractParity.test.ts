/**
 * End to end: audio → our LLDs → smoothing, deltas, functionals, against openSMILE's functionals
 * for three reference files. LPC coefficients are ill-conditioned for smooth contours: a one-ulp
 * difference in a float32 contour moves them by up to a few percent. They are checked separately:
 * nearly all within 5e-2, and most within the 1e-3 of the other features now that the spectra
 * and auditory bands are computed in openSMILE's float32 (notes §8).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractCompareFunctionals } from '../../dsp/compare/extract.js';
import { COMPARE_FEATURE_NAMES, FUNCTIONAL_BLOCKS } from '../../dsp/compare/featureNames.js';
import { SHARED_DIR, SKIP_NO_SHARED } from '../support/paths.js';
import { readFunctionalsCsv, readWavAsOpenSmile } from './openSmileReference.js';

const FILES = ['emotion/Audios/03-01-01-01-01-01-01.wav', 'emotion/Audios/03-01-05-01-02-01-19.wav', 'noisy-snr/noisy/noizeus_sp01_car_sn10.wav'];
const VOICING_BLOCKS = new Set(['Nz', 'F0']);
const isVoicing = FUNCTIONAL_BLOCKS.flatMap((b) => b.inputs.flatMap(() => b.set.names.map(() => VOICING_BLOCKS.has(b.id))));
const isLpc = COMPARE_FEATURE_NAMES.map((name) => /_lp(gain|c\d)$/.test(name));

const relativeError = (value: number, reference: number): number =>
  reference === 0 ? Math.abs(value) : Math.abs(value - reference) / Math.abs(reference);

test('extractCompareFunctionals matches openSMILE on reference audio', { skip: SKIP_NO_SHARED }, () => {
  const { rows } = readFunctionalsCsv();
  for (const file of FILES) {
    const path = resolve(SHARED_DIR, 'data', file);
    assert.ok(existsSync(path), path);
    const reference = rows.get(file.slice(file.lastIndexOf('/') + 1, -'.wav'.length));
    assert.ok(reference, file);
    const ours = extractCompareFunctionals(readWavAsOpenSmile(path));
    const counts = { plain: [0, 0], lpc: [0, 0], lpcTight: [0, 0], voicing: [0, 0] };
    for (let i = 0; i < ours.length; i++) {
      assert.ok(Number.isFinite(ours[i]), `${file}: ${COMPARE_FEATURE_NAMES[i]}`);
      const error = relativeError(ours[i], reference[i]);
      const tolerance = reference[i] === 0 ? 1e-6 : 1e-3;
      const group = isVoicing[i] ? counts.voicing : isLpc[i] ? counts.lpc : counts.plain;
      group[0]++;
      if (isLpc[i] && !isVoicing[i] ? error <= 5e-2 || Math.abs(ours[i] - reference[i]) <= 1e-3 : error <= tolerance) group[1]++;
      if (isLpc[i] && !isVoicing[i]) {
        counts.lpcTight[0]++;
        if (error <= tolerance) counts.lpcTight[1]++;
      }
    }
    const share = (c: number[]): number => c[1] / c[0];
    console.log(`${file}: energy/spectral non-LPC ${(100 * share(counts.plain)).toFixed(2)}%, LPC within 5e-2 ${(100 * share(counts.lpc)).toFixed(2)}%, within 1e-3 ${(100 * share(counts.lpcTight)).toFixed(2)}%, voicing ${(100 * share(counts.voicing)).toFixed(2)}%`);
    assert.ok(share(counts.plain) >= 0.999, `${file} energy/spectral`);
    assert.ok(share(counts.lpc) >= 0.99, `${file} LPC`);
    // With float64 spectra this was about half of them (the benchmark's LPC share: 40% on all 84 files).
    assert.ok(share(counts.lpcTight) >= 0.99, `${file} LPC within 1e-3`);
    assert.ok(share(counts.voicing) >= 0.99, `${file} voicing`);
  }
});
