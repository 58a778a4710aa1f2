/**
 * The input layer's reconstruction cost, in blocks of columns. The input layer is 6,373 units wide, so
 * each of its combinator's and batch norm's passes over a [batch, 6373] tensor streams it from memory. All
 * of them work column by column (per-unit parameters, statistics over the batch), so the columns can be
 * taken a block at a time: onnxruntime runs a block's forward and backward passes one after the other
 * (it schedules depth-first from the outputs), while the block's tensors are still in cache.
 */
import type { Tensor } from '../onnx/graph.js';
import { add, meanFromSum, reduceSumSquare, split, sub } from '../onnx/ops.js';
import { amlpOfBatchNorm } from './amlp.js';

/** At batch 256, a block's [batch, columns] tensor is 1 MiB: a block's working set stays in the caches. */
export const BLOCK_COLUMNS = 1024;

/** Widths of the blocks that cover `width` columns, as even as possible, each at most `most`. */
export function blockWidths(width: number, most: number): number[] {
  const blocks = Math.ceil(width / most);
  return Array.from({ length: blocks }, (_, k) => Math.floor((width * (k + 1)) / blocks) - Math.floor((width * k) / blocks));
}

/**
 * mean((g(z~, BN(uPre)) - target)^2) over batch and columns, with g the AMLP combinator of `params`:
 * the same value as computed whole up to the order of the final sum, the same gradients.
 */
export function blockedReconstructionCost(uPre: Tensor, zTilde: Tensor, target: Tensor, params: Tensor, cells: number, slope: number, blockColumns = BLOCK_COLUMNS): Tensor {
  const widths = blockWidths(target.shape[1] as number, blockColumns);
  const blocks = (t: Tensor) => (widths.length > 1 ? split(t, widths, 1) : [t]);
  const [us, zs, ts, ps] = [blocks(uPre), blocks(zTilde), blocks(target), blocks(params)];
  const sums = widths.map((_, k) => reduceSumSquare(sub(amlpOfBatchNorm(zs[k], us[k], ps[k], cells, slope), ts[k]), [0, 1]));
  return meanFromSum(
    sums.reduce((a, b) => add(a, b)),
    target,
    [0, 1],
  );
}
