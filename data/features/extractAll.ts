import type { Logger, Progress } from '../../stages/types.js';
import { countNonFinite } from '../audio/sampleChecks.js';
import type { Extractor } from './extractPool.js';
import { inOrder } from './extractPool.js';
import type { ExtractResult, ExtractTask } from './extractWorker.js';

export interface InputFile {
  name: string;
  path: string;
  /** For a decode-cache entry: the file it was decoded from (decoded again if the entry is damaged). */
  source?: string;
  /** Why the file cannot be read, known before decoding (a broken symlink in a listed folder). */
  problem?: string;
}

/**
 * Why a result must not be written: a feature that is NaN or infinite would poison whatever reads it.
 * Counted by a plain loop (`filter` called a function per value).
 */
function nonFiniteFeatures(result: ExtractResult): string | undefined {
  const bad = countNonFinite(result.functionals);
  const badLld = result.lld?.columns.reduce((n, c) => n + countNonFinite(c), 0) ?? 0;
  if (bad) return `non-finite features: ${bad} NaN/Inf of ${result.functionals.length}`;
  return badLld ? `non-finite LLD values: ${badLld}` : undefined;
}

export interface ExtractAllOptions extends Omit<ExtractTask, 'path' | 'source'> {
  extractor: Extractor;
  progress: Progress;
  log: Logger;
  /** Aborted (Ctrl-C): the loop stops with the signal's reason instead of skipping the files left. */
  signal?: AbortSignal;
  /** A file that fails, or whose features come out non-finite, is handed here with the reason and skipped. */
  onSkip(input: InputFile, why: string): void;
}

/**
 * The one extraction loop (the features stage, `pipeline features`, `pipeline predict`): every
 * input's features in input order, whatever order the extractor finishes them in, with the
 * extractor's warnings logged and failures skipped through `onSkip`.
 */
export async function extractAll<T extends InputFile>(
  inputs: readonly T[],
  options: ExtractAllOptions,
  onResult: (input: T, result: ExtractResult) => Promise<void> | void,
): Promise<void> {
  const { extractor, progress, log, signal } = options;
  await inOrder(
    inputs,
    4 * extractor.concurrency,
    (input) =>
      input.problem
        ? Promise.resolve(new Error(input.problem))
        : extractor.run({ path: input.path, source: input.source, lld: options.lld, snr: options.snr }, signal).catch((e: Error) => e),
    async (input, result: ExtractResult | Error) => {
      progress.tick();
      if (result instanceof Error) {
        if (signal?.aborted) throw signal.reason as Error;
        return options.onSkip(input, result.message);
      }
      for (const warning of result.warnings) log.warn(warning);
      const nonFinite = nonFiniteFeatures(result);
      if (nonFinite) return options.onSkip(input, nonFinite);
      await onResult(input, result);
    },
  );
}
