/** What `pipeline status` says of a training grid run by cluster tasks: each run done, running, queued, failed or not started. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig, runConfigPath } from '../config.js';
import { clusterPaths } from './clusterPaths.js';

async function lastLogLine(path: string): Promise<string | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').filter(Boolean).pop();
}

export async function gridStatusLines(runDir: string): Promise<string[]> {
  const paths = clusterPaths(runDir);
  if (!existsSync(paths.grid) || !existsSync(runConfigPath(runDir))) return [];
  // Only a grid run by cluster tasks needs these, so a plain `pipeline status` does not load them.
  const [{ ClusterError, queueStates }, { readSubmissions }, { describeRun }, { gridRunStates }] = await Promise.all([
    import('./slurm.js'),
    import('./submitSlurm.js'),
    import('../../stages/runGrid.js'),
    import('./trainGrid.js'),
  ]);
  const runs = await gridRunStates(runDir, loadConfig(runConfigPath(runDir)));
  const latest = (await readSubmissions(runDir)).pop();
  let queue = new Map<string, string>();
  let queueNote = '';
  if (latest) {
    try {
      queue = await queueStates([latest.arrayJob, latest.publishJob].filter((x): x is string => Boolean(x)));
    } catch (e) {
      if (!(e instanceof ClusterError)) throw e;
      queueNote = ` (${e.message}: running and queued runs show as not started)`;
    }
  }
  const inQueue = (index: number) => (latest?.arrayJob ? queue.get(`${latest.arrayJob}_${index}`) : undefined);
  const counts = { done: 0, running: 0, queued: 0, failed: 0, 'not started': 0 };
  const failedLines: string[] = [];
  for (const r of runs) {
    const slurm = inQueue(r.index);
    const state = r.state === 'done' ? 'done' : slurm === 'RUNNING' ? 'running' : slurm ? 'queued' : r.state === 'failed' ? 'failed' : 'not started';
    counts[state]++;
    if (state === 'failed') {
      const log = join(paths.logs, `run-${r.index}.log`);
      const last = await lastLogLine(log);
      failedLines.push(`  failed: run ${r.index} (${describeRun(r.key)}): ${r.reason}${last ? `; last line of ${log}: ${last}` : ''}`);
    }
  }
  const jobs = latest ? ` (Slurm ${latest.arrayJob ? `array job ${latest.arrayJob}, ` : ''}publish job ${latest.publishJob}${queue.has(latest.publishJob) ? ' queued' : ''})` : '';
  const summary = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  return [`training grid: ${runs.length} runs: ${summary}${jobs}${queueNote}`, ...failedLines];
}
