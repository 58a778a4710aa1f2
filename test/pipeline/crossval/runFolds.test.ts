import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { tone, writeWavFixture } from '../../support/audioFixtures.js';
import { runCli } from '../../support/cli.js';

/**
 * `pipeline run all` with corpus.folds through the real CLI on a tiny demo corpus: a fold that fails
 * does not stop the other, running again resumes, and the pooled summary's per-fold numbers are those
 * of each fold's own evaluate stage.
 */
const root = mkdtempSync(join(tmpdir(), 'crossval-'));
const workdir = join(root, 'run');
const configPath = join(root, 'config.json');
const demo = {
  seed: 3,
  labelledSpeakers: 6,
  utterancesPerLabelledSpeaker: 4,
  unlabelledSpeakers: 1,
  utterancesPerUnlabelledSpeaker: 6,
  minDurationS: 1.5,
  maxDurationS: 2,
  noiseClips: 1,
  noiseClipDurationS: 8,
};
writeFileSync(
  configPath,
  JSON.stringify({
    corpus: { kind: 'demo', folds: 2, demo },
    conditions: [{ name: '10dB', speechDistanceIn: 5, noiseDistanceIn: 35, targetSnrDb: 11 }],
    simulate: { calibrationDurationS: 4 },
    train: { models: ['dense', 'ln'], attributes: ['arousal'], seeds: 2, epochs: 2, batchSize: 8, learningRate: 0.001, hiddenUnits: [8, 8], emotionUnits: 4 },
    evaluate: { bootstrapDraws: 100, inputLateralAblation: false },
  }),
);
const csv = (path: string): Record<string, string>[] => parse(readFileSync(join(workdir, path), 'utf8'), { columns: true });
const manifest = (fold: number) => JSON.parse(readFileSync(join(workdir, 'folds', String(fold), 'manifest.json'), 'utf8')) as Record<string, { state: string; startedAt: string }>;
const STAGES = ['ingest', 'simulate', 'calibrate', 'features', 'normalize', 'train', 'evaluate', 'report'];

test('speaker cross-validation: a failed fold keeps the others, a second run resumes, and the summary pools every fold', { timeout: 240_000 }, () => {
  // Fold 1's cache is a file where its link to the shared cache belongs: its ingest fails for real.
  mkdirSync(join(workdir, 'folds', '1'), { recursive: true });
  writeFileSync(join(workdir, 'folds', '1', 'cache'), 'not a folder');
  const first = runCli(['run', 'all', '--config', configPath, '--workdir', workdir, '--jobs', '2'], { timeoutMs: 200_000 });
  assert.equal(first.status, 1, first.stderr.slice(-2000));
  assert.match(first.stderr, /crossval: fold 1\/2: /);
  assert.match(first.stderr, /crossval: warning: fold 1\/2 failed \(stage ingest failed: .*\); going on with the next fold/);
  assert.match(first.stderr, /crossval: fold 2\/2 done/);
  assert.match(first.stderr, /^error: stage ingest failed: in fold 1 of 2: .*failed folds: 1, done: 2 \(kept: running again resumes\)$/m);
  assert.equal(manifest(1).ingest.state, 'failed');
  for (const s of STAGES) assert.equal(manifest(2)[s].state, 'done', `fold 2 ${s}`);
  assert.ok(!existsSync(join(workdir, 'crossval')), 'no summary without every fold');
  const status = runCli(['status', '--workdir', workdir]).stdout;
  assert.match(status, /^stage\s+fold 1\/2\s+fold 2\/2$/m);
  assert.match(status, /^ingest\s+failed\s+done$/m);
  assert.match(status, /^cross-validation summary .*: not written$/m);

  rmSync(join(workdir, 'folds', '1', 'cache'));
  const fold2 = manifest(2);
  const second = runCli(['run', 'all', '--config', configPath, '--workdir', workdir, '--jobs', '2'], { timeoutMs: 200_000 });
  assert.equal(second.status, 0, second.stderr.slice(-2000));
  assert.deepEqual(manifest(2), fold2, 'fold 2 was not run again');
  assert.match(second.stderr, /cross-validation summary of 2 folds written/);
  assert.match(runCli(['status', '--workdir', workdir]).stdout, /^cross-validation summary .*: up to date$/m);

  // Each fold's test speakers are its ingest's test-clean speakers; together every labelled speaker, once.
  const speakers = csv('crossval/speakers.csv');
  for (const fold of [1, 2]) {
    const tested = new Set(
      csv(`folds/${fold}/ingest/utterances.csv`)
        .filter((u) => u.set === 'test-clean')
        .map((u) => u.speaker),
    );
    assert.deepEqual(
      speakers
        .filter((s) => s.fold === String(fold))
        .map((s) => s.speaker)
        .sort(),
      [...tested].sort(),
    );
    assert.ok(tested.size > 0);
  }
  assert.deepEqual(speakers.map((s) => s.speaker).sort(), ['spk01', 'spk02', 'spk03', 'spk04', 'spk05', 'spk06']);

  // The distributed result against the local one: each fold's CCCs in the summary are its evaluate stage's, to the last digit.
  const pooledFolds = csv('crossval/folds.csv');
  const local = [1, 2].flatMap((fold) =>
    csv(`folds/${fold}/evaluate/results.csv`)
      .filter((r) => r.condition !== 'dev')
      .map((r): Record<string, string> => ({ ...r, fold: String(fold) })),
  );
  assert.equal(pooledFolds.length, local.length);
  assert.ok(local.length >= 12, `${local.length} scores`);
  for (const r of local) {
    const match = pooledFolds.filter(
      (x) => x.fold === r.fold && x.model === r.model && x.attribute === r.attribute && x.condition === r.condition && x.trainedFor === r.trainedFor && x.seed === r.seed,
    );
    assert.equal(match.length, 1);
    assert.equal(match[0].ccc, r.ccc, `fold ${r.fold} ${r.model} ${r.condition} seed ${r.seed}`);
  }
  const summary = csv('crossval/summary.csv');
  const pooled = csv('crossval/pooled.csv');
  for (const s of summary) {
    assert.equal(s.speakers, '6');
    assert.equal(s.nSeeds, '4', 'two folds × two seeds');
    const seeds = pooled.filter((p) => p.model === s.model && p.condition === s.condition).map((p) => Number(p.ccc));
    assert.ok(Math.abs(Number(s.pooledCcc) - (seeds[0] + seeds[1]) / 2) < 1e-12);
  }
  assert.match(readFileSync(join(workdir, 'crossval', 'report.md'), 'utf8'), /Split\\_Set column was ignored/);
  assert.match(readFileSync(join(workdir, 'crossval', 'report.html'), 'utf8'), /<h2>CCC per fold<\/h2>/);
});

test('corpus.folds errors are one line naming the field: below 2, fewer speakers than folds + 1, no SpkrID', () => {
  const run = (config: object, name: string) => {
    const path = join(root, `${name}.json`);
    writeFileSync(path, JSON.stringify(config));
    return runCli(['run', 'all', '--config', path, '--workdir', join(root, name), '--jobs', '2']);
  };
  const one = run({ corpus: { folds: 1 } }, 'one-fold');
  assert.equal(one.status, 2);
  assert.match(one.stderr, /^ {2}corpus\.folds: Too small: expected number to be >=2$/m);

  const few = run({ corpus: { kind: 'demo', folds: 3, demo: { ...demo, labelledSpeakers: 3, utterancesPerLabelledSpeaker: 1 } } }, 'few');
  assert.equal(few.status, 2, few.stderr);
  assert.match(few.stderr, /^error: corpus\.folds: 3 folds need at least 4 labelled speakers \(SpkrID\); the corpus has 3$/m);
  assert.equal(few.stderr.match(/^error:/gm)?.length, 1);

  const audio = join(root, 'nospeakers');
  ['a', 'b', 'c'].forEach((n, k) => writeWavFixture(join(audio, `${n}.wav`), [tone(200 + 50 * k, 0.6, 16000, 0.3)], 16000));
  writeFileSync(join(root, 'nospeakers.csv'), 'FileName,EmoAct\na.wav,3\nb.wav,4\nc.wav,5\n');
  const none = run({ corpus: { kind: 'folder', audio, labels: join(root, 'nospeakers.csv'), folds: 2 } }, 'no-spkrid');
  assert.equal(none.status, 2, none.stderr);
  assert.match(none.stderr, /^error: corpus\.folds: 3 of 3 labelled files have no SpkrID; speaker cross-validation needs the speaker of every labelled file$/m);
});

test('pipeline run ingest with corpus.folds: each fold lists its own speakers as test sets, real noisy recordings included, and no summary', () => {
  const audio = join(root, 'speakers');
  const noisy = join(root, 'speakers-10dB');
  const names = ['a1', 'a2', 'b1', 'c1', 'd1', 'd2'];
  names.forEach((n, k) => {
    writeWavFixture(join(audio, `${n}.wav`), [tone(200 + 50 * k, 0.6, 16000, 0.3)], 16000);
    writeWavFixture(join(noisy, `${n}.wav`), [tone(200 + 50 * k, 0.6, 16000, 0.2)], 16000);
  });
  writeFileSync(join(root, 'speakers.csv'), ['FileName,EmoAct,SpkrID,Split_Set', ...names.map((n, k) => `${n}.wav,${2 + k / 2},${n[0]},Train`)].join('\n') + '\n');
  const path = join(root, 'ingest-folds.json');
  writeFileSync(
    path,
    JSON.stringify({
      corpus: { kind: 'folder', audio, labels: join(root, 'speakers.csv'), folds: 2, noisy: { '10dB': { test: noisy } } },
      conditions: [{ name: '10dB', speechDistanceIn: 5, noiseDistanceIn: 35 }],
    }),
  );
  const dir = join(root, 'ingest-folds');
  const r = runCli(['run', 'ingest', '--config', path, '--workdir', dir, '--jobs', '2']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /ingest: speaker cross-validation: fold 2 of 2 is test-clean; Split_Set is ignored/);
  const tested: string[] = [];
  for (const fold of [1, 2]) {
    const rows: Record<string, string>[] = parse(readFileSync(join(dir, 'folds', String(fold), 'ingest', 'utterances.csv'), 'utf8'), { columns: true });
    const ids = (set: string) => rows.filter((u) => u.set === set).map((u) => u.id);
    assert.ok(ids('test-clean').length > 0 && ids('train').length > 0 && ids('dev').length > 0, `fold ${fold}: ${rows.map((u) => `${u.id}:${u.set}`)}`);
    assert.deepEqual(ids('test-10dB'), ids('test-clean'), 'the noisy recordings of the fold’s test speakers');
    assert.equal(readFileSync(join(dir, 'folds', String(fold), 'ingest', 'rejected.csv'), 'utf8'), 'path,reason\n', 'other folds’ noisy recordings are not rejected');
    tested.push(...ids('test-clean'));
  }
  assert.deepEqual(tested.sort(), names);
  assert.ok(!existsSync(join(dir, 'crossval')));
});
