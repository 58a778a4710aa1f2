import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FeatureWriter, readFeatureMatrix } from '../data/featureStore.js';
import { normalizeAndClip, robustStats } from '../stats/robustNormalization.js';
import type { normalizeDeclaration } from './declarations.js';
import type { ContextOf } from './types.js';

type Ctx = ContextOf<typeof normalizeDeclaration>;

export async function run(ctx: Ctx): Promise<void> {
  const { lowerPercentile, upperPercentile, clip } = ctx.config.normalize;
  const featuresDir = ctx.inputDir('features');
  const trainPath = join(featuresDir, 'train.arrow');
  if (!existsSync(trainPath)) throw new Error("normalisation needs the train set's features (features/train.arrow), and there are none");
  const train = await readFeatureMatrix(trainPath);
  if (train.ids.length < 2) throw new Error(`the train set has ${train.ids.length} utterances with features; normalisation needs at least 2`);
  const stats = robustStats(train.values, train.ids.length, train.names.length, lowerPercentile, upperPercentile);
  const constant = Array.from(stats.std).filter((s, j) => s === 1 && stats.lowerPercentileValue[j] === stats.upperPercentileValue[j]).length;
  await writeFile(
    join(ctx.outDir, 'stats.json'),
    JSON.stringify({
      source: 'train',
      utterances: train.ids.length,
      lowerPercentile,
      upperPercentile,
      clip,
      names: train.names,
      mean: Array.from(stats.mean),
      std: Array.from(stats.std),
    }) + '\n',
  );
  const files = (await readdir(featuresDir)).filter((f) => f.endsWith('.arrow')).sort();
  for (const file of files) {
    const set = file === 'train.arrow' ? train : await readFeatureMatrix(join(featuresDir, file));
    const z = normalizeAndClip(set.values, set.names.length, stats, clip);
    const writer = new FeatureWriter(join(ctx.outDir, file), set.names);
    for (let i = 0; i < set.ids.length; i++) writer.add(set.ids[i], z.subarray(i * set.names.length, (i + 1) * set.names.length));
    await writer.close();
  }
  ctx.log.info(`statistics from ${train.ids.length} train utterances; ${constant} constant features (std set to 1); ${files.length} sets normalised`);
}
