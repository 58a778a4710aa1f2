/**
 * The `_de` delta regression of ComParE_2016 (notes §4), float32 arithmetic in openSMILE's order,
 * edges padded by repeating the first or last frame.
 */

import { frameOrEdge } from './edgePadding.js';

const f32 = Math.fround;

/** Σ_{w=1..W} 2·w², the textbook regression normaliser (10 for W = 2). */
export function deltaNormaliser(halfWindowFrames: number): number {
  let norm = 0;
  for (let w = 1; w <= halfWindowFrames; w++) norm += w * w;
  return 2 * norm;
}

/**
 * Regression delta d_t = Σ_{w=1..W} w·(x_{t+w} − x_{t−w}) / (2·Σw²).
 * @param halfWindowFrames W, openSMILE's `deltawin` (default 2)
 * @param out where to write, x.length values (default a new array)
 */
export function deltaRegression(x: Float32Array, halfWindowFrames = 2, out: Float32Array = new Float32Array(x.length)): Float32Array {
  const n = x.length;
  const y = out;
  const norm = deltaNormaliser(halfWindowFrames);
  for (let t = 0; t < n; t++) {
    let num = 0;
    for (let w = 1; w <= halfWindowFrames; w++) num = f32(num + f32(w * f32(frameOrEdge(x, n, t + w) - frameOrEdge(x, n, t - w))));
    y[t] = num / norm;
  }
  return y;
}

/**
 * The voicing group's delta (`onlyInSegments=1`, `zeroSegBound=1`): a pair (x_{t−w}, x_{t+w}) that
 * contains a 0 is skipped. openSMILE keeps the normaliser in a member that starts at 2·Σw² and grows
 * by w² for every valid pair, frame by frame and, within a frame, field by field, never reset; the
 * deltas therefore shrink along the file. Reproduced on purpose for parity (notes §4).
 * @param fields the contours of one group in output order, all of the same length
 * @returns one delta contour per field
 */
export function deltaRegressionInSegments(fields: readonly Float32Array[], halfWindowFrames = 2): Float32Array[] {
  const n = fields.length === 0 ? 0 : fields[0].length;
  for (const x of fields) if (x.length !== n) throw new Error('deltaRegressionInSegments: fields differ in length');
  const out = fields.map(() => new Float32Array(n));
  let norm = deltaNormaliser(halfWindowFrames);
  for (let t = 0; t < n; t++) {
    for (let f = 0; f < fields.length; f++) {
      const x = fields[f];
      let num = 0;
      for (let w = 1; w <= halfWindowFrames; w++) {
        const before = x[t - w < 0 ? 0 : t - w];
        const after = x[t + w >= n ? n - 1 : t + w];
        if (before === 0 || after === 0 || Number.isNaN(before) || Number.isNaN(after)) continue;
        num = f32(num + f32(w * f32(after - before)));
        norm = f32(norm + w * w);
      }
      out[f][t] = norm !== 0 ? num / norm : 0;
    }
  }
  return out;
}
