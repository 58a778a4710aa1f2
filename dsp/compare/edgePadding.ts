/**
 * x[t] of a contour padded at both ends by repeating its first and last frame, as openSMILE's
 * smoothing and delta windows see it. A module-level function rather than a closure per call: V8
 * specialises a hot loop on the function it calls, and a new closure each call would undo that.
 */
export function frameOrEdge(x: Float32Array, n: number, t: number): number {
  return x[t < 0 ? 0 : t >= n ? n - 1 : t];
}
