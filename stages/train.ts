import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from './configSchema.js';
import { describeRun, RUN_FILES, runDir, trainingGrid, writeRuns, type RunResult } from './runGrid.js';
import { loadTrainingData } from './trainRun.js';
import { removeClaims } from './runClaim.js';
import type { TrainWorkerInit, TrainWorkerMessage, TrainWorkerTask } from './trainWorker.js';
import type { Stage, StageContext } from './types.js';

/** How many runs train at once and on how many onnxruntime threads each (auto: one run per worker, one thread each). */
export function parallelism(t: Config['train'], jobs: number): { parallel: number; threads: number } {
  const parallel = t.parallelRuns || jobs;
  return { parallel, threads: t.threads || Math.max(1, Math.floor(jobs / parallel)) };
}

async function run(ctx: StageContext): Promise<void> {
  const t = ctx.config.train;
  const grid = trainingGrid(ctx.config);
  // Checks the data before any worker starts, so a missing set fails once with one message.
  await loadTrainingData(ctx.config, ctx.runDir, grid);
  const progress = ctx.progress(`training ${grid.length} runs`, grid.length * t.epochs, 'epochs');
  const { parallel, threads } = parallelism(t, ctx.jobs);
  const workers = Array.from({ length: Math.min(parallel, grid.length) }, () =>
    fork(fileURLToPath(new URL('./trainWorker.js', import.meta.url)), { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const stopWorkers = () => workers.forEach((w) => w.kill());
  ctx.signal.addEventListener('abort', stopWorkers);
  const resultsByRun: RunResult[][] = [];
  const skipped: string[] = [];
  let next = 0;
  try {
    // Each worker process takes the next run when it finishes one, until the grid is done.
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let busy = false;
            const give = () => {
              busy = next < grid.length;
              if (!busy) return resolve();
              const id = next++;
              const key = grid[id];
              if (existsSync(join(runDir(ctx.outDir, key), RUN_FILES.result))) progress.tick(t.epochs);
              worker.send({ kind: 'task', id, key } satisfies TrainWorkerTask);
            };
            worker.on('message', (m: TrainWorkerMessage) => {
              if (m.kind === 'epoch') progress.tick();
              else if (m.kind === 'warn') ctx.log.warn(m.message);
              else if (m.kind === 'failed') reject(new Error(`${describeRun(grid[m.id])}: ${m.message}`));
              else if (m.kind === 'skipped') {
                ctx.log.warn(`${describeRun(grid[m.id])}: skipped, another process is training it: ${m.message}`);
                skipped.push(describeRun(grid[m.id]));
                give();
              } else {
                const [result, ...adapted] = m.results;
                resultsByRun[m.id] = [...(result.model !== 'dense' || t.models.includes('dense') ? [result] : []), ...adapted];
                give();
              }
            });
            worker.on('exit', (code, signal) => {
              if (busy) reject(ctx.signal.aborted ? (ctx.signal.reason as Error) : new Error(`a training worker stopped (${signal ?? `exit code ${code}`}) in the middle of a run`));
            });
            worker.send({ kind: 'init', config: ctx.config, runDir: ctx.runDir, outDir: ctx.outDir, threads, grid } satisfies TrainWorkerInit);
            give();
          }),
      ),
    );
  } finally {
    ctx.signal.removeEventListener('abort', stopWorkers);
    stopWorkers();
    progress.done();
  }
  const results = resultsByRun.flat();
  if (skipped.length) throw new Error(`${skipped.length} of ${grid.length} runs are being trained by other processes (${skipped.join('; ')}); run train again when they finish`);
  await removeClaims(ctx.outDir);
  await writeRuns(ctx.outDir, 'train', results);
  const unconverged = results.filter((r) => !r.converged).length;
  ctx.log.info(`${results.length} runs; ${unconverged ? `${unconverged} did not converge (best epoch in the last ${100 * t.convergenceWarnFraction}% of ${t.epochs})` : 'all converged'}`);
}

export const trainStage: Stage = {
  name: 'train',
  description: 'Trains Dense, Dense+AdaBN, LN, DLN and DLN+he for every attribute, condition and seed through exported ONNX training graphs (onnxruntime-node)',
  inputs: 'normalize/<set>.arrow (train, dev, unlabelled-<condition>), normalize/stats.json, the labels',
  outputs: 'train/<model>/train_step.onnx; per run train/runs/<model>/<attribute>/<condition>/seed-<n>/: infer.onnx, history.csv, run.json (+ weights.bin for Dense and DLN); train/runs.csv',
  dependsOn: ['ingest', 'normalize'],
  configSections: ['train', 'conditions'],
  // 3: checkpoints and weights.bin carry a checksum (checkpoint format 2); a checkpoint holds the best weights and history too.
  // 4: one random generator (dsp/random.ts) for the whole project: initial weights, noise and batch order draw other normals.
  version: 4,
  resumable: true,
  run,
};
