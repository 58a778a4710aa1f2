/**
 * Speaker cross-validation's layout, in one place: a run directory with `corpus.folds` holds one
 * ordinary run directory per fold (`folds/<k>`, its config testing fold k), sharing the parent's decode
 * cache, and the pooled summary in `crossval/`.
 */
import { join } from 'node:path';
import type { Config } from '../../stages/configSchema.js';

/** The run directory of fold k (from 1). */
export const foldDir = (runDir: string, fold: number) => join(runDir, 'folds', String(fold));

/** The cache every fold reads and writes: the parent run directory's own. */
export const sharedCacheDir = (runDir: string) => join(runDir, 'cache');

export const crossvalDir = (runDir: string) => join(runDir, 'crossval');

/** The files of crossval/. */
export const CROSSVAL_FILES = {
  /** Every fold's CCC of every run on every test set: the numbers of the folds' evaluate/results.csv. */
  folds: 'folds.csv',
  /** Per model × attribute × condition × seed: the CCC over every test speaker's predictions, pooled across folds. */
  pooled: 'pooled.csv',
  /** Per model × attribute × condition: statistics over fold × seed scores and the pooled speaker-bootstrap tests. */
  summary: 'summary.csv',
  /** The speakers of each fold. */
  speakers: 'speakers.csv',
  /** What the summary was made from (each fold's evaluate output hash), for `pipeline status`. */
  sources: 'sources.json',
  reportMarkdown: 'report.md',
  reportHtml: 'report.html',
} as const;

/** The config of fold k's run directory. */
export function foldConfig(config: Config, fold: number): Config {
  return { ...config, corpus: { ...config.corpus, testFold: fold } };
}

/** The folds of a config that asks for cross-validation (a config that tests one fold already runs as an ordinary run), else an empty list. */
export function foldsOf(config: Config): number[] {
  const { folds, testFold } = config.corpus;
  return folds === undefined || testFold !== undefined ? [] : Array.from({ length: folds }, (_, i) => i + 1);
}
