import { createRequire } from 'node:module';
import type { Piscina } from 'piscina';
import type { ExtractResult, ExtractTask } from './extractWorker.js';

/** Extracts one file's features per call, on worker threads or in this thread. */
export interface Extractor {
  /** Files extracted at once: a window of a few times this keeps every worker busy. */
  readonly concurrency: number;
  run(task: ExtractTask, signal?: AbortSignal): Promise<ExtractResult>;
  close(): Promise<void>;
}

/**
 * A pool of worker threads extracting ComParE features, one file per task: extraction is CPU-bound
 * and per file, so it scales with cores.
 */
export class ExtractPool implements Extractor {
  private readonly pool: Piscina<ExtractTask, ExtractResult>;

  constructor(readonly concurrency: number) {
    // Loaded here, not at import: a command that extracts in its own thread never starts the pool's library.
    const { Piscina: Pool } = createRequire(import.meta.url)('piscina') as typeof import('piscina');
    this.pool = new Pool({
      filename: new URL('./extractWorker.js', import.meta.url).href,
      minThreads: concurrency,
      maxThreads: concurrency,
      idleTimeout: 1000,
    });
  }

  run(task: ExtractTask, signal?: AbortSignal): Promise<ExtractResult> {
    return this.pool.run(task, { signal });
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/**
 * Worker threads only where more than one would work at once. A single worker costs a thread start
 * and a second copy of the extractor to load and warm up, and on one core it competes with the main
 * thread for nothing: one file, or `jobs` 1, is extracted here.
 */
export async function openExtractor(jobs: number, files: number): Promise<Extractor> {
  const threads = Math.max(1, Math.min(jobs, files));
  if (threads > 1) return new ExtractPool(threads);
  const { default: extract } = await import('./extractWorker.js');
  return {
    concurrency: 1,
    run: async (task, signal) => {
      signal?.throwIfAborted();
      return extract(task);
    },
    close: async () => {},
  };
}

/** Opens an extractor for `files` files on at most `jobs` threads, hands it to `use`, and closes it whatever happens. */
export async function withExtractor<T>(jobs: number, files: number, use: (extractor: Extractor) => Promise<T>): Promise<T> {
  const extractor = await openExtractor(jobs, files);
  try {
    return await use(extractor);
  } finally {
    await extractor.close();
  }
}

/**
 * Runs `work` over `items` with at most `window` in flight and hands results to `onResult` in input
 * order, so output files are written in order with bounded memory.
 */
export async function inOrder<T, R>(items: readonly T[], window: number, work: (item: T) => Promise<R>, onResult: (item: T, result: R) => Promise<void> | void): Promise<void> {
  const pending: Promise<R>[] = [];
  let next = 0;
  const fill = () => {
    while (next < items.length && pending.length < window) pending.push(work(items[next++]));
  };
  fill();
  for (let i = 0; i < items.length; i++) {
    const result = await pending.shift()!;
    fill();
    await onResult(items[i], result);
  }
}
