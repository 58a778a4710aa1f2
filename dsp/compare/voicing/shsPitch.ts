/**
 * Subharmonic summation (SHS) pitch candidates from an octave-scale spectrum, as openSMILE's
 * cPitchShs with cPitchBase's range filter computes them (notes §3.1 steps 4–6): its settings and
 * the harmonics' table. The per-frame work runs as WebAssembly (`shsCandidates` in
 * assembly/pitchCandidates.ts, driven by pitchCandidates.ts):
 * - SS[j] = (X[j] + Σ_h w_h·X[j + shift_h]) / H, accumulated harmonic by harmonic and rounded to
 *   float32 after each addition as openSMILE does, so peak ties resolve the same way (the float32
 *   product itself is exact in double precision; openSMILE rounds it once more, which changes the sum
 *   only in rare last-bit cases);
 * - greedy peak picking: every local maximum of SS enters a list of `candidateCount` sorted by height;
 * - parabolic refinement on the log2 axis (openSMILE's smileMath_quadFrom3pts, as in parabola.ts),
 *   back to Hz, the candidates inside [minPitchHz, maxPitchHz] kept in order, the best refined score
 *   swapped into slot 0.
 */

export interface ShsOptions {
  /** Harmonics summed, including the fundamental (`nHarmonics`, default 15). */
  harmonicCount?: number;
  /** Weight ratio between successive harmonics (`compressionFactor`, default 0.85). */
  compressionFactor?: number;
  /** Candidates kept (`nCandidates`, default 6). */
  candidateCount?: number;
  /** Accepted candidate range in Hz (`minPitch` 52, `maxPitch` 620). */
  minPitchHz?: number;
  maxPitchHz?: number;
}

/** Per-frame candidates, owned by their finder and overwritten by each frame. */
export interface PitchCandidates {
  /** Candidate F0 in Hz, 0 for an empty slot; slot 0 holds the highest score. */
  f0Hz: Float32Array;
  /** Voicing 1 − mean(SS)/score, or 0 when the peak is not above the mean. */
  voicing: Float32Array;
  /** Interpolated SHS peak value. */
  score: Float32Array;
  /** Number of candidates inside the range. */
  count: number;
}

const f32 = Math.fround;

/**
 * Harmonic h (2..harmonicCount) sits log2(h) octaves above the fundamental, floor(P·log2 h) points
 * for P points per octave; its weight is compression^(h−1), accumulated in float32 as openSMILE does.
 * Indexed by h (slots 0 and 1 unused).
 */
export function shsHarmonics(harmonicCount: number, compressionFactor: number, pointsPerOctave: number): { shifts: Int32Array; weights: Float32Array } {
  const compression = f32(compressionFactor);
  const shifts = new Int32Array(harmonicCount + 1);
  const weights = new Float32Array(harmonicCount + 1);
  let scale = compression;
  for (let h = 2; h <= harmonicCount; h++) {
    shifts[h] = Math.floor(pointsPerOctave * (Math.log(h) / Math.LN2));
    weights[h] = scale;
    scale = f32(scale * compression);
  }
  return { shifts, weights };
}
