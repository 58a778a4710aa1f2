import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runCli } from '../support/cli.js';
import { tone, writeWavFixture } from '../support/audioFixtures.js';

const root = mkdtempSync(join(tmpdir(), 'cli-corpora-'));
const readCsv = (path: string): Record<string, string>[] => parse(readFileSync(path, 'utf8'), { columns: true });

test('MSP-Podcast layout is read as shipped, with its Split_Set and the real noisy recordings of a condition', () => {
  const msp = join(root, 'MSP-Podcast');
  const splits = ['Train', 'Train', 'Development', 'Test1', 'Test1', 'Test2'];
  const rows = ['FileName,EmoClass,EmoAct,EmoVal,EmoDom,SpkrID,Gender,Split_Set'];
  splits.forEach((split, i) => {
    const name = `MSP-PODCAST_0001_${String(i).padStart(4, '0')}.wav`;
    writeWavFixture(join(msp, 'Audios', name), [tone(200 + 20 * i, 1, 16000)], 16000);
    rows.push(`${name},N,${2 + i / 2},4.2,3.8,${100 + i},Female,${split}`);
  });
  writeWavFixture(join(msp, 'Audios', 'MSP-PODCAST_0002_0001.wav'), [tone(330, 1, 16000)], 16000);
  mkdirSync(join(msp, 'Labels'), { recursive: true });
  writeFileSync(join(msp, 'Labels', 'labels_consensus.csv'), rows.join('\n') + '\n');

  // The user's own booth recordings of condition 5dB: the two test files re-recorded, unlabelled noisy audio, calibration.
  const booth = join(root, 'booth');
  writeWavFixture(join(booth, 'test', 'MSP-PODCAST_0001_0003.wav'), [tone(260, 1, 48000)], 48000);
  writeWavFixture(join(booth, 'test', 'MSP-PODCAST_0001_0004.wav'), [tone(280, 1, 48000)], 48000);
  writeWavFixture(join(booth, 'test', 'stranger.wav'), [tone(280, 1, 48000)], 48000);
  writeWavFixture(join(booth, 'unlabelled', 'u1.wav'), [tone(300, 1, 48000)], 48000);
  writeWavFixture(join(booth, 'speech.wav'), [tone(200, 3, 48000)], 48000);
  writeWavFixture(join(booth, 'noise.wav'), [tone(900, 3, 48000, 0.1)], 48000);

  const config = join(root, 'msp.json');
  writeFileSync(
    config,
    JSON.stringify({
      corpus: {
        kind: 'msp-podcast',
        root: 'MSP-Podcast',
        noisy: { '5dB': { test: 'booth/test', unlabelled: 'booth/unlabelled', speechCalibration: 'booth/speech.wav', noiseCalibration: 'booth/noise.wav' } },
      },
    }),
  );
  const workdir = join(root, 'run');
  const r = runCli(['run', 'ingest', '--config', config, '--workdir', workdir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /1 labelled files are in splits this run does not use/);
  const utterances = readCsv(join(workdir, 'ingest', 'utterances.csv'));
  const sets = (s: string) =>
    utterances
      .filter((u) => u.set === s)
      .map((u) => u.id)
      .sort();
  assert.deepEqual(sets('train'), ['MSP-PODCAST_0001_0000', 'MSP-PODCAST_0001_0001']);
  assert.deepEqual(sets('dev'), ['MSP-PODCAST_0001_0002']);
  assert.deepEqual(sets('test-clean'), ['MSP-PODCAST_0001_0003', 'MSP-PODCAST_0001_0004']);
  assert.deepEqual(sets('unlabelled-clean'), ['MSP-PODCAST_0002_0001']);
  assert.deepEqual(sets('test-5dB'), ['MSP-PODCAST_0001_0003', 'MSP-PODCAST_0001_0004']);
  assert.deepEqual(sets('unlabelled-5dB'), ['u1']);
  const noisy = utterances.find((u) => u.set === 'test-5dB' && u.id === 'MSP-PODCAST_0001_0004')!;
  assert.equal(noisy.EmoAct, '4', 'labels carry over from the clean test file');
  assert.equal(noisy.speaker, '104');
  assert.equal(noisy.condition, '5dB');
  const rejected = readCsv(join(workdir, 'ingest', 'rejected.csv'));
  assert.deepEqual(
    rejected.map((x) => x.reason),
    ['no clean test file with the same name, so its labels are unknown (condition 5dB)'],
  );
  const calibration = readCsv(join(workdir, 'ingest', 'calibration.csv'));
  assert.deepEqual(
    calibration.map((c) => [c.condition, c.kind, Number(c.duration_s)]),
    [
      ['5dB', 'speech', 3],
      ['5dB', 'noise', 3],
    ],
  );
});

test('a real-recordings entry must name a configured condition', () => {
  const config = join(root, 'badcond.json');
  writeFileSync(config, JSON.stringify({ corpus: { kind: 'msp-podcast', root: 'MSP-Podcast', noisy: { '3dB': { test: 'booth/test' } } } }));
  const r = runCli(['run', 'ingest', '--config', config, '--workdir', join(root, 'run-bad')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /corpus\.noisy\.3dB: no condition of that name in conditions \(10dB, 5dB, 0dB\)/);
});

test('a noise pool too short for one recording stops simulate with the seconds needed and available', () => {
  const corpus = join(root, 'small');
  const rows = ['FileName,EmoAct,SpkrID'];
  for (let i = 0; i < 6; i++) {
    writeWavFixture(join(corpus, `u${i}.wav`), [tone(200 + 10 * i, 1, 16000)], 16000);
    rows.push(`u${i}.wav,${2 + i / 2},s${i}`);
  }
  writeWavFixture(join(corpus, 'pool.wav'), [tone(250, 1, 16000)], 16000);
  writeFileSync(join(root, 'small.csv'), rows.join('\n') + '\n');
  writeWavFixture(join(root, 'noise', 'radio.wav'), [tone(900, 2, 16000, 0.1)], 16000);
  const config = join(root, 'small.json');
  writeFileSync(config, JSON.stringify({ corpus: { kind: 'folder', audio: 'small', labels: 'small.csv' }, simulate: { noiseFolder: 'noise' } }));
  const r = runCli(['run', 'simulate', '--config', config, '--workdir', join(root, 'run-small')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /stage simulate failed: the noise pool \(.*noise\) holds 2\.0 s of audio; one recording needs 60\.3 s without looping \(the 60 s calibration recording\)/);
  const status = runCli(['status', '--config', config, '--workdir', join(root, 'run-small')]).stdout;
  assert.match(status, /^ingest\s+done\s/m, 'ingest’s outputs are kept');
  assert.match(status, /^simulate\s+failed\s/m);
});
