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

export type ConfigSection = keyof Config;

/** What the runner hands a stage. A stage never reaches into the runner or the manifest itself. */
export interface StageContext<S extends ConfigSection = ConfigSection> {
  /** The config sections the stage declares, and only those. */
  config: Pick<Config, S>;
  /** Absolute path of the run directory (`runs/<name>`). */
  runDir: string;
  /** Write every output here: a temporary folder, renamed into place only when the stage succeeds. */
  outDir: string;
  /** Where outDir is published (`runs/<name>/<stage>`): for outputs that name files of the stage's own. */
  publishedDir: string;
  /** The (final) output folder of an upstream stage. */
  inputDir: (stage: StageName) => string;
  /** Persistent cache shared across stages and runs (decoded audio, the generated demo corpus). */
  cacheDir: string;
  /** Parallel workers the user allows. */
  jobs: number;
  log: Logger;
  progress: ProgressFactory;
  /** Aborted on Ctrl-C: long loops check it so a stage stops promptly with its outputs untouched. */
  signal: AbortSignal;
  /** What the run directory records of every stage so far, in run order (for the report's header). */
  stageRecords(): { stage: string; state: string; seconds: number; startedAt: string }[];
}

/** Every stage's name (its output folder's too); the run order comes from each stage's `dependsOn` (pipeline/registry.ts). */
export const STAGE_NAMES = ['ingest', 'simulate', 'calibrate', 'features', 'normalize', 'train', 'evaluate', 'report'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/**
 * A stage declares what it reads and writes, DVC-like: paths relative to the run directory ("*" within
 * one folder or file name, "**" across folders), its upstream stages and the config sections it reads.
 * The runner hands it only those sections, refuses a file it writes without declaring it, and derives
 * the run order from `dependsOn`; test/pipeline/stageDeclarations.test.ts checks the rest.
 */
export interface Stage<S extends ConfigSection = ConfigSection> {
  name: StageName;
  description: string;
  /** The files it reads from upstream stages' folders. */
  inputs: readonly string[];
  /** Every file it writes into its own folder. */
  outputs: readonly string[];
  /** Upstream stages whose outputs this stage reads. */
  dependsOn: readonly StageName[];
  /** Config sections the stage reads: a change to any of them re-runs it. */
  configSections: readonly S[];
  /** Bump when the stage's code changes what it writes, to invalidate old outputs. */
  version: number;
  /**
   * A cheap fingerprint of what the stage reads from outside the run directory (e.g. the corpus
   * files' names, sizes and modification times), so a changed corpus makes the stage stale.
   */
  externalFingerprint?(config: Pick<Config, S>): Promise<string>;
  /**
   * A resumable stage keeps what it has written in its temporary folder when it fails or is
   * interrupted, and finds it there on the next run with the same inputs (long training grids).
   */
  resumable?: boolean;
  run(ctx: StageContext<S>): Promise<void>;
}

/**
 * What a stage declares, apart from its code: everything `pipeline status`, `pipeline stages` and the
 * runner's staleness checks need, so they load no stage's implementation (stages/declarations.ts).
 */
export type StageDeclaration<S extends ConfigSection = ConfigSection> = Omit<Stage<S>, 'run'>;

/** A declaration whose `externalFingerprint` sees only the config sections listed in `configSections` (inferred from that list alone). */
export function declareStage<const S extends ConfigSection>(
  declaration: Omit<Stage<S>, 'run' | 'externalFingerprint'> & { externalFingerprint?: (config: Pick<Config, NoInfer<S>>) => Promise<string> },
): StageDeclaration<S> {
  return declaration;
}

/** What a declared stage's `run` is handed: its declared config sections and only those (reading another one is a type error). */
export type ContextOf<D> = D extends StageDeclaration<infer S> ? StageContext<S> : never;

/** The stage its declaration describes, whose `run` imports the stage's code (`load`) when the stage first runs. */
export function implementedBy<S extends ConfigSection>(declaration: StageDeclaration<S>, load: () => Promise<{ run: (ctx: StageContext<S>) => Promise<void> }>): Stage<S> {
  return { ...declaration, run: async (ctx) => (await load()).run(ctx) };
}
