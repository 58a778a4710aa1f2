import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from './configSchema.js';
import { describeRun, RUN_FILES, runDir, trainingGrid, writeRuns, type RunResult } from './runGrid.js';
import { loadTrainingData } from './trainRun.js';
import { removeClaims } from './runClaim.js';
import type { TrainWorkerInit, TrainWorkerMessage, TrainWorkerTask } from './trainWorker.js';
import type { trainDeclaration } from './declarations.js';
import type { ContextOf } from './types.js';

type Ctx = ContextOf<typeof trainDeclaration>;

/** How many runs train at once and on how many onnxruntime threads each (auto: one run per worker, one thread each). */
export function parallelism(t: Config['train'], jobs: number): { parallel: number; threads: number } {
  const parallel = t.parallelRuns || jobs;
  return { parallel, threads: t.threads || Math.max(1, Math.floor(jobs / parallel)) };
}

export async function run(ctx: Ctx): Promise<void> {
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
