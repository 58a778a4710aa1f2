import { AudioRejected, decodeAudio } from '../data/audio/decodeAudio.js';
import { UsageError } from './usageError.js';
import { expandInputs } from './featuresCommand.js';
import { blindSnrDb, type BlindSnrMethod } from '../dsp/snr/blindSnr.js';
import { calibratedSnr, calibrationRecordingProblems } from '../dsp/snr/calibratedSnr.js';

const SAMPLE_RATE_HZ = 16000;

export interface SnrArgs {
  files: string[];
  speech?: string;
  noise?: string;
  csv: boolean;
  method: BlindSnrMethod;
}

/** The samples of the recording an option names; a rejection names the option and the file. */
async function decodeOption(path: string, flag: string): Promise<Float32Array> {
  try {
    return (await decodeAudio(path, SAMPLE_RATE_HZ)).samples;
  } catch (e) {
    if (e instanceof AudioRejected) throw new AudioRejected(`${flag} ${path}: ${e.message}`);
    throw e;
  }
}

/**
 * `pipeline snr FILE…`: a blind SNR estimate per file; `pipeline snr --speech S --noise N`: the
 * calibrated SNR of a condition from its speech-only and noise-only recordings (P.56 active
 * speech level minus noise level).
 */
export async function snrCommand(args: SnrArgs): Promise<number> {
  if (args.speech || args.noise) {
    if (!args.speech || !args.noise) throw new UsageError('--speech and --noise go together: the speech-only and the noise-only recording of one condition');
    const speech = await decodeOption(args.speech, '--speech');
    const noise = await decodeOption(args.noise, '--noise');
    for (const [path, x] of [
      [args.speech, speech],
      [args.noise, noise],
    ] as const) {
      const problems = calibrationRecordingProblems(x, SAMPLE_RATE_HZ);
      if (problems.length) console.error(`warning: ${path}: ${problems.join('; ')}`);
    }
    const r = calibratedSnr(speech, noise, SAMPLE_RATE_HZ);
    if (args.csv) {
      console.log('speech,noise,snr_db,speech_active_level_dbov,speech_activity,noise_level_dbov');
      console.log([args.speech, args.noise, r.snrDb.toFixed(3), r.speechActiveLevelDbov.toFixed(3), r.speechActivityFactor.toFixed(4), r.noiseLevelDbov.toFixed(3)].join(','));
    } else {
      console.log(
        `calibrated SNR ${r.snrDb.toFixed(2)} dB: speech active level ${r.speechActiveLevelDbov.toFixed(2)} dBov (activity ${(100 * r.speechActivityFactor).toFixed(0)}%), noise ${r.noiseLevelDbov.toFixed(2)} dBov`,
      );
    }
    return 0;
  }
  if (!args.files.length) throw new UsageError('name audio files or folders, or --speech and --noise');
  const inputs = await expandInputs(args.files);
  if (args.csv) console.log('path,blind_snr_db');
  let failed = 0;
  for (const { path } of inputs) {
    try {
      const snr = blindSnrDb((await decodeAudio(path, SAMPLE_RATE_HZ)).samples, SAMPLE_RATE_HZ, args.method);
      console.log(args.csv ? `${path},${snr.toFixed(3)}` : `${snr.toFixed(2).padStart(7)} dB  ${path}`);
    } catch (e) {
      failed++;
      console.error(`${path}: ${(e as Error).message}`);
    }
  }
  return failed === inputs.length ? 1 : 0;
}
