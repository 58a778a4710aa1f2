import type { ShoeboxRoom } from './imageSource.js';
import { SPEED_OF_SOUND_M_PER_S } from './imageSource.js';

/**
 * Reverberation time (RT60, s): predicted from a shoebox room's geometry and absorption (Sabine, Eyring),
 * and measured from an impulse response by Schroeder backward integration.
 */

function surfaces(room: ShoeboxRoom) {
  const { lengthXM: x, widthYM: y, heightZM: z, absorption: a } = room;
  return [
    { areaM2: y * z, alpha: a.x0 },
    { areaM2: y * z, alpha: a.x1 },
    { areaM2: x * z, alpha: a.y0 },
    { areaM2: x * z, alpha: a.y1 },
    { areaM2: x * y, alpha: a.floor },
    { areaM2: x * y, alpha: a.ceiling },
  ];
}

/** 24·ln(10)/c ≈ 0.161 s/m: the constant of Sabine's formula for the given speed of sound. */
function sabineConstant(speedOfSoundMPerS: number): number {
  return (24 * Math.LN10) / speedOfSoundMPerS;
}

/** Sabine: RT60 = 0.161·V / Σ Sᵢαᵢ. Accurate for small absorption; too long for absorbent rooms. */
export function sabineRt60S(room: ShoeboxRoom, speedOfSoundMPerS = SPEED_OF_SOUND_M_PER_S): number {
  const volumeM3 = room.lengthXM * room.widthYM * room.heightZM;
  const absorptionAreaM2 = surfaces(room).reduce((sum, s) => sum + s.areaM2 * s.alpha, 0);
  return (sabineConstant(speedOfSoundMPerS) * volumeM3) / absorptionAreaM2;
}

/** Eyring: RT60 = 0.161·V / (−S·ln(1 − ᾱ)), ᾱ the area-weighted mean absorption. */
export function eyringRt60S(room: ShoeboxRoom, speedOfSoundMPerS = SPEED_OF_SOUND_M_PER_S): number {
  const volumeM3 = room.lengthXM * room.widthYM * room.heightZM;
  const all = surfaces(room);
  const areaM2 = all.reduce((sum, s) => sum + s.areaM2, 0);
  const meanAlpha = all.reduce((sum, s) => sum + s.areaM2 * s.alpha, 0) / areaM2;
  return (sabineConstant(speedOfSoundMPerS) * volumeM3) / (-areaM2 * Math.log(1 - meanAlpha));
}

/** Schroeder energy decay curve in dB re its start: EDC(t) = 10·log10(∫ₜ^∞ h² / ∫₀^∞ h²). */
export function energyDecayCurveDb(rir: Float32Array): Float64Array {
  const edc = new Float64Array(rir.length);
  let tail = 0;
  for (let i = rir.length - 1; i >= 0; i--) {
    tail += rir[i] * rir[i];
    edc[i] = tail;
  }
  const total = edc[0];
  for (let i = 0; i < edc.length; i++) edc[i] = 10 * Math.log10(edc[i] / total);
  return edc;
}

/**
 * RT60 (s) from an impulse response: least-squares line through the Schroeder decay between
 * startDb and endDb (T20: −5 to −25 dB; T30: −5 to −35 dB), extrapolated to 60 dB of decay.
 * Throws when the decay never reaches endDb (response too short or too noisy for that range).
 */
export function measuredRt60S(rir: Float32Array, sampleRateHz: number, { startDb = -5, endDb = -25 } = {}): number {
  const edc = energyDecayCurveDb(rir);
  let first = 0;
  while (first < edc.length && edc[first] > startDb) first++;
  let last = first;
  while (last < edc.length && edc[last] > endDb) last++;
  if (last >= edc.length) throw new Error(`the decay does not reach ${endDb} dB`);
  let sumT = 0;
  let sumE = 0;
  let sumTT = 0;
  let sumTE = 0;
  const n = last - first + 1;
  for (let i = first; i <= last; i++) {
    const t = i / sampleRateHz;
    sumT += t;
    sumE += edc[i];
    sumTT += t * t;
    sumTE += t * edc[i];
  }
  const slopeDbPerS = (n * sumTE - sumT * sumE) / (n * sumTT - sumT * sumT);
  return -60 / slopeDbPerS;
}
