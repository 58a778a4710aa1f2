/**
 * `npm run bench -- cluster`: wall time of the demo's training grid through a local one-node Slurm
 * cluster (one array task per run, each a fresh process loading its data) against the local worker
 * pool, same machine, same run, same threads per run. Printed, never asserted.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CONFIG_PATH, parseConfig } from '../pipeline/config.js';
import { runDir as runFolder, trainingGrid } from '../stages/runGrid.js';
import { SLURM_MISSING, startLocalSlurm, stopLocalSlurm } from '../test/support/localSlurm.js';
import { REPO_ROOT } from '../test/support/paths.js';

const CORES = availableParallelism();
/**
 * The demo's grid (configs/demo.json) with one seed, so that the pool can be timed before and after
 * the Slurm array in the same run (a shared machine's speed drifts); one onnxruntime thread per run
 * in both paths, one CPU per Slurm task, and --wait polling at its default interval.
 */
function demoGridConfig(): Record<string, unknown> & { train: Record<string, unknown> } {
  const demo = JSON.parse(readFileSync(DEMO_CONFIG_PATH, 'utf8')) as Record<string, unknown> & { train: Record<string, unknown> };
  return { ...demo, train: { ...demo.train, seeds: 1, threads: 1 }, cluster: { cpusPerTask: 1 } };
}

/** Runs the CLI without blocking this process, so the grid can be watched while it trains. */
function cli(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'pipeline.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pipeline ${args.join(' ')} failed: ${stderr.trim().split('\n').pop()}`))));
  });
}

export async function clusterGridBench(): Promise<void> {
  console.log('== training grid: local Slurm array against the local worker pool ==');
  if (SLURM_MISSING) {
    console.log(`skipped: ${SLURM_MISSING}`);
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'bench-cluster-'));
  const clusterDir = join(root, 'cluster');
  mkdirSync(clusterDir);
  startLocalSlurm(clusterDir);
  try {
    const configPath = join(root, 'config.json');
    const raw = demoGridConfig();
    writeFileSync(configPath, JSON.stringify(raw));
    const grid = trainingGrid(parseConfig(raw));
    const base = join(root, 'base');
    await cli(['run', 'normalize', '--config', configPath, '--workdir', base]);
    const copy = (name: string) => {
      const dir = join(root, name);
      cpSync(base, dir, { recursive: true });
      return dir;
    };

    const poolSeconds = async (name: string) => {
      const t0 = performance.now();
      await cli(['run', 'train', '--config', configPath, '--workdir', copy(name), '--jobs', String(CORES)]);
      return (performance.now() - t0) / 1000;
    };
    const poolBefore = await poolSeconds('pool-before');

    const slurm = copy('slurm');
    const t0 = performance.now();
    const trained = () =>
      grid.every((k) => existsSync(join(runFolder(join(slurm, '.partial', 'train'), k), 'run.json')) || existsSync(join(runFolder(join(slurm, 'train'), k), 'run.json')));
    let gridS = NaN;
    const watcher = setInterval(() => {
      if (Number.isNaN(gridS) && trained()) gridS = (performance.now() - t0) / 1000;
    }, 1000);
    // Submits, then follows the grid until the publish job has published it and run evaluate and report.
    await cli(['run', 'train', '--slurm', '--wait', '--config', configPath, '--workdir', slurm]);
    clearInterval(watcher);
    const totalS = (performance.now() - t0) / 1000;
    const poolAfter = await poolSeconds('pool-after');
    const poolS = (poolBefore + poolAfter) / 2;

    console.log(`the demo's grid (configs/demo.json, one seed): ${grid.length} runs of ${String(raw.train.epochs)} epochs, ${CORES} cores, 1 onnxruntime thread per run`);
    console.log(`local worker pool (pipeline run train --jobs ${CORES}), publishing included: ${poolBefore.toFixed(1)} s before the Slurm run, ${poolAfter.toFixed(1)} s after`);
    console.log(`Slurm array (${CORES} tasks at once): ${gridS.toFixed(1)} s until every run was trained: ${(gridS / poolS).toFixed(2)}× the pool's mean`);
    console.log(`                    ${totalS.toFixed(1)} s until published, evaluated and reported (the publish job runs evaluate and report too)`);
    console.log(`runs per hour on this node: ${Math.round((3600 * grid.length) / gridS)} through Slurm, ${Math.round((3600 * grid.length) / poolS)} in the pool`);
  } finally {
    stopLocalSlurm(clusterDir);
    rmSync(root, { recursive: true, force: true });
  }
}
