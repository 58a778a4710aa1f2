import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from './configSchema.js';
import { describeRun, RUN_FILES, runDir, RUNS_CSV, trainingGrid, writeRuns, type RunResult } from './runGrid.js';
import { loadTrainingData } from './trainRun.js';
import { removeClaims } from './runClaim.js';
import type { TrainWorkerInit, TrainWorkerMessage, TrainWorkerTask } from './trainWorker.js';
import { defineStage, type StageContext } from './types.js';

const CONFIG = ['train', 'conditions'] as const;
type Ctx = StageContext<(typeof CONFIG)[number]>;

/** How many runs train at once and on how many onnxruntime threads each (auto: one run per worker, one thread each). */
export function parallelism(t: Config['train'], jobs: number): { parallel: number; threads: number } {
  const parallel = t.parallelRuns || jobs;
  return { parallel, threads: t.threads || Math.max(1, Math.floor(jobs / parallel)) };
}

async function run(ctx: Ctx): Promise<void> {
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
                // A model trained only to be adapted (e.g. models: ["ln_adabn"]) is not a result of its own.
                resultsByRun[m.id] = [...(t.models.includes(result.model) ? [result] : []), ...adapted];
                give();
              }
            });
            worker.on('exit', (code, signal) => {
              if (busy)
                reject(ctx.signal.aborted ? (ctx.signal.reason as Error) : new Error(`a training worker stopped (${signal ?? `exit code ${code}`}) in the middle of a run`));
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
  await writeRuns(ctx.outDir, relative(ctx.runDir, ctx.publishedDir), results);
  const unconverged = results.filter((r) => !r.converged).length;
  ctx.log.info(
    `${results.length} runs; ${unconverged ? `${unconverged} did not converge (best epoch in the last ${100 * t.convergenceWarnFraction}% of ${t.epochs})` : 'all converged'}`,
  );
}

export const trainStage = defineStage({
  name: 'train',
  description:
    'Trains Dense, LN, DLN and DLN+he for every attribute, condition and seed through exported ONNX training graphs (onnxruntime-node), and adapts Dense, LN and DLN by AdaBN where asked',
  inputs: ['normalize/*.arrow', 'normalize/stats.json', 'ingest/utterances.csv', 'simulate/utterances.csv', 'calibrate/utterances.csv'],
  // weights.bin for Dense, DLN and each model adapted by AdaBN, or every run with train.keepCheckpoints, which also keeps each run's latest checkpoint.bin.
  outputs: [
    'train/*/train_step.onnx',
    ...[RUN_FILES.infer, RUN_FILES.weights, RUN_FILES.history, RUN_FILES.result, RUN_FILES.targetScale, RUN_FILES.checkpoint].map((f) => `train/runs/*/*/*/*/${f}`),
    `train/${RUNS_CSV}`,
  ],
  dependsOn: ['ingest', 'simulate', 'calibrate', 'normalize'],
  configSections: CONFIG,
  // 4: one random generator (dsp/random.ts) draws the initial weights, noise and batch order.
  // 5: the input layer's reconstruction cost is summed in blocks of columns (models/nn/blockedCost.ts):
  // the same weights, its logged value differs in the last float32 digits.
  version: 5,
  resumable: true,
  run,
});
