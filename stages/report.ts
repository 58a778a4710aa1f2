import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ffmpegPath } from '../data/audio/ffmpeg.js';
import { readRunUtterances } from '../data/labelledSets.js';
import { renderReport } from '../report/renderReport.js';
import type { Attribute, ConditionRow, EmbeddingRow, HistoryRow, ModelName, SummaryRow } from '../report/types.js';
import { targetAttributes } from './trainRun.js';
import { STAGE_ORDER, type Stage, type StageContext, type StageName } from './types.js';

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
    ffmpeg = execFileSync(ffmpegPath(), ['-version'], { encoding: 'utf8' }).split('\n')[0].replace(/^ffmpeg version /, '').split(' ')[0];
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
async function trainingHistory(ctx: StageContext): Promise<HistoryRow[]> {
  const runs = await csv<{ model: ModelName; target: Attribute | 'multitask'; condition: string; seed: number; dir: string }>(join(ctx.inputDir('train'), 'runs.csv'));
  const rows: HistoryRow[] = [];
  for (const r of runs.filter((x) => x.model !== 'dense_adabn')) {
    const history = await csv<{ epoch: number; loss_total: number; loss_rec: number | ''; dev_ccc_each: string | number }>(join(ctx.runDir, r.dir, 'history.csv'));
    const attributes = targetAttributes(r.target);
    for (const h of history) {
      const each = String(h.dev_ccc_each).split(' ').map(Number);
      attributes.forEach((attribute, k) =>
        rows.push({ model: r.model, attribute, condition: r.condition, seed: r.seed, epoch: h.epoch, trainLoss: h.loss_total, reconLoss: h.loss_rec === '' ? NaN : h.loss_rec, devCcc: each[k] }),
      );
    }
  }
  return rows;
}

async function run(ctx: StageContext): Promise<void> {
  const conditions = (await csv<{ condition: string; speech_distance_in: number; noise_distance_in: number; estimated_snr_db: number }>(join(ctx.inputDir('calibrate'), 'conditions.csv'))).map(
    (c): ConditionRow => ({ name: String(c.condition), speechDistanceIn: c.speech_distance_in, noiseDistanceIn: c.noise_distance_in, estimatedSnrDb: c.estimated_snr_db }),
  );
  const summary = JSON.parse(await readFile(join(ctx.inputDir('evaluate'), 'summary.json'), 'utf8'), (_k, v: unknown) => (v === null ? NaN : v)) as SummaryRow[];
  const embedding = (await csv<EmbeddingRow>(join(ctx.inputDir('evaluate'), 'embedding.csv'))).map((e) => ({ ...e, condition: String(e.condition) }));
  const utterances = await readRunUtterances(ctx.runDir);
  const setSizes = [...utterances].sort(([a], [b]) => a.localeCompare(b)).map(([set, rows]) => ({ set, utterances: rows.size, speakers: new Set([...rows.values()].map((r) => r.speaker)).size }));
  const stageTimings = ctx
    .stageRecords()
    .filter((r) => r.stage !== 'report')
    .sort((a, b) => STAGE_ORDER.indexOf(a.stage as StageName) - STAGE_ORDER.indexOf(b.stage as StageName))
    .map((r) => ({ stage: r.stage, seconds: r.seconds, status: r.state }));
  const simulation = existsSync(join(ctx.inputDir('simulate'), 'conditions.json'))
    ? (JSON.parse(await readFile(join(ctx.inputDir('simulate'), 'conditions.json'), 'utf8')) as { unlabelledSource: string; noisePool: string })
    : undefined;
  const rendered = await renderReport(
    {
      header: {
        title: simulation ? `Run report (unlabelled pool: ${simulation.unlabelledSource}; noise: ${simulation.noisePool})` : undefined,
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
  ctx.log.info(`report written: ${join(ctx.runDir, 'report', 'report.html')} (${rendered.figures.length} figures)`);
}

export const reportStage: Stage = {
  name: 'report',
  description: "Writes the run's report: Table 1 (conditions, calibrated SNR), Table 2 (CCC with † and * significance marks), Figure 3, training curves and CCC against SNR as SVG, with the config, corpus sizes, timings and versions",
  inputs: 'calibrate/conditions.csv, evaluate/summary.json and embedding.csv, the training histories',
  outputs: 'report/report.md, report/report.html (self-contained), report/figures/*.svg',
  dependsOn: ['calibrate', 'train', 'evaluate'],
  configSections: ['evaluate'],
  version: 1,
  run,
};
