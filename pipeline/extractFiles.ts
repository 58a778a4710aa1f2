import { extractAll, type InputFile } from '../data/features/extractAll.js';
import { withExtractor } from '../data/features/extractPool.js';
import type { ExtractResult, ExtractTask } from '../data/features/extractWorker.js';
import type { Logger } from '../stages/types.js';
import { makeProgressFactory } from './progress.js';

export type { InputFile };

/**
 * Extracts features of user-named files (worker threads when more than one would work), handing
 * results to `onResult` in input order; a file that fails, or whose features come out non-finite,
 * is reported by name and skipped. Returns how many failed.
 */
export async function extractFiles(
  inputs: readonly InputFile[],
  options: Omit<ExtractTask, 'path'> & { jobs: number; label: string; log: Logger & { line: (m: string) => void } },
  onResult: (input: InputFile, result: ExtractResult) => Promise<void> | void,
): Promise<number> {
  const progress = makeProgressFactory(options.log.line)(options.label, inputs.length, 'files');
  let failed = 0;
  const onSkip = (input: InputFile, why: string) => {
    failed++;
    options.log.warn(`${input.path}: ${why}`);
  };
  try {
    await withExtractor(options.jobs, inputs.length, (extractor) =>
      extractAll(inputs, { extractor, progress, log: options.log, lld: options.lld, snr: options.snr, onSkip }, onResult),
    );
  } finally {
    progress.done();
  }
  return failed;
}
