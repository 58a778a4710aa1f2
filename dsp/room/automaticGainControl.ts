/**
 * A slow automatic gain control, as in a phone's recording path: the output level is steered towards
 * `targetLevelDbov` by a gain computed from the input level, clamped to [minGainDb, maxGainDb].
 * The level is a short-term power (one-pole, `powerTimeConstantS`) averaged in dB with the slow
 * `timeConstantS`; averaging in dB makes rises and falls equally slow (averaging power would let a loud
 * onset pull the gain down within milliseconds). The level starts at the target, so the gain starts at unity.
 */

export interface AutomaticGainControlOptions {
  targetLevelDbov?: number;
  timeConstantS?: number;
  powerTimeConstantS?: number;
  maxGainDb?: number;
  minGainDb?: number;
}

export interface AgcResult {
  signal: Float32Array;
  /** Gain applied to each sample (linear). */
  gain: Float32Array;
}

/** Power floor (−120 dBov) so that digital silence has a finite level. */
const POWER_FLOOR = 1e-12;

export function automaticGainControl(
  signal: Float32Array,
  sampleRateHz: number,
  { targetLevelDbov = -26, timeConstantS = 1.5, powerTimeConstantS = 0.05, maxGainDb = 20, minGainDb = -20 }: AutomaticGainControlOptions = {},
): AgcResult {
  const fast = Math.exp(-1 / (powerTimeConstantS * sampleRateHz));
  const slow = Math.exp(-1 / (timeConstantS * sampleRateHz));
  const out = new Float32Array(signal.length);
  const gain = new Float32Array(signal.length);
  let power = 10 ** (targetLevelDbov / 10);
  let levelDb = targetLevelDbov;
  for (let i = 0; i < signal.length; i++) {
    power = fast * power + (1 - fast) * signal[i] * signal[i];
    levelDb = slow * levelDb + (1 - slow) * 10 * Math.log10(Math.max(power, POWER_FLOOR));
    const gainDb = Math.min(maxGainDb, Math.max(minGainDb, targetLevelDbov - levelDb));
    gain[i] = 10 ** (gainDb / 20);
    out[i] = gain[i] * signal[i];
  }
  return { signal: out, gain };
}
