import { ExtractPool, inOrder } from '../data/features/extractPool.js';
import type { ExtractResult, ExtractTask } from '../data/features/extractWorker.js';
import type { Logger } from '../stages/types.js';
import { makeProgressFactory } from './progress.js';

export interface InputFile {
  name: string;
  path: string;
  /** Why the file cannot be read, known before decoding (a broken symlink in a listed folder). */
  problem?: string;
}

/** Why a result must not be written: a feature that is NaN or infinite would poison whatever reads it. */
function nonFiniteFeatures(result: ExtractResult): string | undefined {
  const bad = result.functionals.filter((x) => !Number.isFinite(x)).length;
  const badLld = result.lld?.columns.reduce((n, c) => n + c.filter((x) => !Number.isFinite(x)).length, 0) ?? 0;
  if (bad) return `non-finite features: ${bad} NaN/Inf of ${result.functionals.length}`;
  return badLld ? `non-finite LLD values: ${badLld}` : undefined;
}

/**
 * Extracts features of user-named files on a worker pool, handing results to `onResult` in input
 * order; a file that fails, or whose features come out non-finite, is reported by name and skipped.
 * Returns how many failed.
 */
export async function extractFiles(
  inputs: readonly InputFile[],
  options: Omit<ExtractTask, 'path'> & { jobs: number; label: string; log: Logger & { line: (m: string) => void } },
  onResult: (input: InputFile, result: ExtractResult) => Promise<void> | void,
): Promise<number> {
  const progress = makeProgressFactory(options.log.line)(options.label, inputs.length, 'files');
  const pool = new ExtractPool(Math.max(1, options.jobs));
  let failed = 0;
  const skip = (input: InputFile, why: string) => {
    failed++;
    options.log.warn(`${input.path}: ${why}`);
  };
  try {
    await inOrder(
      inputs,
      4 * options.jobs,
      (input) => (input.problem ? Promise.resolve(new Error(input.problem)) : pool.run({ path: input.path, lld: options.lld, snr: options.snr }).catch((e: Error) => e)),
      async (input, result: ExtractResult | Error) => {
        progress.tick();
        if (result instanceof Error) return skip(input, result.message);
        const nonFinite = nonFiniteFeatures(result);
        if (nonFinite) return skip(input, nonFinite);
        await onResult(input, result);
      },
    );
  } finally {
    progress.done();
    await pool.close();
  }
  return failed;
}
