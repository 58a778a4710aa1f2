import { AudioRejected } from '../data/audio/decodeAudio.js';
import { CorpusError } from '../data/corpus/corpusError.js';
import { UnreadableFile } from '../data/unreadableFile.js';
import { ModelFileError } from '../models/onnx/runtime.js';
import { ClusterError } from './cluster/slurm.js';
import { ConfigError } from './config.js';
import { StageFailure } from './runner.js';
import { RUN_LOCK_EXIT_CODE, RunLockError } from './runLock.js';
import { UsageError } from './usageError.js';

/** Errors about bad input whose message already says what to fix. */
const INPUT_ERRORS = [AudioRejected, ModelFileError, UnreadableFile, ClusterError];
/** JavaScript's own errors inside a stage mean a bug, not bad input. */
const BUGS = [TypeError, RangeError, ReferenceError, SyntaxError];

/** A file system error (ENOENT, EACCES, …) names its path in its message: the user can act on it. */
function isFileSystemError(e: unknown): boolean {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).path === 'string';
}

/**
 * Every error prints as one line (a config's list of fields aside) and exits non-zero: 2 for a
 * mistake in the call or the config, 3 when another process is running stages in the run directory,
 * 1 otherwise. A genuine bug says so and keeps its stack trace
 * for --verbose. The CLI loads this module only when a command fails, so a command that succeeds
 * never pays for the modules that define these errors.
 */
export function reportError(error: unknown, withStack: boolean): number {
  if (error instanceof RunLockError) {
    console.error(`error: ${error.message}`);
    return RUN_LOCK_EXIT_CODE;
  }
  const text = error instanceof Error ? error.message : String(error);
  const usage = error instanceof ConfigError || error instanceof CorpusError || error instanceof UsageError;
  const cause = error instanceof StageFailure ? error.cause : error;
  const isBug = error instanceof StageFailure ? BUGS.some((c) => cause instanceof c) : !(usage || INPUT_ERRORS.some((c) => error instanceof c) || isFileSystemError(error));
  if (withStack) console.error(cause instanceof Error ? cause.stack : cause);
  const message = error instanceof ConfigError ? text : text.replace(/\s*\n\s*/g, ' ');
  console.error(`error: ${message}${isBug && !withStack ? ' (run with --verbose for the stack trace)' : ''}`);
  return usage ? 2 : 1;
}
