import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AudioCache } from '../../../data/audio/audioCache.js';
import { AudioRejected, decodeAudio } from '../../../data/audio/decodeAudio.js';
import { execFileSync } from 'node:child_process';
import { ffmpegPath } from '../../../data/audio/ffmpeg.js';
import { subFormatGuid, toExtensibleWav, tone, toneLevelDb, transcode, wavBytes, writeFloat64Wav, writeWavFixture } from '../../support/audioFixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'decode-'));

test('resampling 48 kHz to 16 kHz keeps a 1 kHz tone within 0.1 dB and removes a 9 kHz tone by at least 60 dB', async () => {
  const path = join(dir, 'tones48k.wav');
  const low = tone(1000, 1, 48000, 0.25);
  const high = tone(9000, 1, 48000, 0.25);
  writeWavFixture(path, [low.map((x, i) => x + high[i])], 48000, { float: true });
  const { samples, sampleRateHz, sourceRateHz } = await decodeAudio(path);
  assert.equal(sampleRateHz, 16000);
  assert.equal(sourceRateHz, 48000);
  assert.ok(Math.abs(samples.length - 16000) <= 2, `length ${samples.length}`);
  // Skip the filter's edges; measure over a whole number of 1 kHz cycles.
  const middle = samples.subarray(800, 800 + 14400);
  const levelDb = toneLevelDb(middle, 1000, 16000);
  assert.ok(Math.abs(levelDb - 20 * Math.log10(0.25)) < 0.1, `1 kHz level ${levelDb.toFixed(3)} dB`);
  // A 9 kHz tone folds to 7 kHz if it is not filtered out before decimation.
  const aliasDb = toneLevelDb(middle, 7000, 16000);
  assert.ok(aliasDb - levelDb < -60, `alias at 7 kHz only ${(aliasDb - levelDb).toFixed(1)} dB below the 1 kHz tone`);
});

test('WAV layouts: 8/16/24/32-bit integer, 32/64-bit float, stereo 44.1 kHz all decode to the same 16 kHz signal', async () => {
  const reference = tone(440, 0.5, 16000, 0.5);
  const cases: [string, () => void][] = [
    ['i8.wav', () => writeWavFixture(join(dir, 'i8.wav'), [reference], 16000, { bitDepth: 8 })],
    ['i16.wav', () => writeWavFixture(join(dir, 'i16.wav'), [reference], 16000, { bitDepth: 16 })],
    ['i24.wav', () => writeWavFixture(join(dir, 'i24.wav'), [reference], 16000, { bitDepth: 24 })],
    ['i32.wav', () => writeWavFixture(join(dir, 'i32.wav'), [reference], 16000, { bitDepth: 32 })],
    ['f32.wav', () => writeWavFixture(join(dir, 'f32.wav'), [reference], 16000, { float: true })],
    ['f64.wav', () => writeFloat64Wav(join(dir, 'f64.wav'), reference, 16000)],
  ];
  for (const [name, write] of cases) {
    write();
    const { samples } = await decodeAudio(join(dir, name));
    const tolerance = name === 'i8.wav' ? 1 / 64 : 1e-4;
    const maxError = samples.reduce((m, x, i) => Math.max(m, Math.abs(x - reference[i])), 0);
    assert.equal(samples.length, reference.length, name);
    assert.ok(maxError < tolerance, `${name}: max error ${maxError}`);
  }
  // Stereo: the left channel carries the tone, the right its negative plus a DC offset, so the mix is 0.05.
  const left = tone(440, 0.5, 44100, 0.5);
  const right = left.map((x) => -x + 0.1);
  writeWavFixture(join(dir, 'stereo44k.wav'), [left, right], 44100, { bitDepth: 16 });
  const stereo = await decodeAudio(join(dir, 'stereo44k.wav'));
  assert.equal(stereo.sourceChannels, 2);
  const mid = stereo.samples.subarray(1000, stereo.samples.length - 1000);
  assert.ok(
    mid.every((x) => Math.abs(x - 0.05) < 2e-3),
    'channels are averaged',
  );
});

test('WAVE_FORMAT_EXTENSIBLE (16/24/32-bit integer, 20 valid bits of 24, 32-bit float, stereo, 6 channels) decodes to the same samples as the plain WAV', async () => {
  const a = tone(440, 0.25, 16000, 0.5);
  const b = tone(700, 0.25, 16000, 0.3);
  const six = [a, b, a.map((x) => -x), b.map((x) => x / 2), a.map((x) => x / 3), new Float32Array(a.length)];
  const cases: [string, Uint8Array, number?][] = [
    ['ext-i16', wavBytes([a], 16000, { bitDepth: 16 })],
    ['ext-i24', wavBytes([a], 16000, { bitDepth: 24 })],
    ['ext-i24-valid20', wavBytes([a], 16000, { bitDepth: 24 }), 20],
    ['ext-i32-stereo', wavBytes([a, b], 16000, { bitDepth: 32 })],
    ['ext-f32-stereo', wavBytes([a, b], 16000, { float: true })],
    ['ext-i24-6ch', wavBytes(six, 16000, { bitDepth: 24 })],
  ];
  for (const [name, plain, validBits] of cases) {
    writeFileSync(join(dir, `${name}-plain.wav`), plain);
    writeFileSync(join(dir, `${name}.wav`), toExtensibleWav(plain, { validBits }));
    const expected = await decodeAudio(join(dir, `${name}-plain.wav`));
    const got = await decodeAudio(join(dir, `${name}.wav`));
    assert.deepEqual(got.samples, expected.samples, name);
    assert.equal(got.sourceChannels, expected.sourceChannels, name);
  }
  // What ffmpeg itself writes for 24-bit PCM (the user's case): EXTENSIBLE, and the same samples.
  const plain24 = join(dir, 'ext-i24-plain.wav');
  const byFfmpeg = join(dir, 'ffmpeg-s24.wav');
  execFileSync(ffmpegPath(), ['-v', 'error', '-y', '-i', plain24, '-c:a', 'pcm_s24le', byFfmpeg]);
  assert.equal(readFileSync(byFfmpeg).readUInt16LE(20), 0xfffe, 'ffmpeg writes WAVE_FORMAT_EXTENSIBLE for 24-bit PCM');
  assert.deepEqual((await decodeAudio(byFfmpeg)).samples, (await decodeAudio(plain24)).samples);
});

test('a 24-bit sample at negative full scale reads as -1', async () => {
  const plain = Buffer.from(wavBytes([new Float32Array(4)], 16000, { bitDepth: 24 }));
  plain.set([0x00, 0x00, 0x80], 44);
  writeFileSync(join(dir, 'i24-negative-full-scale.wav'), plain);
  assert.deepEqual(Array.from((await decodeAudio(join(dir, 'i24-negative-full-scale.wav'))).samples), [-1, 0, 0, 0]);
});

test('16-bit PCM reads k/32768 exactly at both full-scale ends, and stereo averages the channels', async () => {
  const left = [-32768, -1, 0, 1, 32767];
  const right = [32767, -32768, 2, -2, 0];
  const plain = Buffer.from(wavBytes([new Float32Array(5), new Float32Array(5)], 16000, { bitDepth: 16 }));
  left.forEach((k, i) => plain.writeInt16LE(k, 44 + 4 * i));
  right.forEach((k, i) => plain.writeInt16LE(k, 46 + 4 * i));
  writeFileSync(join(dir, 'i16-extremes.wav'), plain);
  const expected = left.map((k, i) => Math.fround((Math.fround(k / 32768) + Math.fround(right[i] / 32768)) * 0.5));
  assert.deepEqual(Array.from((await decodeAudio(join(dir, 'i16-extremes.wav'))).samples), expected);
});

test('non-WAV formats decode through ffmpeg', async () => {
  const wav = join(dir, 'for-flac.wav');
  writeWavFixture(wav, [tone(500, 1, 22050, 0.3)], 22050);
  transcode(wav, join(dir, 'tone.flac'));
  const { samples } = await decodeAudio(join(dir, 'tone.flac'));
  assert.ok(Math.abs(samples.length - 16000) <= 2);
  assert.ok(Math.abs(toneLevelDb(samples.subarray(1000, 15000), 500, 16000) - 20 * Math.log10(0.3)) < 0.1);
});

test('bad files are rejected with a reason', async () => {
  const good = join(dir, 'good.wav');
  writeWavFixture(good, [tone(440, 1, 16000)], 16000);
  const bytes = readFileSync(good);
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty.wav', new Uint8Array(0), /empty file/],
    ['truncated.wav', bytes.subarray(0, 44 + 1000), /truncated WAV: header declares 32000 bytes of audio, the file holds 1000/],
    ['garbage.wav', new Uint8Array(2000).map((_, i) => (i * 7919) % 251), /ffmpeg could not decode/],
  ];
  for (const [name, content, reason] of cases) {
    writeFileSync(join(dir, name), content);
    await assert.rejects(decodeAudio(join(dir, name)), (e: unknown) => e instanceof AudioRejected && reason.test(e.message), name);
  }
  await assert.rejects(decodeAudio(join(dir, 'missing.wav')), /unreadable: ENOENT/);
});

test('a WAV whose fmt chunk does not fit its data, or whose sub-format is unknown, is rejected with a reason', async () => {
  const plain = Buffer.from(wavBytes([tone(440, 0.5, 16000)], 16000));
  const zeroBlockAlign = Buffer.from(plain);
  zeroBlockAlign.writeUInt16LE(0, 32);
  const unknownGuid = subFormatGuid(1);
  unknownGuid[15] ^= 0xff;
  const cases: [string, Uint8Array, RegExp][] = [
    ['block-align-0.wav', zeroBlockAlign, /^WAV header declares 0-byte frames, 1 channel\(s\) of 16 bits take 2$/],
    ['valid-bits-32-of-16.wav', toExtensibleWav(plain, { validBits: 32 }), /^WAV header declares 32 valid bits in a 16-bit sample$/],
    ['unknown-subformat.wav', toExtensibleWav(plain, { guid: unknownGuid }), /ffmpeg could not decode/],
  ];
  for (const [name, content, reason] of cases) {
    writeFileSync(join(dir, name), content);
    await assert.rejects(decodeAudio(join(dir, name)), (e: unknown) => e instanceof AudioRejected && reason.test(e.message) && !e.message.includes('\n'), name);
  }
});

test('NaN or infinite samples are rejected with their count, before resampling', async () => {
  const x = tone(440, 2, 16000, 0.5);
  for (const i of [5, 100, 7000]) x[i] = NaN;
  x[9000] = Infinity;
  x[9001] = -Infinity;
  writeWavFixture(join(dir, 'nan16k.wav'), [x], 16000, { float: true });
  await assert.rejects(decodeAudio(join(dir, 'nan16k.wav')), (e: unknown) => e instanceof AudioRejected && e.message === 'non-finite samples: 5 NaN/Inf of 32000');
  const y = tone(440, 1, 44100, 0.5);
  y[300] = NaN;
  const stereo = toExtensibleWav(wavBytes([y, tone(300, 1, 44100)], 44100, { float: true }));
  writeFileSync(join(dir, 'nan44k-stereo-ext.wav'), stereo);
  await assert.rejects(decodeAudio(join(dir, 'nan44k-stereo-ext.wav')), (e: unknown) => e instanceof AudioRejected && e.message === 'non-finite samples: 1 NaN/Inf of 44100');
});

test('the audio cache decodes a file once and again when it changes', async () => {
  const path = join(dir, 'cached.wav');
  writeWavFixture(path, [tone(300, 0.5, 8000)], 8000);
  const cache = new AudioCache(join(dir, 'cache'));
  const first = await cache.load(path);
  assert.ok(first.decoded, 'first load decodes');
  const second = await cache.load(path);
  assert.equal(second.decoded, undefined, 'second load reads the cache');
  assert.deepEqual(second.samples, first.samples);
  writeWavFixture(path, [tone(300, 0.25, 8000)], 8000);
  const third = await cache.load(path);
  assert.ok(third.decoded, 'a changed file is decoded anew');
  assert.equal(third.samples.length, 4000);
});

/** A plain PCM WAV of `bits`-bit integers (interleaved frames), with `before` (a whole chunk) between the fmt and data chunks. */
function pcmWav(channels: number, bits: 16 | 24, ints: Int32Array, before = new Uint8Array(0), declaredDataBytes = ints.length * (bits / 8)): Buffer {
  const sampleBytes = bits / 8;
  const header = Buffer.alloc(36);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + before.length + 8 + declaredDataBytes - 8, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(16000 * channels * sampleBytes, 28);
  header.writeUInt16LE(channels * sampleBytes, 32);
  header.writeUInt16LE(bits, 34);
  const dataHeader = Buffer.alloc(8);
  dataHeader.write('data', 0, 'latin1');
  dataHeader.writeUInt32LE(declaredDataBytes, 4);
  const data = Buffer.alloc(ints.length * sampleBytes);
  ints.forEach((k, i) => data.writeIntLE(k, i * sampleBytes, sampleBytes));
  return Buffer.concat([header, before, dataHeader, data]);
}

/** Integers spread over the whole `bits`-bit range, both ends included. */
function spreadInts(count: number, bits: number): Int32Array {
  const half = 2 ** (bits - 1);
  const out = new Int32Array(count).map((_, i) => ((i * 2654435761) % (2 * half)) - half);
  out[0] = -half;
  out[1] = half - 1;
  return out;
}

test('a WAV longer than one 512 KiB read decodes each sample exactly, a read boundary inside a frame or not, and the header is found past the first read', async () => {
  const mono = spreadInts(300_001, 16);
  writeFileSync(join(dir, 'long-i16.wav'), pcmWav(1, 16, mono));
  assert.deepEqual(
    (await decodeAudio(join(dir, 'long-i16.wav'))).samples,
    Float32Array.from(mono, (k) => k / 32768),
  );

  // 6-byte frames: 512 KiB is not a whole number of them.
  const stereo = spreadInts(2 * 100_003, 24);
  writeFileSync(join(dir, 'long-i24-stereo.wav'), pcmWav(2, 24, stereo));
  const expected = new Float32Array(100_003).map((_, i) => Math.fround(Math.fround(stereo[2 * i] / 8388608) + Math.fround(stereo[2 * i + 1] / 8388608)) * 0.5);
  assert.deepEqual((await decodeAudio(join(dir, 'long-i24-stereo.wav'))).samples, expected);

  // A LIST chunk longer than the first read: the data chunk is found in the whole file.
  const list = Buffer.alloc(8 + 600_000);
  list.write('LIST', 0, 'latin1');
  list.writeUInt32LE(600_000, 4);
  const short = spreadInts(1001, 16);
  writeFileSync(join(dir, 'long-list.wav'), pcmWav(1, 16, short, list));
  assert.deepEqual(
    (await decodeAudio(join(dir, 'long-list.wav'))).samples,
    Float32Array.from(short, (k) => k / 32768),
  );
});

test('a long truncated WAV reports the bytes the whole file holds, not those of its first read', async () => {
  const ints = spreadInts(400_000, 16);
  writeFileSync(join(dir, 'long-truncated.wav'), pcmWav(1, 16, ints, undefined, 900_000));
  await assert.rejects(
    decodeAudio(join(dir, 'long-truncated.wav')),
    (e: unknown) => e instanceof AudioRejected && e.message === 'truncated WAV: header declares 900000 bytes of audio, the file holds 800000',
  );
});
