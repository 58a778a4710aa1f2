/**
 * Active speech level, ITU-T P.56 method B (the "speech voltmeter").
 *
 * Levels are in dBov: 10·log10(mean square) of a signal whose full scale is ±1, so a full-scale square
 * wave is 0 dBov and a full-scale sine is −3.01 dBov. P.56 uses the same reference.
 *
 * The rectified signal is smoothed by two cascaded one-pole filters (time constant 0.03 s). For each of a
 * ladder of thresholds a sample counts as active while the envelope is at or above that threshold, or
 * within the hangover time after it last was. The level of the active samples, A_j = energy / activeCount_j,
 * falls relative to the threshold C_j as C_j rises; the active level is A where A − C crosses the margin
 * (15.9 dB), linearly interpolated between the two thresholds around the crossing.
 */

export interface ActiveSpeechLevelOptions {
  /** Envelope smoothing time constant (s); P.56: 0.03. */
  envelopeTimeConstantS?: number;
  /** Hangover after the envelope drops below a threshold (s); P.56: 0.2. */
  hangoverS?: number;
  /** Margin between the active level and the threshold that defines activity (dB); P.56: 15.9. */
  marginDb?: number;
  /** Spacing of the threshold ladder (dB). P.56's reference code uses 6.02 dB; finer steps interpolate less. */
  thresholdStepDb?: number;
  /** Lowest threshold (dBov). Must lie below (active level − margin) of the quietest speech to be measured. */
  lowestThresholdDbov?: number;
  /** Highest threshold (dBov); above 0 so that float signals louder than full scale still measure. */
  highestThresholdDbov?: number;
}

export interface ActiveSpeechLevel {
  /** Active speech level (dBov); −Infinity for an all-zero signal. */
  activeLevelDbov: number;
  /** Fraction of the signal counted as active, in (0, 1]: 10^((longTermLevelDbov − activeLevelDbov)/10). */
  activityFactor: number;
  /** Long-term level: 10·log10(mean square) over the whole signal (dBov). */
  longTermLevelDbov: number;
}

/** 10·log10 of a power, −Infinity for zero. */
export function powerToDb(power: number): number {
  return power > 0 ? 10 * Math.log10(power) : -Infinity;
}

/** Mean square of a signal (0 for an empty one). */
export function meanSquare(signal: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < signal.length; i++) sum += signal[i] * signal[i];
  return signal.length > 0 ? sum / signal.length : 0;
}

/** Long-term RMS level (dBov). */
export function rmsLevelDbov(signal: Float32Array): number {
  return powerToDb(meanSquare(signal));
}

export function activeSpeechLevel(
  signal: Float32Array,
  sampleRateHz: number,
  { envelopeTimeConstantS = 0.03, hangoverS = 0.2, marginDb = 15.9, thresholdStepDb = 2, lowestThresholdDbov = -100, highestThresholdDbov = 20 }: ActiveSpeechLevelOptions = {},
): ActiveSpeechLevel {
  const n = signal.length;
  let energy = 0;
  for (let i = 0; i < n; i++) energy += signal[i] * signal[i];
  const longTermLevelDbov = powerToDb(n > 0 ? energy / n : 0);
  if (energy === 0) return { activeLevelDbov: -Infinity, activityFactor: 0, longTermLevelDbov };

  const thresholdCount = Math.floor((highestThresholdDbov - lowestThresholdDbov) / thresholdStepDb) + 1;
  const thresholdDb = new Float64Array(thresholdCount);
  const threshold = new Float64Array(thresholdCount);
  for (let j = 0; j < thresholdCount; j++) {
    thresholdDb[j] = lowestThresholdDbov + j * thresholdStepDb;
    threshold[j] = 10 ** (thresholdDb[j] / 20);
  }
  const activeCount = new Float64Array(thresholdCount);
  const hangCount = new Float64Array(thresholdCount).fill(Infinity);
  const hangoverSamples = Math.ceil(hangoverS * sampleRateHz);
  const g = Math.exp(-1 / (sampleRateHz * envelopeTimeConstantS));

  let p = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    p = g * p + (1 - g) * Math.abs(signal[i]);
    q = g * q + (1 - g) * p;
    // Thresholds ascend, so once q falls below one it is below all higher ones.
    let j = 0;
    for (; j < thresholdCount && q >= threshold[j]; j++) {
      activeCount[j]++;
      hangCount[j] = 0;
    }
    for (; j < thresholdCount; j++) {
      if (hangCount[j] < hangoverSamples) {
        activeCount[j]++;
        hangCount[j]++;
      }
    }
  }

  // δ_j = A_j − C_j decreases as the threshold rises; find where it crosses the margin.
  const activeDb = (j: number) => powerToDb(energy / activeCount[j]);
  let previousDelta = NaN;
  for (let j = 0; j < thresholdCount; j++) {
    if (activeCount[j] === 0) break;
    const delta = activeDb(j) - thresholdDb[j];
    if (delta <= marginDb) {
      let activeLevelDbov: number;
      if (j === 0) {
        activeLevelDbov = activeDb(0);
      } else {
        const t = (previousDelta - marginDb) / (previousDelta - delta);
        activeLevelDbov = activeDb(j - 1) + t * (activeDb(j) - activeDb(j - 1));
      }
      const activityFactor = 10 ** ((longTermLevelDbov - activeLevelDbov) / 10);
      return { activeLevelDbov, activityFactor, longTermLevelDbov };
    }
    previousDelta = delta;
  }
  // No threshold crossed the margin (a signal too short for the envelope to settle, or louder than the
  // highest threshold): fall back to counting every sample as active.
  return { activeLevelDbov: longTermLevelDbov, activityFactor: 1, longTermLevelDbov };
}
