/**
 * Segment-length functionals (notes §5, §6), two of openSMILE's segmentation algorithms:
 * `relTh` (blocks A and B) and `nonX` (the F0 block). Lengths are reported in seconds.
 */

import type { ContourStats } from './contourStats.js';
import { crossingsLoop } from './functionalLoops.js';

const f32 = Math.fround;

export const SEGMENTS_NAMES = ['meanSegLen', 'maxSegLen', 'minSegLen', 'segLenStddev'] as const;
export type Segments = Record<(typeof SEGMENTS_NAMES)[number], number>;

/** Collects segment lengths up to a cap, as openSMILE's fixed segment buffer does. */
class SegmentLengths {
  readonly lengths: Int32Array;
  count = 0;
  constructor(maxSegments: number) {
    this.lengths = new Int32Array(maxSegments);
  }
  /** Records a segment from `start` to `end` (length end − start) and returns `end`. */
  add(end: number, start: number): number {
    if (this.count < this.lengths.length) this.lengths[this.count++] = end - start;
    return end;
  }
}

/** Mean, max, min and population std of the lengths (frames), scaled by the frame period in float32. */
function summarise(segments: SegmentLengths, framePeriodS: number): Segments {
  const { lengths, count } = segments;
  let total = 0;
  let longest = 0;
  let shortest = 0;
  for (let i = 0; i < count; i++) {
    const len = lengths[i];
    total += len;
    if (len > longest) longest = len;
    if (shortest === 0 || len < shortest) shortest = len;
  }
  const mean = count > 1 ? f32(f32(total) / f32(count)) : f32(total);
  let deviation = 0;
  for (let i = 0; i < count; i++) deviation = f32(deviation + f32(f32(lengths[i] - mean) * f32(lengths[i] - mean)));
  deviation = count > 1 ? f32(Math.sqrt(f32(deviation / count))) : 0;
  const period = f32(framePeriodS);
  return {
    meanSegLen: f32(mean * period),
    maxSegLen: f32(f32(longest) * period),
    minSegLen: f32(f32(shortest) * period),
    segLenStddev: f32(deviation * period),
  };
}

/**
 * `relTh` segmentation: a boundary wherever the causal 3-frame running mean crosses
 * min + θ·range for a θ in `relativeThresholds`, at least segMinLng = max(2, ⌊N/maxSegments⌋ − 1)
 * frames after the previous boundary. No closing segment at the end.
 */
export function relativeThresholdSegments(
  x: Float32Array,
  stats: ContourStats,
  framePeriodS: number,
  relativeThresholds: readonly number[] = [0.25, 0.75],
  maxSegments = 100,
): Segments {
  const segments = new SegmentLengths(maxSegments);
  if (x.length === 0) return summarise(segments, framePeriodS);
  const range = f32(stats.max - stats.min);
  const thresholds = Float64Array.from(relativeThresholds, (t) => f32(stats.min + f32(range * f32(t))));
  segments.count = crossingsLoop(x, thresholds, Math.max(2, Math.trunc(x.length / maxSegments) - 1), segments.lengths);
  return summarise(segments, framePeriodS);
}

/**
 * `nonX` segmentation (openSMILE's current, non-legacy state machine): segments are runs of values
 * ≠ X that become valid after `segMinFrames` such frames, closed by `pauseMinFrames` frames equal
 * to X; a segment open at the end is closed. openSMILE measures each segment from its first frame
 * to the frame before the closing pause started minus one (i.e. one frame short), kept for parity.
 */
export function nonXSegments(x: Float32Array, framePeriodS: number, value = 0, segMinFrames = 3, pauseMinFrames = 2, maxSegments = 100): Segments {
  const segments = new SegmentLengths(maxSegments);
  const PAUSE = 0;
  const CANDIDATE = 1;
  const SEGMENT = 2;
  let state = PAUSE;
  let segStartIndex = 0;
  let startCount = 0;
  let endCount = 0;
  let i = 0;
  for (; i < x.length; i++) {
    if (x[i] !== value) {
      if (state === CANDIDATE) {
        endCount = 0;
        startCount++;
        if (startCount >= segMinFrames) {
          startCount = 0;
          state = SEGMENT;
        }
      } else if (state === PAUSE) {
        startCount++;
        segStartIndex = i;
        state = CANDIDATE;
      } else {
        endCount = 0;
      }
    } else if (state === SEGMENT) {
      startCount = 0;
      endCount++;
      if (endCount >= pauseMinFrames) {
        state = PAUSE;
        segments.add(i - endCount, segStartIndex);
        endCount = 0;
      }
    } else if (state === CANDIDATE) {
      endCount++;
      if (endCount >= pauseMinFrames) {
        state = PAUSE;
        endCount = 0;
        startCount = 0;
      }
    }
  }
  if (state === SEGMENT) {
    endCount++;
    segments.add(i - endCount, segStartIndex);
  }
  return summarise(segments, framePeriodS);
}
