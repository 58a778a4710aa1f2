/**
 * The vertex of the parabola through three points, openSMILE's smileMath_quadFrom3pts (the same
 * formula, so rounding agrees), for the modules that refine a peak (pitchCandidates.ts,
 * pitchJitter.ts). When the points are collinear it falls back to the largest of the three points.
 * (assembly/lib/ holds no modules of its own.)
 */

/** The vertex of the last parabolaVertex call. */
export let vertexX: f64 = 0;
export let vertexY: f64 = 0;

export function parabolaVertex(x1: f64, y1: f64, x2: f64, y2: f64, x3: f64, y3: f64): void {
  const x1s = x1 * x1;
  const x2s = x2 * x2;
  const x3s = x3 * x3;
  const den = x1s * x2 + x2s * x3 + x3s * x1 - x3s * x2 - x2s * x1 - x1s * x3;
  if (den != 0) {
    const a = (y1 * x2 + y2 * x3 + y3 * x1 - y3 * x2 - y2 * x1 - y1 * x3) / den;
    if (a != 0) {
      const b = (x1s * y2 + x2s * y3 + x3s * y1 - x3s * y2 - x2s * y1 - x1s * y3) / den;
      const c = (x1s * x2 * y3 + x2s * x3 * y1 + x3s * x1 * y2 - x3s * x2 * y1 - x2s * x1 * y3 - x1s * x3 * y2) / den;
      const x = -b / (2 * a);
      vertexX = x;
      vertexY = c - a * x * x;
      return;
    }
  }
  if (y1 > y2 && y1 > y3) {
    vertexX = x1;
    vertexY = y1;
  } else if (y2 > y1 && y2 > y3) {
    vertexX = x2;
    vertexY = y2;
  } else if (y3 > y1 && y3 > y2) {
    vertexX = x3;
    vertexY = y3;
  } else {
    vertexX = x1;
    vertexY = y1;
  }
}
