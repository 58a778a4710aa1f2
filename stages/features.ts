import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { COMPARE_FEATURE_NAMES } from '../dsp/compare/featureNames.js';
import { FeatureWriter } from '../data/featureStore.js';
import { extractAll, type InputFile } from '../data/features/extractAll.js';
import { withExtractor } from '../data/features/extractPool.js';
import { readUtterances, type UtteranceRow } from '../data/utterances.js';
import { utteranceLists } from './layout.js';
import type { featuresDeclaration } from './declarations.js';
import type { ContextOf } from './types.js';

type Ctx = ContextOf<typeof featuresDeclaration>;

export async function run(ctx: Ctx): Promise<void> {
  const rows: UtteranceRow[] = [];
  for (const csv of utteranceLists(ctx.inputDir)) if (existsSync(csv)) rows.push(...(await readUtterances(csv)));
  const exclude = new Set(ctx.config.features.excludeSets);
  const sets = [...new Set(rows.map((r) => r.set))].filter((s) => !exclude.has(s)).sort();
  const work = rows.filter((r) => sets.includes(r.set));
  const progress = ctx.progress('extracting ComParE features', work.length, 'files');
  const rejected: { set: string; id: string; path: string; reason: string }[] = [];
  let audioSeconds = 0;
  const started = Date.now();
  try {
    await withExtractor(ctx.jobs, work.length, async (extractor) => {
      for (const set of sets) {
        const writer = new FeatureWriter(join(ctx.outDir, `${set}.arrow`), COMPARE_FEATURE_NAMES);
        const inputs = work.filter((r) => r.set === set).map((row) => ({ name: row.id, path: join(ctx.runDir, row.audio), source: row.path }));
        const onSkip = (input: InputFile, reason: string) => rejected.push({ set, id: input.name, path: input.source!, reason });
        await extractAll(inputs, { extractor, progress, log: ctx.log, signal: ctx.signal, onSkip }, (input, result) => {
          audioSeconds += result.durationS;
          writer.add(input.name, result.functionals);
        });
        await writer.close();
      }
    });
  } finally {
    progress.done();
  }
  await writeFile(join(ctx.outDir, 'rejected.csv'), stringify(rejected, { header: true, columns: ['set', 'id', 'path', 'reason'] }));
  const seconds = (Date.now() - started) / 1000;
  ctx.log.info(
    `${work.length - rejected.length} files, ${(audioSeconds / 60).toFixed(1)} min of audio in ${seconds.toFixed(1)} s (${(audioSeconds / seconds).toFixed(0)}× real time on ${ctx.jobs} workers)`,
  );
  if (rejected.length) ctx.log.warn(`${rejected.length} files had no features, reasons in features/rejected.csv`);
}
