import { activeSpeechLevel, rmsLevelDbov, type ActiveSpeechLevelOptions } from './activeSpeechLevel.js';

/**
 * SNR of a recording condition from its two calibration recordings (the paper's Table 1): the P.56 active
 * level of the speech-only recording minus the long-term RMS level of the noise-only recording, both made
 * through the same path.
 */

export interface CalibratedSnr {
  snrDb: number;
  speechActiveLevelDbov: number;
  speechActivityFactor: number;
  noiseLevelDbov: number;
}

export function calibratedSnr(speechOnly: Float32Array, noiseOnly: Float32Array, sampleRateHz: number, p56Options: ActiveSpeechLevelOptions = {}): CalibratedSnr {
  const speech = activeSpeechLevel(speechOnly, sampleRateHz, p56Options);
  const noiseLevelDbov = rmsLevelDbov(noiseOnly);
  return {
    snrDb: speech.activeLevelDbov - noiseLevelDbov,
    speechActiveLevelDbov: speech.activeLevelDbov,
    speechActivityFactor: speech.activityFactor,
    noiseLevelDbov,
  };
}

export interface RecordingCheckOptions {
  /** Shortest usable recording (s). */
  minDurationS?: number;
  /** A recording whose RMS level is below this (dBov) counts as silent. */
  silenceLevelDbov?: number;
  /** Samples within this relative distance of the peak, in runs of at least two, count as clipped. */
  clipToleranceRelative?: number;
  /** Largest tolerated fraction of clipped samples. */
  maxClippedFraction?: number;
}

/**
 * Problems that make a calibration recording unusable, each as a one-line reason; empty when it is fine.
 * Clipping is recognised by flat tops: consecutive samples stuck at the recording's own peak, whatever
 * the level at which the converter or an automatic gain control limited it.
 */
export function calibrationRecordingProblems(
  signal: Float32Array,
  sampleRateHz: number,
  { minDurationS = 1, silenceLevelDbov = -70, clipToleranceRelative = 1e-4, maxClippedFraction = 1e-3 }: RecordingCheckOptions = {},
): string[] {
  const problems: string[] = [];
  const durationS = signal.length / sampleRateHz;
  if (durationS < minDurationS) problems.push(`too short: ${durationS.toFixed(2)} s, need at least ${minDurationS} s`);
  let peak = 0;
  for (let i = 0; i < signal.length; i++) {
    if (!Number.isFinite(signal[i])) return [...problems, `contains a non-finite sample at index ${i}`];
    peak = Math.max(peak, Math.abs(signal[i]));
  }
  if (peak === 0) return [...problems, 'silent: every sample is zero'];
  const levelDbov = rmsLevelDbov(signal);
  if (levelDbov < silenceLevelDbov) {
    problems.push(`silent: level ${levelDbov.toFixed(1)} dBov is below ${silenceLevelDbov} dBov`);
  }
  const clipLevel = peak * (1 - clipToleranceRelative);
  let clipped = 0;
  for (let i = 0; i < signal.length; i++) {
    const atPeak = (j: number) => j >= 0 && j < signal.length && Math.abs(signal[j]) >= clipLevel;
    if (atPeak(i) && (atPeak(i - 1) || atPeak(i + 1))) clipped++;
  }
  const clippedFraction = clipped / signal.length;
  if (clippedFraction > maxClippedFraction) {
    const peakDbfs = 20 * Math.log10(peak);
    problems.push(
      `clipped: ${(100 * clippedFraction).toFixed(2)} % of samples sit in flat runs at the peak ` +
        `(${peakDbfs.toFixed(1)} dBFS), more than ${(100 * maxClippedFraction).toFixed(2)} %`,
    );
  }
  return problems;
}
