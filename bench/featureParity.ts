import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAudio } from '../data/audio/decodeAudio.js';
import { toOpenSmileScale } from '../data/features/extractWorker.js';
import { extractCompareFunctionals } from '../dsp/compare/extract.js';
import { COMPARE_FEATURE_NAMES, FUNCTIONAL_BLOCKS, type FunctionalBlock } from '../dsp/compare/featureNames.js';
import { HAVE_SHARED, SHARED_DIR } from './support.js';
import { sampleCorrelation } from 'simple-statistics';

/** Issue 3's tolerances: relative error per file, absolute where openSMILE printed exactly 0. */
const RELATIVE_TOLERANCE = 1e-3;
const ABSOLUTE_TOLERANCE_AT_ZERO = 1e-6;
const GOALS = { plainWithinShare: 0.99, plainMinR: 0.99, voicingMinR: 0.95, voicingShare: 0.9 };
const VOICING_BLOCKS: ReadonlySet<FunctionalBlock['id']> = new Set(['Nz', 'F0']);

interface FeatureAgreement {
  /** Position in COMPARE_FEATURE_NAMES. */
  readonly index: number;
  readonly name: string;
  readonly block: FunctionalBlock['id'];
  /** The LLD the feature summarises, without suffixes or band index (e.g. `mfcc`, `F0final`). */
  readonly family: string;
  /** Share of files within tolerance. */
  readonly withinShare: number;
  readonly maxRelativeError: number;
  /** Pearson r across files; where one side is constant: 1 if they agree on every file, else NaN. */
  readonly r: number;
}

/** Reference rows keyed by path relative to SHARED_DIR/data (the CSV's `name` column, unquoted). */
function readReference(): Map<string, Float64Array> {
  const lines = readFileSync(join(SHARED_DIR, 'reference', 'opensmile', 'functionals.csv'), 'utf8')
    .trim()
    .split('\n');
  const names = lines[0].split(';').slice(2);
  if (names.length !== COMPARE_FEATURE_NAMES.length || names.some((n, i) => n !== COMPARE_FEATURE_NAMES[i])) {
    throw new Error('functionals.csv columns are not COMPARE_FEATURE_NAMES');
  }
  const rows = new Map<string, Float64Array>();
  for (const line of lines.slice(1)) {
    const parts = line.split(';');
    rows.set(parts[0].replace(/'/g, ''), Float64Array.from(parts.slice(2), Number));
  }
  return rows;
}

function relativeError(value: number, reference: number): number {
  return reference === 0 ? Math.abs(value) : Math.abs(value - reference) / Math.abs(reference);
}

function withinTolerance(value: number, reference: number): boolean {
  return relativeError(value, reference) <= (reference === 0 ? ABSOLUTE_TOLERANCE_AT_ZERO : RELATIVE_TOLERANCE);
}

/** Pearson correlation (simple-statistics' sample correlation: the n − 1 factors cancel). */
const pearson = (a: ArrayLike<number>, b: ArrayLike<number>): number => sampleCorrelation(Array.from(a), Array.from(b));

/** Feature index → block and LLD family, from the block layout that also generates the names. */
function featureLayout(): { block: FunctionalBlock['id']; family: string }[] {
  return FUNCTIONAL_BLOCKS.flatMap((block) =>
    block.inputs.flatMap((input) => {
      const family = input.replace(/\[\d+\]$/, '').replace(/_sma(_de|_ff0)?$/, '');
      return block.set.names.map(() => ({ block: block.id, family }));
    }),
  );
}

function agreement(ours: Float32Array[], reference: Float64Array[]): FeatureAgreement[] {
  const layout = featureLayout();
  return COMPARE_FEATURE_NAMES.map((name, j) => {
    const a = ours.map((row) => row[j]);
    const b = reference.map((row) => row[j]);
    const within = a.filter((v, f) => withinTolerance(v, b[f])).length;
    const maxRelativeError = Math.max(...a.map((v, f) => relativeError(v, b[f])));
    const constant = (xs: number[]): boolean => xs.every((x) => x === xs[0]);
    const r = constant(a) || constant(b) ? (within === a.length ? 1 : NaN) : pearson(a, b);
    return { index: j, name, ...layout[j], withinShare: within / a.length, maxRelativeError, r };
  });
}

function summaryLine(label: string, features: readonly FeatureAgreement[]): string {
  const allFiles = features.filter((f) => f.withinShare === 1).length;
  // NaN (no correlation to speak of, and no agreement) ranks lowest.
  const sortedR = features.map((f) => (Number.isNaN(f.r) ? -Infinity : f.r)).sort((x, y) => x - y);
  const minR = sortedR[0];
  const medianR = sortedR[Math.floor(sortedR.length / 2)];
  return (
    `${label.padEnd(34)} ${String(features.length).padStart(5)}  within 1e-3 on every file ${(100 * (allFiles / features.length)).toFixed(1).padStart(5)}%` +
    `  r median ${medianR.toFixed(4)} min ${Number.isFinite(minR) ? minR.toFixed(4) : 'n/a'}`
  );
}

function groupBy<K>(features: readonly FeatureAgreement[], key: (f: FeatureAgreement) => K): Map<K, FeatureAgreement[]> {
  const groups = new Map<K, FeatureAgreement[]>();
  for (const f of features) {
    const k = key(f);
    const list = groups.get(k);
    if (list) list.push(f);
    else groups.set(k, [f]);
  }
  return groups;
}

/**
 * End-to-end parity with openSMILE's ComParE_2016 functionals on every reference file (issue 3):
 * per-feature agreement across files, summarised per LLD family and per functional block, the worst
 * 20 features, and the two goals.
 */
export async function featureParityBench(): Promise<void> {
  console.log('## ComParE parity with openSMILE (functionals of every reference file)');
  if (!HAVE_SHARED) {
    console.log(`skipped: ${SHARED_DIR} not found (the openSMILE reference and its audio live there)`);
    return;
  }
  const reference = readReference();
  const ours: Float32Array[] = [];
  const theirs: Float64Array[] = [];
  for (const [file, row] of reference) {
    const { samples } = await decodeAudio(join(SHARED_DIR, 'data', file));
    ours.push(extractCompareFunctionals(toOpenSmileScale(samples)));
    theirs.push(row);
  }
  const features = agreement(ours, theirs);
  console.log(`${theirs.length} files, ${features.length} features; tolerance ${RELATIVE_TOLERANCE} relative (${ABSOLUTE_TOLERANCE_AT_ZERO} absolute where openSMILE gives 0)`);

  console.log('\nper functional block:');
  for (const [block, list] of groupBy(features, (f) => f.block)) console.log('  ' + summaryLine(block, list));
  console.log('\nper LLD family:');
  for (const [family, list] of groupBy(features, (f) => f.family)) console.log('  ' + summaryLine(family, list));

  console.log('\nworst 20 features (fewest files within tolerance, then lowest r):');
  const rank = (f: FeatureAgreement): number => (Number.isNaN(f.r) ? -Infinity : f.r);
  const worst = [...features].sort((x, y) => x.withinShare - y.withinShare || rank(x) - rank(y)).slice(0, 20);
  for (const f of worst) {
    console.log(
      `  ${f.name.padEnd(52)} block ${f.block.padEnd(5)} within on ${(100 * f.withinShare).toFixed(0).padStart(3)}% of files` +
        `  max rel err ${f.maxRelativeError.toExponential(2)}  r ${Number.isNaN(f.r) ? 'n/a' : f.r.toFixed(4)}`,
    );
  }

  const plain = features.filter((f) => !VOICING_BLOCKS.has(f.block));
  // The LPC coefficients of smooth contours are ill-conditioned (notes §8): shown apart as well.
  const isLpc = (f: FeatureAgreement): boolean => /_lp(gain|c\d)$/.test(f.name);
  const perFileShares = ours.map((row, file) => plain.filter(({ index: j }) => withinTolerance(row[j], theirs[file][j])).length / plain.length).sort((x, y) => x - y);
  const nonLpc = plain.filter((f) => !isLpc(f));
  const voicing = features.filter((f) => VOICING_BLOCKS.has(f.block));
  const plainWithin = plain.filter((f) => f.withinShare === 1).length / plain.length;
  const plainLowR = plain.filter((f) => !(f.r >= GOALS.plainMinR)).length;
  const voicingGoodR = voicing.filter((f) => f.r >= GOALS.voicingMinR).length / voicing.length;
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  const share = (list: readonly FeatureAgreement[]): string => `${(100 * (list.filter((f) => f.withinShare === 1).length / list.length)).toFixed(2)}%`;
  console.log(
    `\nenergy/spectral/MFCC features within 1e-3 on every file: ${share(plain)} of all ${plain.length}, ` +
      `${share(nonLpc)} of the ${nonLpc.length} without LPC, ${share(plain.filter(isLpc))} of the ${plain.length - nonLpc.length} LPC ones; ` +
      `per file, the share within 1e-3 is ${(100 * perFileShares[0]).toFixed(2)}% at worst, ${(100 * perFileShares[perFileShares.length >> 1]).toFixed(2)}% median`,
  );
  console.log('\ngoals (issue 3):');
  console.log(
    `  ${plain.length} energy/spectral/MFCC features: ${(100 * plainWithin).toFixed(2)}% within 1e-3 on every file (goal ≥ ${100 * GOALS.plainWithinShare}%), ` +
      `${plainLowR} with r < ${GOALS.plainMinR} (goal: none): ${verdict(plainWithin >= GOALS.plainWithinShare && plainLowR === 0)}`,
  );
  console.log(
    `  ${voicing.length} voicing features: ${(100 * voicingGoodR).toFixed(2)}% with r ≥ ${GOALS.voicingMinR} (goal ≥ ${100 * GOALS.voicingShare}%): ${verdict(voicingGoodR >= GOALS.voicingShare)}; ` +
      `${share(voicing)} within 1e-3 on every file`,
  );
}
