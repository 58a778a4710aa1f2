import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../stages/types.js';

/** Lines to stderr, and the same lines with a timestamp to the run's log file. */
export function makeLogger(logFile: string | undefined, prefix: string): Logger & { line(message: string): void } {
  if (logFile) mkdirSync(dirname(logFile), { recursive: true });
  const emit = (level: string, message: string) => {
    const text = `${prefix ? prefix + ': ' : ''}${level === 'warn' ? 'warning: ' : ''}${message}`;
    process.stderr.write(text + '\n');
    if (logFile) appendFileSync(logFile, `${new Date().toISOString()} ${text}\n`);
  };
  return {
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    line: (m) => emit('info', m),
  };
}
