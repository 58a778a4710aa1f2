import wasmBase64 from '../../../assembly/pitchJitter.wasm.js';
import { instantiateWasm } from '../wasmInstance.js';
import { parabolaVertex, type Vertex } from './parabola.js';

/**
 * Jitter, shimmer and harmonics-to-noise ratio by waveform matching, driven by the smoothed F0
 * contour, as openSMILE's cPitchJitter computes them in ComParE_2016 (notes §3.1 items 3–6).
 *
 * For each F0 frame the component reads the waveform from where the previous frame's last complete
 * period ended (`lastIdx`), at least one hop and at least `minPeriods` maximal periods. Starting at
 * the first sample it finds the next period length as the best normalised cross-correlation peak
 * between consecutive segments for lags T0·(1 ± searchRangeRel), refines it by a parabola, and
 * accepts the period when the refined correlation exceeds `minCorrelation`. Period history (for the
 * differences) carries over between consecutive voiced frames and is reset by an unvoiced frame.
 * The reading position is streaming state, so frames cannot be computed independently.
 *
 * Outputs per frame (openSMILE's rules): unvoiced frames give 0 jitter/shimmer and the logHNR floor;
 * a voiced frame without an accepted period repeats the previous values; one with accepted periods
 * but no period difference yet gives jitter 0. Values are clipped to ≤ 1. logHNR = 20·log10(H/N)
 * in dB, floored; a noise part of exactly 0 leaves it at 0 (openSMILE never sets it then).
 */

export interface PitchJitterOptions {
  sampleRateHz: number;
  /** F0 frame length and hop in samples (60 ms and 10 ms in ComParE). */
  frameLengthSamples: number;
  hopSamples: number;
  /** Relative period search range (`searchRangeRel`, 0.25 in ComParE). */
  searchRangeRel?: number;
  /** Minimum number of periods to read (`minNumPeriods`, default 2). */
  minPeriods?: number;
  /** Correlation a period must exceed to count (`minCC`, default 0.5). */
  minCorrelation?: number;
  /** Floor of logHNR in dB, also the value of unvoiced frames (`lgHNRfloor`, default −100). */
  logHnrFloorDb?: number;
}

export interface PitchJitterContours {
  jitterLocal: Float32Array;
  jitterDDP: Float32Array;
  shimmerLocal: Float32Array;
  logHNR: Float32Array;
}

const f32 = Math.fround;

interface PitchJitterExports {
  segmentCorrelations(x: number, prefix: number, prefixSq: number, start: number, lagMin: number, lagMax: number, cc: number): void;
}

/**
 * The period search's correlations run as WebAssembly (assembly/pitchJitter.ts); its memory holds the
 * read (room for `capacity` samples, in double precision), its prefix sums of x and x² and the
 * correlations of `lagCapacity` lags, in that order.
 */
class CorrelationMemory {
  readonly read: Float64Array;
  readonly prefix: Float64Array;
  readonly prefixSq: Float64Array;
  readonly cc: Float64Array;
  private readonly exports: PitchJitterExports;

  constructor(
    readonly capacity: number,
    readonly lagCapacity: number,
  ) {
    const { exports, buffer } = instantiateWasm<PitchJitterExports>(wasmBase64, 8 * (3 * capacity + 2 + lagCapacity));
    this.exports = exports;
    this.read = new Float64Array(buffer, 0, capacity);
    this.prefix = new Float64Array(buffer, this.read.byteLength, capacity + 1);
    this.prefixSq = new Float64Array(buffer, this.prefix.byteOffset + this.prefix.byteLength, capacity + 1);
    this.cc = new Float64Array(buffer, this.prefixSq.byteOffset + this.prefixSq.byteLength, lagCapacity);
  }

  /** cc[lag − lagMin] = correlation of read[start, start + lag) with the next lag samples, for lag = lagMin..lagMax. */
  correlate(start: number, lagMin: number, lagMax: number): void {
    this.exports.segmentCorrelations(this.read.byteOffset, this.prefix.byteOffset, this.prefixSq.byteOffset, start, lagMin, lagMax, this.cc.byteOffset);
  }
}

/** @param f0Hz F0 per frame in Hz, 0 for unvoiced (F0final after the energy gate). */
export function computePitchJitter(signal: Float32Array, f0Hz: Float32Array, options: PitchJitterOptions): PitchJitterContours {
  const nFrames = f0Hz.length;
  const out: PitchJitterContours = {
    jitterLocal: new Float32Array(nFrames),
    jitterDDP: new Float32Array(nFrames),
    shimmerLocal: new Float32Array(nFrames),
    logHNR: new Float32Array(nFrames),
  };
  const T = 1 / options.sampleRateHz;
  const searchRangeRel = options.searchRangeRel ?? 0.25;
  const minPeriods = Math.max(2, options.minPeriods ?? 2);
  const minCorrelation = f32(options.minCorrelation ?? 0.5);
  const floorDb = f32(options.logHnrFloorDb ?? -100);
  const lenF = options.frameLengthSamples;
  const ppLen = options.hopSamples;
  const N = signal.length;

  // Scratch, grown (rarely) when a read or a period is longer than it.
  let memory = new CorrelationMemory(4 * lenF + 4, lenF);
  let periodStarts = new Int32Array(memory.capacity + 2);
  let avgWave = new Float64Array(lenF);
  const vertex: Vertex = { x: 0, y: 0 };

  let lastIdx = 0;
  let lastMis = 0;
  let lastT0 = 0;
  let lastDiff = 0;
  let lastJitterLocal = 0;
  let lastJitterDDP = 0;
  let lastShimmer = 0;

  // x[i] of the current read, 0 past the end of the signal.
  const at = (i: number): number => {
    const k = lastIdx + i;
    return k < N ? signal[k] : 0;
  };

  for (let frame = 0; frame < nFrames; frame++) {
    const F0 = f0Hz[frame];
    const toRead0 = ppLen + lastMis;
    let toRead = toRead0;
    let T0f = 0;
    let T0minF = 0;
    let T0maxF = 0;
    if (F0 > 0) {
      const Tf = 1 / F0 / T;
      T0f = Math.round(Tf);
      T0minF = Math.floor((1 - searchRangeRel) * Tf);
      T0maxF = Math.ceil((1 + searchRangeRel) * Tf);
      const twoPeriods = minPeriods * T0maxF + minPeriods;
      if (toRead < twoPeriods) toRead = twoPeriods;
    }
    // At most the frame plus what the previous frame left unread. (openSMILE also re-synchronises
    // when lastIdx ≠ frame start − lastMis; that cannot happen here: lastIdx advances by exactly
    // the hop plus the change of lastMis.)
    if (toRead > lastMis + lenF) toRead = lastMis + lenF;
    const nT = Math.max(0, Math.min(toRead, N - lastIdx));

    let lastPeriod = 0;
    let logHnr = 0;
    let nPeriods = 0;
    let nLocal = 0;
    let nDDP = 0;
    let avgPeriod = 0;
    let jitterLocalSum = 0;
    let jitterDDPSum = 0;
    let avgAmp = 0;
    let avgAmpDiff = 0;

    if (F0 > 0) {
      if (nT + 1 > memory.capacity) {
        memory = new CorrelationMemory(2 * (nT + 1), memory.lagCapacity);
        periodStarts = new Int32Array(memory.capacity + 2);
      }
      if (T0maxF + 2 > memory.lagCapacity) {
        memory = new CorrelationMemory(memory.capacity, 2 * (T0maxF + 2));
        avgWave = new Float64Array(memory.lagCapacity);
      }
      const { read, prefix, prefixSq, cc } = memory;
      // The read in double precision too: the correlations' inner loop then converts nothing. The
      // running sums stay in locals, not re-read from the arrays (a serial chain either way).
      let sum = 0;
      let sumSq = 0;
      prefix[0] = 0;
      prefixSq[0] = 0;
      for (let i = 0; i < nT; i++) {
        const v = signal[lastIdx + i];
        read[i] = v;
        sum += v;
        sumSq += v * v;
        prefix[i + 1] = sum;
        prefixSq[i + 1] = sumSq;
      }
      avgWave.fill(0, 0, T0f + 1);
      let numPeriods = 0;
      let start = 0;
      let pp = 0;
      const nLags = T0maxF - T0minF + 1;
      while (start < nT - 2 * T0maxF - 1) {
        memory.correlate(start, T0minF, T0maxF);
        let maxI = -1;
        let max = 0;
        for (let i = 1; i < nLags - 2; i++) {
          if (cc[i - 1] < cc[i] && cc[i] > cc[i + 1] && (maxI === -1 || cc[i] > max)) {
            maxI = i;
            max = cc[i];
          }
        }
        pp = maxI === -1 ? T0f : T0minF + maxI;
        const os = start;
        if (maxI >= 0) {
          start += pp;
          const a0 = peakToPeak(signal, lastIdx + os, pp);
          const a1 = peakToPeak(signal, lastIdx + start, pp);
          const ampDiff = f32(Math.abs(a0 - a1));
          periodStarts[numPeriods++] = os;
          for (let i = 0; i < T0f; i++) avgWave[i] += at(os + i);
          parabolaVertex(maxI - 1, cc[maxI - 1], maxI, cc[maxI], maxI + 1, cc[maxI + 1], vertex);
          if (vertex.y > minCorrelation) {
            const period = f32(Math.abs(T0minF + vertex.x) * T);
            avgPeriod = f32(avgPeriod + period);
            nPeriods++;
            if (lastT0 > 0) {
              const diff = f32(Math.abs(lastT0 - period));
              jitterLocalSum = f32(jitterLocalSum + diff);
              nLocal++;
              if (lastDiff > 0) {
                jitterDDPSum = f32(jitterDDPSum + Math.abs(lastDiff - diff));
                nDDP++;
              }
              lastDiff = diff;
            }
            lastT0 = period;
            avgAmp = f32(avgAmp + f32(f32(a0 + a1) / 2));
            avgAmpDiff = f32(avgAmpDiff + ampDiff);
          }
        } else {
          start += T0f;
        }
        if (start < toRead0 - 1) lastPeriod = start;
      }
      periodStarts[numPeriods++] = start;

      // HNR: harmonic part = RMS of the average period (its edges skipped), noise part = RMS of each
      // period's deviation from it.
      let eh = 0;
      for (let i = 0; i < T0f && start + i < nT; i++) {
        avgWave[i] = (avgWave[i] + at(start + i)) / numPeriods;
        if (i > 2 && i < T0f - 2) eh += avgWave[i] * avgWave[i];
      }
      if (T0f - 4 > 0) eh /= T0f - 4;
      eh = Math.sqrt(eh);
      periodStarts[numPeriods] = pp > 0 ? start + pp : 0;
      let en = 0;
      let nEn = 0;
      for (let p = 0; p < numPeriods; p++) {
        const end = Math.min(periodStarts[p + 1], periodStarts[p] + T0f) - 2;
        let n = 2;
        for (let j = periodStarts[p] + 2; j < end; j++) {
          const delta = at(j) - avgWave[n++];
          en += delta * delta;
          nEn++;
        }
      }
      if (nEn > 0) en /= nEn;
      en = Math.sqrt(en);
      if (en > 0) {
        const hnr = eh / en;
        logHnr = hnr > 0 ? 20 * Math.log10(hnr) : floorDb;
      }
      lastMis = toRead0 - lastPeriod;
    } else {
      lastPeriod = toRead0;
      lastMis = 0;
      lastT0 = 0;
      lastDiff = 0;
      lastJitterLocal = 0;
      lastJitterDDP = 0;
      lastShimmer = 0;
      logHnr = floorDb;
    }
    lastIdx += lastPeriod;

    if (F0 > 0) {
      // A voiced frame without an accepted period repeats the previous values.
      if (nPeriods > 0 && nLocal > 0) lastJitterLocal = Math.min(1, jitterLocalSum / nLocal / (avgPeriod / nPeriods));
      out.jitterLocal[frame] = nPeriods === 0 || nLocal > 0 ? lastJitterLocal : 0;
      if (nPeriods > 0 && nDDP > 0) lastJitterDDP = Math.min(1, jitterDDPSum / nDDP / (avgPeriod / nPeriods));
      out.jitterDDP[frame] = nPeriods === 0 || nDDP > 0 ? lastJitterDDP : 0;
      if (nPeriods > 0) lastShimmer = avgAmp > 0 ? Math.min(1, avgAmpDiff / avgAmp) : 0;
      out.shimmerLocal[frame] = lastShimmer;
    }
    out.logHNR[frame] = logHnr < floorDb ? floorDb : logHnr;
  }
  return out;
}

/** Max − min of signal[s+1 .. s+L−2] (openSMILE skips the first and last sample of a period). */
function peakToPeak(signal: Float32Array, s: number, L: number): number {
  let max = signal[s + 1];
  let min = max;
  for (let i = 1; i < L - 1; i++) {
    const v = signal[s + i];
    if (v > max) max = v;
    if (v < min) min = v;
  }
  return f32(max - min);
}
