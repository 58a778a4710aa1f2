import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../pipeline/config.js';
import { listFiles } from '../../pipeline/hashing.js';
import { readManifest } from '../../pipeline/manifest.js';
import { pathPattern, undeclaredOutputs } from '../../pipeline/outputRecords.js';
import { STAGES } from '../../pipeline/registry.js';
import { runStages, stageConfig } from '../../pipeline/runner.js';
import type { Config } from '../../stages/configSchema.js';
import type { Stage, StageContext, StageName } from '../../stages/types.js';

/**
 * Every stage's declarations against what it does, on a small demo run through the real runner:
 * the config sections it reads are the ones it declares; the upstream folders it opens are among its
 * dependsOn; each declared input and output is a file the run has; and, run again in a run directory
 * holding only its declared inputs, it writes the same files (so it reads nothing it does not declare).
 */
const root = mkdtempSync(join(tmpdir(), 'stage-declarations-'));
const workdir = join(root, 'run');
const config = parseConfig({
  corpus: {
    kind: 'demo',
    demo: {
      seed: 5,
      labelledSpeakers: 6,
      utterancesPerLabelledSpeaker: 6,
      unlabelledSpeakers: 2,
      utterancesPerUnlabelledSpeaker: 6,
      minDurationS: 1.5,
      maxDurationS: 2,
      noiseClips: 2,
      noiseClipDurationS: 10,
    },
  },
  conditions: [
    { name: '10dB', speechDistanceIn: 5, noiseDistanceIn: 35 },
    { name: '0dB', speechDistanceIn: 15, noiseDistanceIn: 25 },
  ],
  simulate: { calibrationDurationS: 6 },
  train: { models: ['dense', 'dense_adabn', 'ln', 'dln'], attributes: ['arousal'], seeds: 1, epochs: 2, batchSize: 8, hiddenUnits: [8, 8], emotionUnits: 4, keepCheckpoints: true },
  evaluate: { bootstrapDraws: 100 },
});

/** The stage's config as the runner hands it, recording which sections are read (accessors survive a worker's structured clone). */
function recordingConfig(sections: Pick<Config, keyof Config>, read: Set<string>) {
  const out = {};
  for (const [key, value] of Object.entries(sections)) Object.defineProperty(out, key, { enumerable: true, get: () => (read.add(key), value) });
  return out as typeof sections;
}

const sectionsRead = new Map<StageName, Set<string>>();
const foldersOpened = new Map<StageName, Set<StageName>>();
const recorded: Stage[] = STAGES.map((stage) => ({
  ...stage,
  run(ctx: StageContext) {
    const read = new Set<string>();
    const opened = new Set<StageName>();
    sectionsRead.set(stage.name, read);
    foldersOpened.set(stage.name, opened);
    return stage.run({ ...ctx, config: recordingConfig(ctx.config, read), inputDir: (s) => (opened.add(s), ctx.inputDir(s)) });
  },
}));

const matches = (pattern: string, files: readonly string[]) => files.some((f) => pathPattern(pattern).test(f));
const runFiles = async (dir: string) => (await listFiles(dir)).filter((f) => !f.startsWith('cache/') && !f.startsWith('.partial/'));

test('every stage reads the config sections, upstream folders and files it declares, and writes the files it declares', { timeout: 600_000 }, async () => {
  await runStages([], { config, workdir, jobs: 2, stages: recorded, interactive: false });
  const manifest = readManifest(workdir);
  const files = await runFiles(workdir);
  for (const stage of STAGES) {
    assert.deepEqual([...sectionsRead.get(stage.name)!].sort(), [...stage.configSections].sort(), `${stage.name}: config sections read`);
    for (const s of foldersOpened.get(stage.name)!) assert.ok(stage.dependsOn.includes(s), `${stage.name} opens ${s}/ but does not depend on it`);
    for (const input of stage.inputs) {
      assert.ok(
        stage.dependsOn.some((d) => input.startsWith(`${d}/`)),
        `${stage.name}: input ${input} is not in a folder of its dependsOn`,
      );
      assert.ok(matches(input, files), `${stage.name}: declared input ${input} is no file of the run`);
    }
    const written = Object.keys(manifest[stage.name].files!);
    assert.deepEqual(undeclaredOutputs(stage, written), [], `${stage.name}: files written but not declared`);
    for (const output of stage.outputs)
      assert.ok(
        matches(
          output,
          written.map((f) => `${stage.name}/${f}`),
        ),
        `${stage.name}: declared output ${output} was not written`,
      );
  }

  // Each stage again, in a run directory with nothing but its declared inputs (and the shared cache).
  for (const stage of STAGES.filter((s) => s.name !== 'ingest')) {
    const alone = join(root, `alone-${stage.name}`);
    for (const f of files.filter((f) => stage.inputs.some((p) => pathPattern(p).test(f)))) cpSync(join(workdir, f), join(alone, f));
    symlinkSync(join(workdir, 'cache'), join(alone, 'cache'));
    const outDir = join(alone, '.out', stage.name);
    mkdirSync(outDir, { recursive: true });
    await stage.run({
      config: stageConfig(stage, config),
      runDir: alone,
      outDir,
      publishedDir: join(alone, stage.name),
      inputDir: (s) => join(alone, s),
      cacheDir: join(alone, 'cache'),
      jobs: 2,
      log: { info: () => {}, warn: () => {} },
      progress: () => ({ tick: () => {}, done: () => {} }),
      signal: new AbortController().signal,
      stageRecords: () => [],
    });
    assert.deepEqual(await listFiles(outDir), Object.keys(manifest[stage.name].files!).sort(), `${stage.name} with only its declared inputs writes other files`);
  }
  const results = (dir: string) => readFileSync(join(dir, 'results.csv'), 'utf8');
  assert.equal(results(join(root, 'alone-evaluate', '.out', 'evaluate')), results(join(workdir, 'evaluate')), 'evaluate scores the same from its declared inputs alone');
  assert.ok(existsSync(join(root, 'alone-report', '.out', 'report', 'report.html')));
});
