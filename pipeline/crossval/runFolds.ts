/**
 * `pipeline run` with `corpus.folds`: the ordinary stage chain once per fold, each in its own run
 * directory, then the pooled summary. A fold that fails does not stop the others, and each fold
 * directory keeps its manifest, so running again resumes where every fold stopped.
 */
import { existsSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { CorpusError } from '../../data/corpus/corpusError.js';
import type { Config } from '../../stages/configSchema.js';
import type { StageName } from '../../stages/types.js';
import { saveRunConfig } from '../config.js';
import { makeLogger } from '../logger.js';
import { lockRunDirectory } from '../runLock.js';
import { runStages, StageFailure } from '../runner.js';
import { foldConfig, foldDir, foldsOf, sharedCacheDir } from './layout.js';
import { summarizeFolds } from './summarizeFolds.js';

export interface FoldRunOptions {
  config: Config;
  workdir: string;
  jobs: number;
  force?: boolean;
  wait?: boolean;
  command?: string;
  interactive?: boolean;
}

/** The stages whose outputs the summary reads: asking for them (or for all) also pools the folds. */
const SUMMARY_AFTER: readonly StageName[] = ['evaluate', 'report'];

/** A fold's `cache` is a link to the parent's, so no file is decoded or simulated twice across folds. */
async function linkSharedCache(runDir: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await mkdir(sharedCacheDir(runDir), { recursive: true });
  const own = join(dir, 'cache');
  if (!existsSync(own)) await symlink(relative(dir, sharedCacheDir(runDir)), own, 'dir');
}

/** Runs the stages in every fold in turn; returns the folds that failed, having run the others. */
async function runEachFold(names: readonly StageName[], o: FoldRunOptions, runDir: string, log: ReturnType<typeof makeLogger>): Promise<{ fold: number; error: StageFailure }[]> {
  const folds = foldsOf(o.config);
  const failures: { fold: number; error: StageFailure }[] = [];
  let interrupted = false;
  const onSignal = () => (interrupted = true);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    for (const fold of folds) {
      const dir = foldDir(runDir, fold);
      log.info(`fold ${fold}/${folds.length}: ${dir}`);
      await linkSharedCache(runDir, dir);
      try {
        await runStages(names, { ...o, config: foldConfig(o.config, fold), workdir: dir });
        log.info(`fold ${fold}/${folds.length} done`);
      } catch (e) {
        // A corpus problem is every fold's; an interruption or a lock held elsewhere stops the whole run.
        if (e instanceof StageFailure && e.cause instanceof CorpusError) throw e.cause;
        if (interrupted || !(e instanceof StageFailure)) throw e;
        failures.push({ fold, error: e });
        log.warn(`fold ${fold}/${folds.length} failed (${e.message}); going on with the next fold`);
      }
      if (interrupted) throw new Error('interrupted');
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  return failures;
}

export async function runFolds(names: readonly StageName[], o: FoldRunOptions): Promise<void> {
  const runDir = resolve(o.workdir);
  const folds = foldsOf(o.config);
  await mkdir(runDir, { recursive: true });
  const log = makeLogger(join(runDir, 'pipeline.log'), 'crossval');
  const lock = await lockRunDirectory(o.workdir, { command: o.command ?? 'pipeline run', wait: o.wait === true, onWait: log.info });
  try {
    await saveRunConfig(runDir, o.config);
    const failures = await runEachFold(names, o, runDir, log);
    if (failures.length) {
      const [first] = failures;
      const done = folds.filter((f) => !failures.some((x) => x.fold === f));
      throw new StageFailure(
        first.error.stage,
        `in fold ${first.fold} of ${folds.length}: ${first.error.reason}; failed folds: ${failures.map((f) => f.fold).join(', ')}, done: ${done.join(', ') || 'none'} (kept: running again resumes)`,
        first.error.cause,
      );
    }
    if (names.length === 0 || names.some((n) => SUMMARY_AFTER.includes(n))) {
      const out = await summarizeFolds(runDir, o.config, folds);
      log.info(`cross-validation summary of ${folds.length} folds written: ${join(out, 'report.html')}`);
    }
  } finally {
    lock.release();
  }
}
