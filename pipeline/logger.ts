import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../stages/types.js';

/**
 * Lines to stderr, and the same lines with a timestamp to the run's log file. `toFileOnly` is for
 * what the CLI prints itself in its own words (a stage's failure), so the terminal shows it once.
 */
export function makeLogger(logFile: string | undefined, prefix: string): Logger & { line: (message: string) => void; toFileOnly: (message: string) => void } {
  if (logFile) mkdirSync(dirname(logFile), { recursive: true });
  const format = (level: string, message: string) => `${prefix ? prefix + ': ' : ''}${level === 'warn' ? 'warning: ' : ''}${message}`;
  const toFile = (text: string) => {
    if (logFile) appendFileSync(logFile, `${new Date().toISOString()} ${text}\n`);
  };
  const emit = (level: string, message: string) => {
    const text = format(level, message);
    process.stderr.write(text + '\n');
    toFile(text);
  };
  return {
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    line: (m) => emit('info', m),
    toFileOnly: (m) => toFile(format('info', m)),
  };
}
