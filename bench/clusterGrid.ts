/**
 * `npm run bench -- cluster`: wall time of a demo training grid through a local one-node Slurm
 * cluster (one array task per run, each a fresh process loading its data) against the local worker
 * pool, same machine, same run, same threads per run. Printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../pipeline/config.js';
import { trainingGrid } from '../stages/train.js';
import { runDir as runFolder } from '../stages/trainRun.js';
import { SLURM_MISSING, startLocalSlurm, stopLocalSlurm } from '../test/support/localSlurm.js';
import { REPO_ROOT } from '../test/support/paths.js';

const CORES = availableParallelism();
const RAW = {
  corpus: { demo: { labelledSpeakers: 6, utterancesPerLabelledSpeaker: 10, unlabelledSpeakers: 3, utterancesPerUnlabelledSpeaker: 10, noiseClips: 2, noiseClipDurationS: 20 } },
  conditions: [
    { name: '10dB', speechDistanceIn: 5, noiseDistanceIn: 35 },
    { name: '0dB', speechDistanceIn: 15, noiseDistanceIn: 25 },
  ],
  simulate: { maxUnlabelledPerCondition: 20, calibrationDurationS: 10 },
  train: { models: ['dense', 'dln'], seeds: 2, epochs: 20, batchSize: 16, multiTask: true, checkpointEveryEpochs: 5, threads: 1 },
  cluster: { cpusPerTask: 1, pollSeconds: 1 },
};

function cli(args: string[]): void {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pipeline.js'), ...args], { encoding: 'utf8', env: process.env });
  if (r.status !== 0) throw new Error(`pipeline ${args.join(' ')} failed: ${r.stderr.trim().split('\n').pop()}`);
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
    writeFileSync(configPath, JSON.stringify(RAW));
    const grid = trainingGrid(parseConfig(RAW));
    const base = join(root, 'base');
    cli(['run', 'normalize', '--config', configPath, '--workdir', base]);
    const copy = (name: string) => {
      const dir = join(root, name);
      cpSync(base, dir, { recursive: true });
      return dir;
    };

    const local = copy('local');
    let t0 = performance.now();
    cli(['run', 'train', '--config', configPath, '--workdir', local, '--jobs', String(CORES)]);
    const localS = (performance.now() - t0) / 1000;

    const slurm = copy('slurm');
    t0 = performance.now();
    // Submits, then follows the grid until the publish job has published it and run evaluate and report.
    const done = () => grid.every((k) => existsSync(join(runFolder(join(slurm, '.partial', 'train'), k), 'run.json')) || existsSync(join(runFolder(join(slurm, 'train'), k), 'run.json')));
    let gridS = NaN;
    const watcher = setInterval(() => {
      if (Number.isNaN(gridS) && done()) gridS = (performance.now() - t0) / 1000;
    }, 200);
    cli(['run', 'train', '--slurm', '--wait', '--config', configPath, '--workdir', slurm]);
    clearInterval(watcher);
    const totalS = (performance.now() - t0) / 1000;

    console.log(`grid: ${grid.length} runs (Dense and DLN × 2 conditions, 2 seeds, ${RAW.train.epochs} epochs), ${CORES} cores, 1 onnxruntime thread per run`);
    console.log(`local worker pool (pipeline run train --jobs ${CORES}): ${localS.toFixed(1)} s, publishing included`);
    console.log(`Slurm array (${CORES} tasks at once):                 ${gridS.toFixed(1)} s until every run was trained (${(gridS / localS).toFixed(2)}× the pool)`);
    console.log(`                                                     ${totalS.toFixed(1)} s until published, evaluated and reported`);
    console.log(`runs per hour on this node: ${Math.round((3600 * grid.length) / gridS)} through Slurm, ${Math.round((3600 * grid.length) / localS)} in the pool`);
  } finally {
    stopLocalSlurm(clusterDir);
    rmSync(root, { recursive: true, force: true });
  }
}
