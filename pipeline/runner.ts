import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../stages/configSchema.js';
import { stageDir } from '../stages/layout.js';
import type { ConfigSection, Stage, StageName } from '../stages/types.js';
import { saveRunConfig } from './config.js';
import { canonicalJson, hashText } from './hashing.js';
import { failureMessage } from './failureMessage.js';
import { makeLogger } from './logger.js';
import { readManifest, writeManifest, type Manifest, type StageRecord } from './manifest.js';
import { outputChanges, outputHashOf, recordFiles, undeclaredOutputs, verifyStageOutputs } from './outputRecords.js';
import { makeProgressFactory } from './progress.js';
import { runOrder, STAGES, withUpstream } from './registry.js';
import { lockRunDirectory } from './runLock.js';

export interface RunOptions {
  config: Config;
  workdir: string;
  jobs: number;
  force?: boolean;
  /** Overrides terminal detection for the progress display (tests). */
  interactive?: boolean;
  /** The stage registry; tests may run the runner on stages of their own. */
  stages?: readonly Stage[];
  /** Wait for another process's run on the same directory to finish instead of failing. */
  wait?: boolean;
  /** This invocation, as a second process is told who holds the run directory. */
  command?: string;
}

export type StageState = 'done' | 'stale' | 'failed' | 'not run';

export interface StageStatus {
  stage: Stage;
  state: StageState;
  record?: StageRecord;
  /** Why a stage is stale, in words. */
  reason?: string;
}

/** The config sections a stage declares, and only those: what the runner hands it and what its hash covers. */
export function stageConfig<S extends ConfigSection>(stage: Stage<S>, config: Config): Pick<Config, S> {
  return Object.fromEntries(stage.configSections.map((k) => [k, config[k]])) as Pick<Config, S>;
}

function configHashOf(stage: Stage, config: Config): string {
  return hashText(canonicalJson(stageConfig(stage, config)));
}

async function inputHashOf(stage: Stage, config: Config, manifest: Manifest): Promise<string> {
  const upstream = stage.dependsOn.map((d) => `${d}=${manifest[d]?.outputHash ?? 'missing'}`);
  const external = stage.externalFingerprint ? await stage.externalFingerprint(stageConfig(stage, config)) : '';
  return hashText(stage.name, String(stage.version), configHashOf(stage, config), ...upstream, external);
}

/**
 * Each stage's state against the current config and corpus, in run order. A stage is stale when
 * its own inputs changed or when any upstream stage is not done and up to date.
 */
export async function computeStatus(config: Config, runDir: string, stages: readonly Stage[] = STAGES): Promise<StageStatus[]> {
  const manifest = readManifest(runDir);
  const result: StageStatus[] = [];
  const upToDate = new Set<StageName>();
  for (const stage of runOrder(stages)) {
    const record = manifest[stage.name];
    let state: StageState;
    let reason: string | undefined;
    const present = existsSync(join(runDir, stage.name));
    const changed = record?.state === 'done' && present ? await outputChanges(runDir, stage.name, manifest) : undefined;
    if (!record) state = 'not run';
    else if (record.state === 'failed') state = 'failed';
    else if (!present) [state, reason] = ['stale', 'its output folder is missing'];
    else if (changed) [state, reason] = ['stale', changed];
    else if (stage.dependsOn.some((d) => !upToDate.has(d))) [state, reason] = ['stale', 'an upstream stage is not up to date'];
    else if (record.configHash !== configHashOf(stage, config)) [state, reason] = ['stale', `config changed (${stage.configSections.join(', ')})`];
    else if (record.inputHash !== (await inputHashOf(stage, config, manifest))) [state, reason] = ['stale', 'its inputs changed'];
    else state = 'done';
    if (state === 'done') upToDate.add(stage.name);
    result.push({ stage, state, record, reason });
  }
  return result;
}

/**
 * Runs the named stages (all when empty), first bringing every missing or stale upstream stage
 * up to date. Outputs go to a temporary folder that replaces the old one only on success, and the
 * manifest is rewritten atomically after each stage, so an interruption leaves both consistent.
 */
export async function runStages(names: readonly StageName[], options: RunOptions): Promise<void> {
  const runDir = resolve(options.workdir);
  await mkdir(runDir, { recursive: true });
  const cacheDir = join(runDir, 'cache');
  const logFile = join(runDir, 'pipeline.log');
  const stages = options.stages ?? STAGES;
  const targets = names.length ? names : stages.map((s) => s.name);
  const plan = withUpstream(targets, stages);
  const lock = await lockRunDirectory(options.workdir, { command: options.command ?? 'pipeline run', wait: options.wait === true, onWait: makeLogger(undefined, '').info });
  const abort = new AbortController();
  const onSignal = () => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await saveRunConfig(runDir, options.config);
    for (const stage of plan) {
      const manifest = readManifest(runDir);
      const previous = manifest[stage.name];
      const inputHash = await inputHashOf(stage, options.config, manifest);
      const forced = options.force === true && targets.includes(stage.name);
      const fresh = previous?.state === 'done' && previous.inputHash === inputHash && existsSync(join(runDir, stage.name));
      const log = makeLogger(logFile, stage.name);
      // Outputs edited behind the pipeline's back are made again, not used: by this stage, and through their hash by those after it.
      const changed = fresh && !forced ? await verifyStageOutputs(runDir, stage.name, manifest) : undefined;
      if (changed) log.warn(`${changed}; running the ${stage.name} stage again`);
      else if (fresh && !forced) {
        log.info('up to date, skipped');
        continue;
      }
      await runOne(stage, { ...options, runDir, cacheDir, logFile, inputHash, manifest, signal: abort.signal });
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    lock.release();
  }
}

interface RunOneOptions extends RunOptions {
  runDir: string;
  cacheDir: string;
  logFile: string;
  inputHash: string;
  manifest: Manifest;
  signal: AbortSignal;
}

/** Where a stage writes before its outputs are published, and the file naming the inputs that partial work was made from. */
export function partialPaths(runDir: string, stage: StageName): { dir: string; marker: string } {
  return { dir: join(runDir, '.partial', stage), marker: join(runDir, '.partial', `${stage}.input-hash`) };
}

/** The hash of everything a stage's result depends on, against the run directory's manifest now. */
export async function currentInputHash(stage: Stage, config: Config, runDir: string): Promise<string> {
  return inputHashOf(stage, config, readManifest(runDir));
}

/**
 * Opens a stage's partial folder for work made from `inputHash`. A resumable stage's partial work
 * is kept when it was made from the same inputs (an interrupted training grid, or runs trained by
 * cluster tasks); anything else starts empty.
 */
export async function openPartial(runDir: string, stage: Stage, inputHash: string): Promise<{ dir: string; resuming: boolean }> {
  const { dir, marker } = partialPaths(runDir, stage.name);
  const previous = await readFile(marker, 'utf8').catch(() => '');
  const resuming = stage.resumable === true && previous === inputHash && existsSync(dir);
  if (!resuming) await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  if (stage.resumable) await writeFile(marker, inputHash);
  return { dir, resuming };
}

async function runOne(stage: Stage, o: RunOneOptions): Promise<void> {
  const log = makeLogger(o.logFile, stage.name);
  const finalDir = join(o.runDir, stage.name);
  const { dir: partialDir, marker: markerPath } = partialPaths(o.runDir, stage.name);
  const { resuming } = await openPartial(o.runDir, stage, o.inputHash);
  const startedAt = new Date();
  log.info(resuming ? 'resuming its earlier partial work' : 'running');
  const base = { startedAt: startedAt.toISOString(), configHash: configHashOf(stage, o.config), inputHash: o.inputHash };
  try {
    await stage.run({
      config: stageConfig(stage, o.config),
      runDir: o.runDir,
      outDir: partialDir,
      publishedDir: stageDir(o.runDir, stage.name),
      inputDir: (s) => stageDir(o.runDir, s),
      cacheDir: o.cacheDir,
      jobs: o.jobs,
      log,
      progress: makeProgressFactory(log.line, o.interactive),
      signal: o.signal,
      stageRecords: () => {
        const manifest = readManifest(o.runDir);
        return (o.stages ?? STAGES)
          .filter((s) => manifest[s.name])
          .map((s) => ({ stage: s.name, state: manifest[s.name].state, seconds: manifest[s.name].durationS, startedAt: manifest[s.name].startedAt }));
      },
    });
    if (o.signal.aborted) throw o.signal.reason as Error;
    // Renaming the folder keeps its files' times, so these records hold in the final folder.
    const files = await recordFiles(partialDir);
    const undeclared = undeclaredOutputs(stage, Object.keys(files));
    if (undeclared.length)
      throw new Error(`the ${stage.name} stage wrote ${undeclared.length} files it does not declare as outputs (first: ${undeclared[0]}); declared: ${stage.outputs.join(', ')}`);
    const oldDir = join(o.runDir, '.partial', `${stage.name}.old`);
    await rm(oldDir, { recursive: true, force: true });
    if (existsSync(finalDir)) await rename(finalDir, oldDir);
    await rename(partialDir, finalDir);
    await rm(oldDir, { recursive: true, force: true });
    await rm(markerPath, { force: true });
    const durationS = (Date.now() - startedAt.getTime()) / 1000;
    o.manifest[stage.name] = { state: 'done', ...base, durationS, outputHash: outputHashOf(files), files };
    await writeManifest(o.runDir, o.manifest);
    log.info(`done in ${durationS.toFixed(1)} s`);
  } catch (e) {
    const message = failureMessage(e, o.runDir);
    log.toFileOnly(`failed: ${message}`);
    const durationS = (Date.now() - startedAt.getTime()) / 1000;
    const previous = o.manifest[stage.name];
    // Keep the hashes of the last good outputs, which stay in place for downstream stages.
    o.manifest[stage.name] = { ...base, ...(previous?.state === 'done' ? previous : {}), state: 'failed', startedAt: base.startedAt, durationS, error: message };
    await writeManifest(o.runDir, o.manifest);
    if (!stage.resumable) await rm(partialDir, { recursive: true, force: true });
    throw new StageFailure(stage.name, message, e);
  }
}

export class StageFailure extends Error {
  constructor(
    readonly stage: string,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`stage ${stage} failed: ${reason}`, { cause });
  }
}
