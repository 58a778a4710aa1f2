import { relative, sep } from 'node:path';
import { UnreadableFile } from '../data/unreadableFile.js';
import { STAGE_NAMES } from '../stages/types.js';

/**
 * A stage's error in one line. A file of the run directory that a reader could not use is named
 * relative to the run directory, with the command that makes it again.
 */
export function failureMessage(error: unknown, runDir: string): string {
  if (!(error instanceof Error)) return String(error);
  if (!(error instanceof UnreadableFile)) return error.message;
  const path = relative(runDir, error.path);
  const maker = STAGE_NAMES.find((s) => path.startsWith(s + sep));
  if (!maker) return error.message;
  return `${path.split(sep).join('/')} is not ${error.expected} (${error.why}); re-run with pipeline run ${maker} --force`;
}
