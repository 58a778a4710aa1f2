import { Piscina } from 'piscina';
import type { ExtractResult, ExtractTask } from './extractWorker.js';

/**
 * A pool of worker threads extracting ComParE features, one file per task: extraction is CPU-bound
 * and per file, so it scales with cores. Results come back in the order asked, whatever order the
 * workers finish in.
 */
export class ExtractPool {
  private readonly pool: Piscina<ExtractTask, ExtractResult>;

  constructor(threads: number) {
    this.pool = new Piscina({
      filename: new URL('./extractWorker.js', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
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
