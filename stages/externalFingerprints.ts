/**
 * What stages read from outside the run directory, fingerprinted cheaply (names, sizes, modification
 * times) so that a changed corpus makes them stale. `pipeline status` runs these, so they live apart
 * from the stages' code.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_GENERATOR_VERSION } from '../data/corpus/demoCorpus.js';
import { listAudioFiles } from '../data/corpus/listCorpus.js';
import type { Config } from './configSchema.js';

/** Names, sizes and modification times of every input file: a changed corpus re-runs ingest. */
export async function corpusFingerprint(config: Pick<Config, 'corpus'>): Promise<string> {
  const c = config.corpus;
  const folders = [
    c.kind === 'folder' ? c.audio : undefined,
    c.kind === 'msp-podcast' ? c.root : undefined,
    c.unknownConditionFolder,
    ...Object.values(c.noisy).flatMap((n) => [n.test, n.unlabelled]),
  ];
  const files = [c.kind === 'folder' ? c.labels : undefined, ...Object.values(c.noisy).flatMap((n) => [n.speechCalibration, n.noiseCalibration])];
  const h = createHash('sha256');
  if (c.kind === 'demo') h.update(`demo generator ${DEMO_GENERATOR_VERSION}`);
  const add = async (path: string) => {
    const s = await stat(path).catch(() => undefined);
    h.update(`${path}\0${s?.size ?? -1}\0${s?.mtimeMs ?? -1}\0`);
  };
  for (const folder of folders.filter((f): f is string => Boolean(f))) {
    const { files: list, rejected } = await listAudioFiles(folder).catch(() => ({ files: [] as string[], rejected: [] }));
    // Broken links count too: mending one changes the corpus.
    for (const f of [...list.map((x) => join(folder, x)), ...rejected.map((r) => r.path)]) await add(f);
  }
  for (const f of files.filter((x): x is string => Boolean(x))) await add(f);
  if (c.kind === 'msp-podcast') await add(join(c.root!, 'Labels', 'labels_consensus.csv'));
  return h.digest('hex');
}

/** The noise folders' audio files, by name: a changed noise pool re-runs simulate. */
export async function noiseFoldersFingerprint(config: Pick<Config, 'simulate'>): Promise<string> {
  const listed = async (folder: string | undefined) => (folder ? (await listAudioFiles(folder).catch(() => ({ files: [] }))).files.join('\n') : '');
  const training = config.simulate.multiCondition ? await listed(config.simulate.trainingNoiseFolder) : '';
  // A run without multi-condition training keeps the fingerprint it had before the training noise existed.
  return (await listed(config.simulate.noiseFolder)) + (training && `\ntraining:\n${training}`);
}
