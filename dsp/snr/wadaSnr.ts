/**
 * WADA-SNR (Kim & Stern 2008): blind global SNR of a noisy speech recording from the shape of its
 * waveform amplitude distribution. The statistic G = ln mean|z| − mean ln|z| is matched against the
 * table of G for Gamma(0.4) speech in Gaussian noise (wadaTable.ts) and the SNR read off by linear
 * interpolation. The SNR is global (all speech energy over all noise energy, pauses included).
 */

import { buildWadaTable, type WadaTable } from './wadaTable.js';

let defaultTable: WadaTable | undefined;

/** The table for α = 0.4, −20…100 dB, built on first use. */
export function defaultWadaTable(): WadaTable {
  defaultTable ??= buildWadaTable();
  return defaultTable;
}

/** G = ln mean|z| − mean ln|z|, with |z| floored at floorAmplitude·max|z| so exact zeros stay finite. */
export function wadaStatistic(signal: Float32Array, floorAmplitude = 1e-10): number {
  let peak = 0;
  for (let i = 0; i < signal.length; i++) peak = Math.max(peak, Math.abs(signal[i]));
  if (peak === 0) return NaN;
  const floor = floorAmplitude * peak;
  let sumAbs = 0;
  let sumLog = 0;
  for (let i = 0; i < signal.length; i++) {
    const a = Math.max(Math.abs(signal[i]), floor);
    sumAbs += a;
    sumLog += Math.log(a);
  }
  return Math.log(sumAbs / signal.length) - sumLog / signal.length;
}

/** SNR (dB) for a statistic G by interpolation in the table; clamped to the table's range. NaN for NaN. */
export function snrDbFromWadaStatistic(statistic: number, table: WadaTable = defaultWadaTable()): number {
  const { snrDb, statistic: g } = table;
  if (Number.isNaN(statistic)) return NaN;
  if (statistic <= g[0]) return snrDb[0];
  const last = g.length - 1;
  if (statistic >= g[last]) return snrDb[last];
  let i = 0;
  while (g[i + 1] < statistic) i++;
  return snrDb[i] + ((statistic - g[i]) / (g[i + 1] - g[i])) * (snrDb[i + 1] - snrDb[i]);
}

/** Blind global SNR (dB) of a noisy recording; NaN for an all-zero signal. */
export function wadaSnrDb(signal: Float32Array, table: WadaTable = defaultWadaTable()): number {
  return snrDbFromWadaStatistic(wadaStatistic(signal), table);
}
