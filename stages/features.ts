import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { COMPARE_FEATURE_NAMES } from '../dsp/compare/featureNames.js';
import { FeatureWriter } from '../data/featureStore.js';
import { ExtractPool, inOrder } from '../data/features/extractPool.js';
import type { ExtractResult } from '../data/features/extractWorker.js';
import { readUtterances, type UtteranceRow } from '../data/utterances.js';
import { AUDIO_STAGES, utteranceLists } from './layout.js';
import { defineStage, type StageContext } from './types.js';

const CONFIG = ['features'] as const;
type Ctx = StageContext<(typeof CONFIG)[number]>;

async function run(ctx: Ctx): Promise<void> {
  const rows: UtteranceRow[] = [];
  for (const csv of utteranceLists(ctx.inputDir)) if (existsSync(csv)) rows.push(...(await readUtterances(csv)));
  const exclude = new Set(ctx.config.features.excludeSets);
  const sets = [...new Set(rows.map((r) => r.set))].filter((s) => !exclude.has(s)).sort();
  const work = rows.filter((r) => sets.includes(r.set));
  const pool = new ExtractPool(Math.max(1, ctx.jobs));
  const progress = ctx.progress('extracting ComParE features', work.length, 'files');
  const rejected: { set: string; id: string; path: string; reason: string }[] = [];
  let audioSeconds = 0;
  const started = Date.now();
  try {
    for (const set of sets) {
      const writer = new FeatureWriter(join(ctx.outDir, `${set}.arrow`), COMPARE_FEATURE_NAMES);
      await inOrder(
        work.filter((r) => r.set === set),
        4 * ctx.jobs,
        (row) => pool.run({ path: join(ctx.runDir, row.audio), source: row.path }, ctx.signal).catch((e: Error) => e),
        (row, result: ExtractResult | Error) => {
          progress.tick();
          if (result instanceof Error) {
            if (ctx.signal.aborted) throw ctx.signal.reason as Error;
            rejected.push({ set, id: row.id, path: row.path, reason: result.message });
            return;
          }
          for (const warning of result.warnings) ctx.log.warn(warning);
          if (!result.functionals.every(Number.isFinite)) {
            // Never expected (the extractor maps every edge case to openSMILE's values); kept out of the store if it happens.
            rejected.push({ set, id: row.id, path: row.path, reason: 'non-finite feature values (an extractor bug: please report it with this file)' });
            return;
          }
          audioSeconds += result.durationS;
          writer.add(row.id, result.functionals);
        },
      );
      await writer.close();
    }
  } finally {
    progress.done();
    await pool.close();
  }
  await writeFile(join(ctx.outDir, 'rejected.csv'), stringify(rejected, { header: true, columns: ['set', 'id', 'path', 'reason'] }));
  const seconds = (Date.now() - started) / 1000;
  ctx.log.info(`${work.length - rejected.length} files, ${(audioSeconds / 60).toFixed(1)} min of audio in ${seconds.toFixed(1)} s (${(audioSeconds / seconds).toFixed(0)}× real time on ${ctx.jobs} workers)`);
  if (rejected.length) ctx.log.warn(`${rejected.length} files had no features, reasons in features/rejected.csv`);
}

export const featuresStage = defineStage({
  name: 'features',
  description: 'Extracts the 6,373 ComParE_2016 functionals of every set, in parallel across cores',
  // Also the audio the lists name (simulate/audio/, the decoded corpus in cache/).
  inputs: ['ingest/utterances.csv', 'simulate/utterances.csv', 'calibrate/utterances.csv', 'simulate/audio/*/*.wav'],
  outputs: ['features/*.arrow', 'features/rejected.csv'],
  dependsOn: [...AUDIO_STAGES],
  configSections: CONFIG,
  version: 2,
  run,
});
