/**
 * A training worker process: loads the run's training data once, then trains the runs it is sent,
 * one after another, reporting epochs and warnings to the train stage. A separate process, not a
 * worker thread: onnxruntime-node runs one session at a time per process and is not safe in several
 * worker threads, so processes are what let runs train side by side.
 */
import { ClaimHeld } from './runClaim.js';
import type { RunKey, RunResult } from './runGrid.js';
import { loadTrainingData, trainAndAdapt, type SharedData, type TrainingConfig } from './trainRun.js';

export interface TrainWorkerInit {
  kind: 'init';
  config: TrainingConfig;
  runDir: string;
  outDir: string;
  threads: number;
  grid: RunKey[];
}

export interface TrainWorkerTask {
  kind: 'task';
  id: number;
  key: RunKey;
}

export type TrainWorkerMessage =
  | { kind: 'epoch' }
  | { kind: 'warn'; message: string }
  | { kind: 'done'; id: number; results: RunResult[] }
  | { kind: 'failed'; id: number; message: string }
  /** Another live process holds the run's claim: it is training the run. */
  | { kind: 'skipped'; id: number; message: string };

let init: TrainWorkerInit | undefined;
let data: Promise<SharedData> | undefined;

const send = (m: TrainWorkerMessage) => process.send!(m);

// Exit (which releases the claim held) rather than die by the signal, or go on training for a parent
// killed by kill -9.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1));
process.on('disconnect', () => process.exit(1));

// eslint-disable-next-line @typescript-eslint/no-misused-promises -- the handler catches and reports every error itself
process.on('message', async (m: TrainWorkerInit | TrainWorkerTask) => {
  if (m.kind === 'init') {
    init = m;
    data = loadTrainingData(m.config, m.runDir, m.grid);
    return;
  }
  try {
    const env = {
      config: init!.config,
      outDir: init!.outDir,
      threads: init!.threads,
      warn: (message: string) => send({ kind: 'warn', message }),
      onEpoch: () => send({ kind: 'epoch' }),
    };
    const shared = await data!;
    send({ kind: 'done', id: m.id, results: await trainAndAdapt(env, m.key, shared) });
  } catch (e) {
    if (e instanceof ClaimHeld) send({ kind: 'skipped', id: m.id, message: e.message });
    else send({ kind: 'failed', id: m.id, message: (e as Error).message });
  }
});
