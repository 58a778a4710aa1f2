import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { createRng, deriveSeed } from '../../dsp/random.js';
import { synthesizeRadioClip } from '../../dsp/synth/radioNoise.js';
import { synthesizeUtterance } from '../../dsp/synth/speechSynth.js';
import { writeWav } from '../audio/writeWav.js';
import { randomLabels, randomSpeaker, voiceForLabels } from './demoCorrelates.js';

export interface DemoCorpusOptions {
  seed: number;
  labelledSpeakers: number;
  utterancesPerLabelledSpeaker: number;
  unlabelledSpeakers: number;
  utterancesPerUnlabelledSpeaker: number;
  minDurationS: number;
  maxDurationS: number;
  noiseClips: number;
  noiseClipDurationS: number;
}

export interface DemoCorpus {
  audioDir: string;
  labelsCsv: string;
  noiseDir: string;
}

const SAMPLE_RATE_HZ = 16000;
/** Bump when the generator changes, so a cached demo corpus made by older code is regenerated. */
export const DEMO_GENERATOR_VERSION = 2;
const NOISE_LEVEL_DBFS = -25;

export function demoCorpusPaths(dir: string): DemoCorpus {
  return { audioDir: join(dir, 'audio'), labelsCsv: join(dir, 'labels.csv'), noiseDir: join(dir, 'noise') };
}

/**
 * Generates the built-in demo corpus into `dir` (deterministic from the options), unless a complete
 * copy made from the same options is already there: labelled utterances from some synthetic
 * speakers (labels.csv: FileName, EmoAct, EmoVal, EmoDom, SpkrID, Gender), unlabelled utterances
 * from other speakers (rows with empty label columns), and a pool of radio-style noise clips.
 * A demo, not a benchmark: the labels drive the synthesiser through documented correlates.
 */
export async function ensureDemoCorpus(dir: string, options: DemoCorpusOptions, onFile?: (done: number, total: number) => void): Promise<DemoCorpus> {
  const paths = demoCorpusPaths(dir);
  const stamp = JSON.stringify({ DEMO_GENERATOR_VERSION, ...options });
  const stampPath = join(dir, 'complete.json');
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return paths;
  await rm(dir, { recursive: true, force: true });
  await mkdir(paths.audioDir, { recursive: true });
  await mkdir(paths.noiseDir, { recursive: true });

  const total = options.labelledSpeakers * options.utterancesPerLabelledSpeaker + options.unlabelledSpeakers * options.utterancesPerUnlabelledSpeaker + options.noiseClips;
  let done = 0;
  const rows: Record<string, string | number>[] = [];
  const speakerGroups = [
    { prefix: 'spk', count: options.labelledSpeakers, perSpeaker: options.utterancesPerLabelledSpeaker, labelled: true },
    { prefix: 'unl', count: options.unlabelledSpeakers, perSpeaker: options.utterancesPerUnlabelledSpeaker, labelled: false },
  ];
  for (const group of speakerGroups) {
    for (let s = 0; s < group.count; s++) {
      const speakerId = `${group.prefix}${String(s + 1).padStart(2, '0')}`;
      const rng = createRng(deriveSeed(options.seed, speakerId));
      const speaker = randomSpeaker(speakerId, rng);
      for (let u = 0; u < group.perSpeaker; u++) {
        const fileName = `demo_${speakerId}_${String(u + 1).padStart(3, '0')}.wav`;
        const labels = randomLabels(rng);
        const durationS = rng.range(options.minDurationS, options.maxDurationS);
        const samples = synthesizeUtterance(voiceForLabels(speaker, labels, durationS, rng), SAMPLE_RATE_HZ, rng);
        await writeWav(join(paths.audioDir, fileName), samples, SAMPLE_RATE_HZ);
        // Unlabelled files keep a row for their speaker, with the label columns empty.
        const emotion = group.labelled ? { EmoAct: labels.arousal, EmoVal: labels.valence, EmoDom: labels.dominance } : { EmoAct: '', EmoVal: '', EmoDom: '' };
        rows.push({ FileName: fileName, ...emotion, SpkrID: speakerId, Gender: speaker.gender });
        onFile?.(++done, total);
      }
    }
  }
  for (let c = 0; c < options.noiseClips; c++) {
    const name = `radio_${String(c + 1).padStart(2, '0')}`;
    const clip = synthesizeRadioClip(options.noiseClipDurationS, SAMPLE_RATE_HZ, NOISE_LEVEL_DBFS, createRng(deriveSeed(options.seed, name)));
    await writeWav(join(paths.noiseDir, `${name}.wav`), clip, SAMPLE_RATE_HZ);
    onFile?.(++done, total);
  }
  await writeFile(paths.labelsCsv, stringify(rows, { header: true, columns: ['FileName', 'EmoAct', 'EmoVal', 'EmoDom', 'SpkrID', 'Gender'] }));
  await writeFile(stampPath, stamp);
  return paths;
}
