import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../stages/configSchema.js';
import { computeStatus } from '../runner.js';
import { CROSSVAL_FILES, crossvalDir, foldConfig, foldDir, foldsOf } from './layout.js';
import { foldSources } from './summarizeFolds.js';

/** `pipeline status` of a cross-validated run: each stage's state in every fold, then whether the pooled summary is current. */
export async function foldStatusLines(config: Config, runDir: string): Promise<string[]> {
  const folds = foldsOf(config);
  const states = await Promise.all(folds.map((fold) => computeStatus(foldConfig(config, fold), foldDir(runDir, fold))));
  const head = ['stage', ...folds.map((f) => `fold ${f}/${folds.length}`)];
  const rows = states[0].map((s, i) => [s.stage.name, ...states.map((fold) => fold[i].state)]);
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => c.padEnd(widths[j]))
      .join('  ')
      .trimEnd();
  const notes = states.flatMap((fold, k) =>
    fold
      .filter((s) => s.state === 'failed' || s.state === 'stale')
      .map((s) => `fold ${folds[k]} ${s.stage.name}: ${s.state === 'failed' ? (s.record?.error ?? '') : (s.reason ?? '')}`),
  );
  const sourcesPath = join(crossvalDir(runDir), CROSSVAL_FILES.sources);
  let summary: string;
  if (!existsSync(sourcesPath)) summary = 'not written';
  else {
    const current = JSON.stringify(foldSources(runDir, folds));
    summary =
      JSON.stringify(JSON.parse(readFileSync(sourcesPath, 'utf8'))) === current ? 'up to date' : 'stale (a fold was evaluated again since; pipeline run evaluate pools them again)';
  }
  return [line(head), ...rows.map(line), ...notes, `cross-validation summary (${join(crossvalDir(runDir), CROSSVAL_FILES.reportHtml)}): ${summary}`];
}
