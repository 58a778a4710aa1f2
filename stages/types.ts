import type { Config } from './configSchema.js';

/** Where a stage reports what it is doing; the runner prefixes the stage name and keeps a log file. */
export interface Logger {
  info: (message: string) => void;
  warn: (message: string) => void;
}

/** A progress counter: a bar on a terminal, periodic plain lines elsewhere (CI, log files). */
export interface Progress {
  tick(count?: number): void;
  done(): void;
}

export type ProgressFactory = (label: string, total: number, unit?: string) => Progress;

/** What the runner hands a stage. A stage never reaches into the runner or the manifest itself. */
export interface StageContext {
  config: Config;
  /** Absolute path of the run directory (`runs/<name>`). */
  runDir: string;
  /** Write every output here: a temporary folder, renamed into place only when the stage succeeds. */
  outDir: string;
  /** The (final) output folder of an upstream stage. */
  inputDir(stage: StageName): string;
  /** Persistent cache shared across stages and runs (decoded audio, the generated demo corpus). */
  cacheDir: string;
  /** Parallel workers the user allows. */
  jobs: number;
  log: Logger;
  progress: ProgressFactory;
  /** Aborted on Ctrl-C: long loops check it so a stage stops promptly with its outputs untouched. */
  signal: AbortSignal;
  /** What the run directory records of every stage so far (for the report's header). */
  stageRecords(): { stage: string; state: string; seconds: number; startedAt: string }[];
}

export const STAGE_ORDER = ['ingest', 'simulate', 'calibrate', 'features', 'normalize', 'train', 'evaluate', 'report'] as const;
export type StageName = (typeof STAGE_ORDER)[number];

export interface Stage {
  name: StageName;
  description: string;
  /** Human-readable, for `pipeline stages`. */
  inputs: string;
  outputs: string;
  /** Upstream stages whose outputs this stage reads. */
  dependsOn: StageName[];
  /** Config sections the stage reads: a change to any of them re-runs it. */
  configSections: (keyof Config)[];
  /** Bump when the stage's code changes what it writes, to invalidate old outputs. */
  version: number;
  /**
   * A cheap fingerprint of what the stage reads from outside the run directory (e.g. the corpus
   * files' names, sizes and modification times), so a changed corpus makes the stage stale.
   */
  externalFingerprint?(config: Config): Promise<string>;
  /**
   * A resumable stage keeps what it has written in its temporary folder when it fails or is
   * interrupted, and finds it there on the next run with the same inputs (long training grids).
   */
  resumable?: boolean;
  run(ctx: StageContext): Promise<void>;
}
