import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sampleCorrelation } from 'simple-statistics';
import { decodeAudio } from '../../../data/audio/decodeAudio.js';
import { ensureDemoCorpus } from '../../../data/corpus/demoCorpus.js';
import { createRng } from '../../../dsp/random.js';
import { rms, synthesizeUtterance } from '../../../dsp/synth/speechSynth.js';
import { randomSpeaker, voiceForLabels } from '../../../data/corpus/demoCorrelates.js';

const options = {
  seed: 5,
  labelledSpeakers: 4,
  utterancesPerLabelledSpeaker: 12,
  unlabelledSpeakers: 2,
  utterancesPerUnlabelledSpeaker: 3,
  minDurationS: 1.5,
  maxDurationS: 4,
  noiseClips: 1,
  noiseClipDurationS: 10,
};

test('the demo corpus is deterministic from its seed and has the documented shape', async () => {
  const a = await ensureDemoCorpus(mkdtempSync(join(tmpdir(), 'demo-a-')), options);
  const b = await ensureDemoCorpus(mkdtempSync(join(tmpdir(), 'demo-b-')), options);
  const files = readdirSync(a.audioDir).sort();
  assert.equal(files.length, 4 * 12 + 2 * 3);
  for (const f of files.slice(0, 5)) assert.deepEqual(readFileSync(join(a.audioDir, f)), readFileSync(join(b.audioDir, f)), f);
  const rows: Record<string, string>[] = parse(readFileSync(a.labelsCsv, 'utf8'), { columns: true });
  const labelled = rows.filter((r) => r.EmoAct !== '');
  assert.equal(labelled.length, 48);
  assert.equal(rows.length - labelled.length, 6, 'unlabelled files keep a speaker row with empty labels');
  for (const r of labelled) for (const c of ['EmoAct', 'EmoVal', 'EmoDom']) assert.ok(Number(r[c]) >= 1 && Number(r[c]) <= 7);
  for (const f of files) {
    const { samples, durationS } = await decodeAudio(join(a.audioDir, f));
    assert.ok(durationS >= 1.5 - 1e-3 && durationS <= 4 + 1e-3, `${f}: ${durationS} s`);
    assert.ok(
      samples.every((x) => Math.abs(x) < 1),
      `${f} does not clip`,
    );
  }
  const noise = await decodeAudio(join(a.noiseDir, readdirSync(a.noiseDir)[0]));
  assert.ok(Math.abs(noise.durationS - 10) < 1e-3);
  assert.ok(Math.abs(20 * Math.log10(rms(noise.samples)) + 25) < 0.5, 'noise clips sit at −25 dBFS RMS');
});

test('arousal drives level, and F0 moves with arousal as documented', () => {
  const rng = createRng(11);
  const speaker = randomSpeaker('x', rng);
  const arousal: number[] = [];
  const levelDb: number[] = [];
  const f0Hz: number[] = [];
  for (let i = 0; i < 40; i++) {
    const a = 1 + (6 * i) / 39;
    const voice = voiceForLabels(speaker, { arousal: a, valence: 4, dominance: 4 }, 2, rng);
    arousal.push(a);
    f0Hz.push(voice.f0MeanHz);
    levelDb.push(20 * Math.log10(rms(synthesizeUtterance(voice, 16000, rng))));
  }
  assert.ok(sampleCorrelation(arousal, levelDb) > 0.8, `level r = ${sampleCorrelation(arousal, levelDb)}`);
  assert.ok(sampleCorrelation(arousal, f0Hz.map(Math.log)) > 0.8);
});
