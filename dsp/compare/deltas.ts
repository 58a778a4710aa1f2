/**
 * The `_de` delta regression of ComParE_2016 (notes §4), float32 arithmetic in openSMILE's order,
 * edges padded by repeating the first or last frame.
 */

import wasmBase64 from '../../assembly/deltaRegression.wasm.js';
import { threadInstance } from './wasmInstance.js';

interface DeltaRegressionExports {
  deltaRegression(x: number, n: number, half: number, norm: number, y: number): void;
  deltaRegressionInSegments(x: number, fields: number, n: number, half: number, norm: number, y: number): void;
}

/**
 * One instance per thread (assembly/deltaRegression.ts), reused for every contour, its memory grown
 * for a longer one: the contours are copied in, the deltas out. As JavaScript the loops waited for
 * V8's optimising compiler.
 */
const deltaInstance = threadInstance<DeltaRegressionExports>(wasmBase64);

/** The instance's memory with room for `bytes` of contours in and as many of deltas out (at byte `bytes`). */
const deltaMemory = (bytes: number) => deltaInstance(2 * bytes);

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
  const { exports, buffer } = deltaMemory(x.byteLength);
  new Float32Array(buffer, 0, n).set(x);
  exports.deltaRegression(0, n, halfWindowFrames, deltaNormaliser(halfWindowFrames), x.byteLength);
  out.set(new Float32Array(buffer, x.byteLength, n));
  return out;
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
  const bytes = 4 * n * fields.length;
  const { exports, buffer } = deltaMemory(bytes);
  fields.forEach((x, f) => new Float32Array(buffer, 4 * n * f, n).set(x));
  exports.deltaRegressionInSegments(0, fields.length, n, halfWindowFrames, deltaNormaliser(halfWindowFrames), bytes);
  return fields.map((_, f) => new Float32Array(buffer.slice(bytes + 4 * n * f, bytes + 4 * n * (f + 1))));
}
