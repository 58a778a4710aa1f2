import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import type { Progress, ProgressFactory } from '../stages/types.js';

const LOG_EVERY_MS = 10_000;

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Plain periodic lines ("ingest: 120/1200 files (10%), 35.2/s, ETA 31s") for logs and CI. */
function lineProgress(write: (line: string) => void, label: string, total: number, unit: string): Progress {
  const start = Date.now();
  let done = 0;
  let lastLog = start;
  const line = () => {
    const elapsedS = (Date.now() - start) / 1000;
    const rate = done / Math.max(elapsedS, 1e-3);
    const pct = total > 0 ? Math.round((100 * done) / total) : 100;
    return `${label}: ${done}/${total} ${unit} (${pct}%), ${rate.toFixed(1)}/s, ${done < total ? `ETA ${formatSeconds((total - done) / rate)}` : `took ${formatSeconds(elapsedS)}`}`;
  };
  return {
    tick(count = 1) {
      done += count;
      const now = Date.now();
      if (now - lastLog >= LOG_EVERY_MS) {
        lastLog = now;
        write(line());
      }
    },
    done() {
      write(line());
    },
  };
}

function barProgress(label: string, total: number, unit: string): Progress {
  // Loaded only for a terminal: logs, tests and cluster tasks never draw a bar.
  const { SingleBar, Presets } = createRequire(import.meta.url)('cli-progress') as typeof cliProgress;
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`,
      etaBuffer: 50,
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  const start = Date.now();
  let value = 0;
  bar.start(total, 0, { rate: '0.0' });
  return {
    tick(count = 1) {
      value += count;
      bar.update(value, { rate: (value / Math.max((Date.now() - start) / 1000, 1e-3)).toFixed(1) });
    },
    done() {
      bar.stop();
    },
  };
}

/** A bar when stderr is a terminal, plain periodic lines otherwise. */
export function makeProgressFactory(write: (line: string) => void, interactive = Boolean(process.stderr.isTTY)): ProgressFactory {
  return (label, total, unit = 'items') => (interactive ? barProgress(label, total, unit) : lineProgress(write, label, total, unit));
}
