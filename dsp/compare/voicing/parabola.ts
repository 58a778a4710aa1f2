/** Vertex of a parabola, written by {@link parabolaVertex} into a caller-owned object (no allocation). */
export interface Vertex {
  x: number;
  y: number;
}

/**
 * Vertex of the parabola through three points (openSMILE's `smileMath_quadFrom3pts`, same formula so
 * rounding agrees). When the points are collinear it falls back to the largest of the three points.
 */
export function parabolaVertex(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, out: Vertex): Vertex {
  // The squares once each (the same products as x·x·…, so the same bits): small enough for V8 to
  // inline into the per-frame callers, which then pass no boxed doubles.
  const x1s = x1 * x1;
  const x2s = x2 * x2;
  const x3s = x3 * x3;
  const den = x1s * x2 + x2s * x3 + x3s * x1 - x3s * x2 - x2s * x1 - x1s * x3;
  if (den !== 0) {
    const a = (y1 * x2 + y2 * x3 + y3 * x1 - y3 * x2 - y2 * x1 - y1 * x3) / den;
    if (a !== 0) {
      const b = (x1s * y2 + x2s * y3 + x3s * y1 - x3s * y2 - x2s * y1 - x1s * y3) / den;
      const c = (x1s * x2 * y3 + x2s * x3 * y1 + x3s * x1 * y2 - x3s * x2 * y1 - x2s * x1 * y3 - x1s * x3 * y2) / den;
      const x = -b / (2 * a);
      out.x = x;
      out.y = c - a * x * x;
      return out;
    }
  }
  if (y1 > y2 && y1 > y3) {
    out.x = x1;
    out.y = y1;
  } else if (y2 > y1 && y2 > y3) {
    out.x = x2;
    out.y = y2;
  } else if (y3 > y1 && y3 > y2) {
    out.x = x3;
    out.y = y3;
  } else {
    out.x = x1;
    out.y = y1;
  }
  return out;
}
