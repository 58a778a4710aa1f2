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
