import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ffmpegPath } from '../data/audio/ffmpeg.js';
import { readRunUtterances } from '../data/labelledSets.js';
import { renderReport } from '../report/renderReport.js';
import type { ConditionRow, EmbeddingRow, HistoryRow, SummaryRow } from '../report/types.js';
import { ADAPTED_FROM } from '../models/names.js';
import { readRuns, RUN_FILES, RUNS_CSV, targetAttributes } from './runGrid.js';
import { utteranceLists } from './layout.js';
import type { reportDeclaration } from './declarations.js';
import type { ContextOf } from './types.js';

// The report prints the config that made its results: every section but the cluster's (where runs trained, not what they are).
type Ctx = ContextOf<typeof reportDeclaration>;

const require = createRequire(import.meta.url);

/** A dependency's version from its package.json (found next to its entry point: some packages don't export the file). */
function packageVersion(name: string): string {
  try {
    let dir = dirname(require.resolve(name));
    while (!existsSync(join(dir, 'package.json')) || !dir.includes(name)) dir = dirname(dir);
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

async function softwareVersions(): Promise<Record<string, string>> {
  const { execFileSync } = await import('node:child_process');
  let ffmpeg: string;
  try {
    ffmpeg = execFileSync(ffmpegPath(), ['-version'], { encoding: 'utf8' })
      .split('\n')[0]
      .replace(/^ffmpeg version /, '')
      .split(' ')[0];
  } catch {
    ffmpeg = 'not found';
  }
  const own = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  return {
    [own.name]: own.version,
    node: process.versions.node,
    'onnxruntime-node': packageVersion('onnxruntime-node'),
    'apache-arrow': packageVersion('apache-arrow'),
    'vega-lite': packageVersion('vega-lite'),
    ffmpeg,
  };
}

const csv = async <T>(path: string): Promise<T[]> => (existsSync(path) ? parse<T>(await readFile(path, 'utf8'), { columns: true, cast: true }) : []);

/** Every epoch of every training run, with the attribute(s) it was trained for. */
async function trainingHistory(ctx: Ctx): Promise<HistoryRow[]> {
  const runs = await readRuns(join(ctx.inputDir('train'), RUNS_CSV), ctx.runDir);
  const rows: HistoryRow[] = [];
  // Adapted models (AdaBN) were not trained: their history is the trained model's.
  for (const r of runs.filter((x) => !(x.model in ADAPTED_FROM))) {
    const history = await csv<{ epoch: number; loss_total: number; loss_rec: number | ''; dev_ccc_each: string | number }>(join(r.dir, RUN_FILES.history));
    const attributes = targetAttributes(r.target);
    for (const h of history) {
      const each = String(h.dev_ccc_each).split(' ').map(Number);
      attributes.forEach((attribute, k) =>
        rows.push({
          model: r.model,
          attribute,
          condition: r.condition,
          seed: r.seed,
          epoch: h.epoch,
          trainLoss: h.loss_total,
          reconLoss: h.loss_rec === '' ? NaN : h.loss_rec,
          devCcc: each[k],
        }),
      );
    }
  }
  return rows;
}

export async function run(ctx: Ctx): Promise<void> {
  const conditions = (
    await csv<{ condition: string; speech_distance_in: number; noise_distance_in: number; estimated_snr_db: number }>(join(ctx.inputDir('calibrate'), 'conditions.csv'))
  ).map((c): ConditionRow => ({ name: String(c.condition), speechDistanceIn: c.speech_distance_in, noiseDistanceIn: c.noise_distance_in, estimatedSnrDb: c.estimated_snr_db }));
  const summary = JSON.parse(await readFile(join(ctx.inputDir('evaluate'), 'summary.json'), 'utf8'), (_k, v: unknown) => (v === null ? NaN : v)) as SummaryRow[];
  const embedding = (await csv<EmbeddingRow>(join(ctx.inputDir('evaluate'), 'embedding.csv'))).map((e) => ({ ...e, condition: String(e.condition) }));
  const utterances = await readRunUtterances(utteranceLists(ctx.inputDir));
  const setSizes = [...utterances]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([set, rows]) => ({ set, utterances: rows.size, speakers: new Set([...rows.values()].map((r) => r.speaker)).size }));
  const stageTimings = ctx
    .stageRecords()
    .filter((r) => r.stage !== 'report')
    .map((r) => ({ stage: r.stage, seconds: r.seconds, status: r.state }));
  const simulation = existsSync(join(ctx.inputDir('simulate'), 'conditions.json'))
    ? (JSON.parse(await readFile(join(ctx.inputDir('simulate'), 'conditions.json'), 'utf8')) as {
        unlabelledSource: string;
        noisePool: string;
        noiseSplit?: Record<'training' | 'test', { source: string; files: string[]; seconds: number }>;
      })
    : undefined;
  // Multi-condition training: which noise the booth copies of the labelled sets played, kept apart from the test side's.
  const split = simulation?.noiseSplit;
  const side = (s: { files: string[]; seconds: number }) => `${s.files.length} file${s.files.length === 1 ? '' : 's'}, ${s.seconds.toFixed(0)} s`;
  const trainingNoise = split ? `; MCT training noise: ${split.training.source} (${side(split.training)}), test side ${side(split.test)}, no file shared` : '';
  const rendered = await renderReport(
    {
      header: {
        title: simulation ? `Run report (unlabelled pool: ${simulation.unlabelledSource}; noise: ${simulation.noisePool}${trainingNoise})` : undefined,
        config: ctx.config,
        setSizes,
        stageTimings,
        softwareVersions: await softwareVersions(),
        generatedAt: new Date().toISOString(),
      },
      conditions,
      summary,
      history: await trainingHistory(ctx),
      embedding,
    },
    { alpha: ctx.config.evaluate.alpha, lateEpochFraction: ctx.config.train.convergenceWarnFraction },
  );
  await mkdir(join(ctx.outDir, 'figures'), { recursive: true });
  for (const f of rendered.figures) await writeFile(join(ctx.outDir, 'figures', f.fileName), f.svg);
  await writeFile(join(ctx.outDir, 'report.md'), rendered.markdown);
  await writeFile(join(ctx.outDir, 'report.html'), rendered.html);
  ctx.log.info(`report written: ${join(ctx.publishedDir, 'report.html')} (${rendered.figures.length} figures)`);
}
