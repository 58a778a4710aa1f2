import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod/mini';
import { writeFileAtomic } from '../data/atomicWrite.js';
import { configSchema, type Config } from '../stages/configSchema.js';

export class ConfigError extends Error {}

/** One line per problem, each naming the field by its path, e.g. `corpus.demo.seed: expected number, received string`. */
export function formatConfigIssues(error: z.core.$ZodError, source: string): string {
  const lines = error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => `  ${[...issue.path, k].join('.')}: unknown field (check its spelling and section)`);
    }
    const path = issue.path.length ? issue.path.join('.') : '(top level)';
    return [`  ${path}: ${issue.message}`];
  });
  return `invalid config ${source}:\n${lines.join('\n')}`;
}

export function parseConfig(raw: unknown, source = '(inline)'): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(formatConfigIssues(result.error, source));
  return result.data;
}

/** Paths in a config file are relative to the file's folder, so a config can travel with its data. */
function resolvePaths(config: Config, baseDir: string): Config {
  const abs = (p: string | undefined) => (p === undefined ? undefined : resolve(baseDir, p));
  const c = config.corpus;
  const noisy = Object.fromEntries(
    Object.entries(c.noisy).map(([name, n]) => [
      name,
      { test: abs(n.test), unlabelled: abs(n.unlabelled), speechCalibration: abs(n.speechCalibration), noiseCalibration: abs(n.noiseCalibration) },
    ]),
  );
  return {
    ...config,
    corpus: { ...c, audio: abs(c.audio), labels: abs(c.labels), root: abs(c.root), unknownConditionFolder: abs(c.unknownConditionFolder), noisy },
    simulate: { ...config.simulate, noiseFolder: abs(config.simulate.noiseFolder), trainingNoiseFolder: abs(config.simulate.trainingNoiseFolder) },
  };
}

/** What `pipeline run all` uses without --config: the demo corpus with training settings that finish in minutes. */
export const DEMO_CONFIG_PATH = fileURLToPath(new URL('../../configs/demo.json', import.meta.url));

export function loadConfig(path: string = DEMO_CONFIG_PATH): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${path}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return resolvePaths(parseConfig(raw, path), dirname(resolve(path)));
}

/** The effective config a run used, saved in its run directory so `status` compares against it. */
export function runConfigPath(runDir: string): string {
  return join(runDir, 'config.json');
}

/** Saved with paths already absolute, so it loads the same from anywhere. */
export async function saveRunConfig(runDir: string, config: Config): Promise<void> {
  await writeFileAtomic(runConfigPath(runDir), JSON.stringify(config, null, 2) + '\n');
}

/** The config with `cluster` fields given on the command line (undefined: not given), validated as the file's are. */
export function withClusterOverrides(config: Config, overrides: Partial<Record<keyof Config['cluster'], unknown>>): Config {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return Object.keys(given).length ? parseConfig({ ...config, cluster: { ...config.cluster, ...given } }, '(command-line options)') : config;
}
