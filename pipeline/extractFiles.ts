import { ExtractPool, inOrder } from '../data/features/extractPool.js';
import type { ExtractResult, ExtractTask } from '../data/features/extractWorker.js';
import type { Logger } from '../stages/types.js';
import { makeProgressFactory } from './progress.js';

export interface InputFile {
  name: string;
  path: string;
}

/**
 * Extracts features of user-named files on a worker pool, handing results to `onResult` in input
 * order; a file that fails is reported by name and skipped. Returns how many failed.
 */
export async function extractFiles(
  inputs: readonly InputFile[],
  options: Omit<ExtractTask, 'path'> & { jobs: number; label: string; log: Logger & { line(m: string): void } },
  onResult: (input: InputFile, result: ExtractResult) => Promise<void> | void,
): Promise<number> {
  const progress = makeProgressFactory(options.log.line)(options.label, inputs.length, 'files');
  const pool = new ExtractPool(Math.max(1, options.jobs));
  let failed = 0;
  try {
    await inOrder(
      inputs,
      4 * options.jobs,
      (input) => pool.run({ path: input.path, lld: options.lld, snr: options.snr }).catch((e: Error) => e),
      async (input, result: ExtractResult | Error) => {
        progress.tick();
        if (result instanceof Error) {
          failed++;
          options.log.warn(`${input.path}: ${result.message}`);
          return;
        }
        await onResult(input, result);
      },
    );
  } finally {
    progress.done();
    await pool.close();
  }
  return failed;
}
