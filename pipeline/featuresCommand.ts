import { createWriteStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join, relative, resolve } from 'node:path';
import { listAudioFiles, idOf } from '../data/corpus/listCorpus.js';
import { FeatureWriter } from '../data/featureStore.js';
import { COMPARE_FEATURE_NAMES, LLD_CSV_NAMES } from '../dsp/compare/featureNames.js';
import { extractFiles, type InputFile } from './extractFiles.js';
import { makeLogger } from './logger.js';
import { prepareOutputFile } from './outputPaths.js';
import { UsageError } from './usageError.js';

/** A value as openSMILE's CSV writes it: whole numbers as integers, others as C's `%e` (6 decimals, 2-digit exponent). */
export function formatValue(x: number): string {
  if (Number.isInteger(x)) return String(x);
  // JavaScript writes the exponent's sign but as few digits as it needs ("1.5e+0"): pad a single one.
  const s = x.toExponential(6);
  const e = s.indexOf('e');
  return s.length - e === 3 ? `${s.slice(0, e + 2)}0${s.slice(e + 2)}` : s;
}

/**
 * Expands files and folders into inputs; names are folder-relative paths without extension. A
 * folder's broken symlinks stay in the list with the reason, to be reported with the other failures.
 */
export async function expandInputs(paths: string[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const p of paths) {
    // A missing file stays in the list: decoding reports it and the others go on.
    if (!existsSync(p) || !statSync(p).isDirectory()) {
      out.push({ name: idOf(p.split('/').pop()!), path: p });
      continue;
    }
    const listing = await listAudioFiles(p);
    for (const f of listing.files) out.push({ name: idOf(f), path: join(p, f) });
    for (const r of listing.rejected) out.push({ name: idOf(relative(p, r.path)), path: r.path, problem: r.reason });
  }
  return out;
}

class LineWriter {
  private readonly stream;
  constructor(path: string) {
    this.stream = createWriteStream(path);
  }
  async write(line: string): Promise<void> {
    if (!this.stream.write(line + '\n')) await once(this.stream, 'drain');
  }
  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/**
 * `pipeline features PATH… --out FILE.{arrow,csv} [--lld FILE.csv]`: openSMILE's ComParE_2016
 * output for any audio files, so existing SMILExtract scripts can swap us in. The CSV layouts are
 * openSMILE's: `name;frameTime;` then the features, `;`-separated, names in single quotes.
 */
export async function featuresCommand(args: { paths: string[]; out: string; lld?: string; jobs: number }): Promise<number> {
  if (!/\.(arrow|csv)$/.test(args.out)) throw new UsageError(`--out must end in .arrow or .csv: ${args.out}`);
  if (args.lld && resolve(args.lld) === resolve(args.out)) throw new UsageError(`--lld and --out name the same file: ${args.out}`);
  prepareOutputFile(args.out, '--out');
  if (args.lld) prepareOutputFile(args.lld, '--lld');
  const inputs = await expandInputs(args.paths);
  const log = makeLogger(undefined, 'features');
  const arrow = args.out.endsWith('.arrow') ? new FeatureWriter(args.out, COMPARE_FEATURE_NAMES) : undefined;
  const csv = arrow ? undefined : new LineWriter(args.out);
  const lld = args.lld ? new LineWriter(args.lld) : undefined;
  await csv?.write(['name', 'frameTime', ...COMPARE_FEATURE_NAMES].join(';'));
  await lld?.write(['name', 'frameTime', ...LLD_CSV_NAMES].join(';'));
  let failed: number;
  try {
    failed = await extractFiles(inputs, { jobs: args.jobs, lld: Boolean(lld), label: 'extracting ComParE features', log }, async (input, result) => {
      arrow?.add(input.name, result.functionals);
      await csv?.write([`'${input.name}'`, '0.000000', ...Array.from(result.functionals, formatValue)].join(';'));
      if (lld && result.lld) {
        const { frameTimesS, columns } = result.lld;
        for (let t = 0; t < frameTimesS.length; t++) await lld.write([`'${input.name}'`, frameTimesS[t].toFixed(6), ...columns.map((c) => formatValue(c[t]))].join(';'));
      }
    });
  } finally {
    await arrow?.close();
    await csv?.close();
    await lld?.close();
  }
  log.info(`${inputs.length - failed} of ${inputs.length} files written to ${args.out}${failed ? ` (${failed} skipped, reasons above)` : ''}`);
  return failed === inputs.length ? 1 : 0;
}
